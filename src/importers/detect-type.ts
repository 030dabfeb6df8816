/**
 * Type detection: which XSOAR indicator type a bare value is, and its canonical spelling.
 * Every refusal carries a reason, because it becomes a rejection the user reads.
 */
import { checkDomain } from './domain-name.js';
import { checkCidr, checkIPv4, checkIPv6 } from './ip-address.js';
import { refang } from './refang.js';
import { checkHostPort, checkUrl, hasScheme } from './url-value.js';

/** A typed value; `port` is set when the value was written as `address:port`. */
export interface Detected {
  type: string;
  value: string;
  port?: number;
}

export type Classified = ({ ok: true } & Detected) | { ok: false; reason: string };

const HASH_TYPES: Record<number, string> = {
  32: 'MD5',
  40: 'SHA-1',
  64: 'SHA-256',
  128: 'SHA-512',
};
const HEX = /^[0-9a-f]+$/i;
const LOOKS_IPV4 = /^\d+(\.\d+){2,}$/;
const LOOKS_IPV6 = /^[0-9a-f:.]+(%[\w.-]+)?$/i;
const LOOKS_CIDR = /^(\d+(\.\d+){3}|[0-9a-f]*:[0-9a-f:.]*)\/\d+$/i;
const HOST_PORT = /^([^:]+|\[[^\]]*\]):(\d{1,5})$/;
// Tools that print `host:port` from a record without a port write Python's None, null, ...
const NO_PORT = /^([^:/[\]]+|\[[^\]]*\]):(?:none|null|nan|n\/a|-)?$/i;
const EMAIL = /^([^@]+)@([^@]+)$/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** Detects the type of a value after refanging it; null when it is no indicator we know. */
export function detectIndicatorType(raw: string): { type: string; value: string } | null {
  const found = classifyValue(refang(raw.trim()));
  return found.ok ? { type: found.type, value: found.value } : null;
}

/** Detects the type of an already refanged, trimmed value, or says why it has none. */
export function classifyValue(text: string): Classified {
  if (text === '') return { ok: false, reason: 'empty value' };
  if (/\s/.test(text)) return { ok: false, reason: 'a value may not contain whitespace' };

  if (hasScheme(text)) return typed('URL', checkUrl(text));
  if (text.includes('@') && !text.includes('/')) return typed('Email', checkEmail(text));
  if (LOOKS_IPV4.test(text)) return typed('IP', checkIPv4(text));
  if (text.includes(':') && !text.includes('/') && isIPv6Like(text)) {
    return typed('IPv6', checkIPv6(text.replace(/^\[(.*)\]$/, '$1')));
  }
  if (LOOKS_CIDR.test(text)) return classifyCidr(text);
  if (HEX.test(text) && text.length >= 16) return classifyHash(text);

  const noPort = NO_PORT.exec(text);
  if (noPort) return classifyValue(noPort[1] ?? '');
  const hostPort = HOST_PORT.exec(text);
  if (hostPort) return classifyHostPort(hostPort[1] ?? '', Number(hostPort[2]));
  if (text.startsWith('/')) return { ok: false, reason: 'a path without a host is no indicator' };
  if (text.includes('/')) return typed('URL', checkUrl(`http://${text}`));

  const domain = checkDomain(text);
  if (domain.ok) return { ok: true, type: 'Domain', value: domain.value };
  return { ok: false, reason: `not an IP, CIDR, domain, URL, e-mail or hash (${domain.reason})` };
}

function typed(type: string, checked: { ok: true; value: string } | { ok: false; reason: string }) {
  return checked.ok ? { ok: true as const, type, value: checked.value } : checked;
}

function isIPv6Like(text: string): boolean {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  return LOOKS_IPV6.test(bare) && (bare.match(/:/g)?.length ?? 0) >= 2;
}

function classifyCidr(text: string): Classified {
  const cidr = checkCidr(text);
  if (!cidr.ok) return cidr;
  return { ok: true, type: cidr.v6 ? 'IPv6CIDR' : 'CIDR', value: cidr.value };
}

function classifyHash(text: string): Classified {
  if (!HASH_TYPES[text.length]) {
    const reason =
      `a hex string of ${text.length} characters is not an MD5, SHA-1, SHA-256 ` +
      'or SHA-512 hash';
    return { ok: false, reason };
  }
  return { ok: true, type: 'File', value: text.toLowerCase() };
}

// `address:port` and `name:port` keep the port beside the indicator, not in its value.
function classifyHostPort(host: string, port: number): Classified {
  if (port < 1 || port > 65535) return { ok: false, reason: `port ${port} is not 1 to 65535` };

  const checked = checkHostPort(host);
  if (!checked.ok) return checked;
  if (host.startsWith('[')) {
    return { ok: true, type: 'IPv6', value: checked.value.slice(1, -1), port };
  }
  const type = LOOKS_IPV4.test(host) ? 'IP' : 'Domain';
  return { ok: true, type, value: checked.value, port };
}

function checkEmail(text: string): { ok: true; value: string } | { ok: false; reason: string } {
  const m = EMAIL.exec(text);
  if (!m) return { ok: false, reason: 'an e-mail address holds exactly one "@"' };
  const [, local = '', domain = ''] = m;

  if (local.length > 64 || !DOT_ATOM.test(local)) {
    return { ok: false, reason: `e-mail local part "${local}" is not a plain RFC 5322 dot-atom` };
  }
  const host = checkDomain(domain);
  if (!host.ok) return { ok: false, reason: `e-mail domain: ${host.reason}` };
  // The local part is case-sensitive by RFC 5321; only the domain is folded.
  return { ok: true, value: `${local}@${host.value}` };
}

/** The hash algorithm a File value's length implies, for messages and custom fields. */
export function hashKind(value: string): string | null {
  return HEX.test(value) ? (HASH_TYPES[value.length] ?? null) : null;
}
