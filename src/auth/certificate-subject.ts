/**
 * Client certificate subjects as configuration names them, e.g. `CN=alice,O=Partner Org`
 * (RFC 4514, the form `openssl x509 -noout -subject -nameopt RFC2253` prints). Attribute order
 * does not matter; attribute types compare case-insensitively, values exactly. A subject maps
 * to a user only when every attribute is equal: no attribute may be missing or extra.
 */
export type SubjectAttributes = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Canonical text of a configured subject; throws an Error saying what is malformed. */
export function canonicalSubjectText(text: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of splitUnescaped(text)) {
    const eq = part.indexOf('=');
    const type = part.slice(0, eq).trim();
    if (eq <= 0 || !/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)+$/.test(type)) {
      throw new Error(`"${part.trim()}" is not TYPE=value`);
    }
    pairs.push([type, unescape(part.slice(eq + 1).trim())]);
  }
  if (pairs.length === 0) throw new Error('is empty');
  return canonical(pairs);
}

/** Canonical text of a peer certificate's subject, as node's TLS socket reports it. */
export function canonicalSubject(subject: SubjectAttributes): string {
  const pairs: Array<[string, string]> = [];
  for (const [type, value] of Object.entries(subject)) {
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) pairs.push([type, v]);
  }
  return canonical(pairs);
}

function canonical(pairs: Array<[string, string]>): string {
  return pairs
    .map(([type, value]) => JSON.stringify([type.toUpperCase(), value]))
    .sort()
    .join(',');
}

// RFC 4514: RDNs are separated by `,` (or `+` within a multi-valued RDN); `\` escapes.
function splitUnescaped(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === ',' || ch === '+') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

function unescape(value: string): string {
  const bytes = /(?:\\[0-9A-Fa-f]{2})+/g;
  const hex = value.replace(bytes, (run) =>
    Buffer.from(run.replace(/\\/g, ''), 'hex').toString('utf8'),
  );
  return hex.replace(/\\(.)/g, '$1');
}
