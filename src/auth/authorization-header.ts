/**
 * Reads the `Authorization` request header into the credentials it carries. Basic follows
 * RFC 7617 to the letter: the scheme name is case-insensitive (RFC 7235 section 2.1), the
 * token68 must be strict base64 (RFC 4648 section 4, padded), the decoded bytes must be UTF-8,
 * only the first colon separates the user-id from the password, and neither may hold a control
 * character. API keys come as `Bearer` (RFC 6750 section 2.1) or `Token`.
 */
export type Credentials =
  { scheme: 'basic'; user: string; password: string } | { scheme: 'token'; token: string };

/** A header that names a known scheme but breaks its syntax, or names an unknown scheme. */
export class MalformedCredentials extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MalformedCredentials';
  }
}

// RFC 7235: credentials = auth-scheme [ 1*SP ( token68 / ... ) ]
const CREDENTIALS = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +(.*))?$/s;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
// RFC 7617 section 2: the user-id and password must not contain control characters.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The credentials in the header, null when there is none; throws MalformedCredentials. */
export function readAuthorization(header: string | undefined): Credentials | null {
  if (header === undefined || header === '') return null;

  const match = CREDENTIALS.exec(header.trim());
  if (!match) {
    throw new MalformedCredentials('the Authorization header is not "<scheme> <credentials>"');
  }
  const scheme = match[1]!.toLowerCase();
  const value = match[2] ?? '';

  if (scheme === 'basic') return readBasic(value);
  if (scheme === 'bearer' || scheme === 'token') {
    if (!TOKEN68.test(value)) throw new MalformedCredentials(`the ${match[1]} token is malformed`);
    return { scheme: 'token', token: value };
  }
  throw new MalformedCredentials(`the authentication scheme "${match[1]}" is not supported`);
}

function readBasic(token68: string): Credentials {
  if (token68 === '' || !BASE64.test(token68)) {
    throw new MalformedCredentials('the Basic credentials are not valid base64');
  }

  let decoded: string;
  try {
    decoded = UTF8.decode(Buffer.from(token68, 'base64'));
  } catch {
    throw new MalformedCredentials('the Basic credentials are not UTF-8');
  }

  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new MalformedCredentials('the Basic credentials have no ":" after the user-id');
  }
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (CONTROL.test(user) || CONTROL.test(password)) {
    throw new MalformedCredentials('the Basic credentials contain a control character');
  }
  // RFC 7617 section 2.1 with charset UTF-8: compare in Unicode Normalization Form C.
  return { scheme: 'basic', user: user.normalize('NFC'), password: password.normalize('NFC') };
}
