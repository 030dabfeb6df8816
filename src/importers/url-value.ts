/**
 * URLs: the scheme and host are canonicalized (lower case, IPv6 in RFC 5952 form); the path,
 * query and fragment stay byte for byte as written, because feeds match them literally.
 */
import { checkDomain } from './domain-name.js';
import { checkIPv4, checkIPv6, type Checked } from './ip-address.js';

const WITH_SCHEME = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([/?#].*)?$/is;
const LOOKS_IPV4 = /^[\d.]+$/;

/** True when the text starts with `scheme://`. */
export function hasScheme(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** Checks a URL with a scheme and returns it with canonical scheme and host. */
export function checkUrl(text: string): Checked {
  const m = WITH_SCHEME.exec(text);
  if (!m) return { ok: false, reason: 'not a URL' };
  const [, scheme = '', authority = '', rest = ''] = m;

  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const host = checkHostPort(authority.slice(at + 1));
  if (!host.ok) return { ok: false, reason: `URL host: ${host.reason}` };
  return { ok: true, value: `${scheme.toLowerCase()}://${userinfo}${host.value}${rest}` };
}

/**
 * Checks `host`, `host:port`, `[ipv6]` or `[ipv6]:port` and returns it canonicalized; the
 * host is an IPv4 address, a bracketed IPv6 address or a domain name.
 */
export function checkHostPort(text: string): Checked {
  if (text === '') return { ok: false, reason: 'no host' };

  let host = text;
  let port = '';
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = text.slice(0, close + 1);
    port = text.slice(close + 1);
  } else if (text.includes(':')) {
    const colon = text.lastIndexOf(':');
    [host, port] = [text.slice(0, colon), text.slice(colon)];
  }
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return { ok: false, reason: `bad port "${port}"` };
  if (port !== '' && Number(port.slice(1)) > 65535) {
    return { ok: false, reason: `port ${port.slice(1)} is above 65535` };
  }

  const checked = checkHost(host);
  return checked.ok ? { ok: true, value: checked.value + port } : checked;
}

function checkHost(host: string): Checked {
  if (host.startsWith('[') && host.endsWith(']')) {
    const v6 = checkIPv6(host.slice(1, -1));
    return v6.ok ? { ok: true, value: `[${v6.value}]` } : v6;
  }
  if (LOOKS_IPV4.test(host)) return checkIPv4(host);
  return checkDomain(host);
}
