/**
 * Checks and light normalization of network observable values (addresses, names, URLs, AS
 * numbers): each returns the value a STIX object can hold, or null when it cannot hold it.
 */
import { isIPv6 } from 'node:net';

import { fullFormats, type FormatName } from 'ajv-formats/dist/formats.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const PREFIX = /^(?:0|[1-9]\d{0,2})$/;

/**
 * An IPv4 address or CIDR block in dotted-quad form. Octets with leading zeros are refused:
 * some parsers read them as octal, so their meaning is not certain.
 */
export function ipv4Value(raw: string): string | null {
  const value = raw.trim();
  const [address = '', prefix, extra] = value.split('/');
  if (extra !== undefined || !IPV4.test(address)) return null;
  if (prefix !== undefined && !(PREFIX.test(prefix) && Number(prefix) <= 32)) return null;
  return value;
}

/**
 * An IPv6 address or CIDR block, hex digits in lower case so that one address in two cases
 * gets one id. Zone indexes (`%eth0`) name an interface on one host and are refused.
 */
export function ipv6Value(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  const [address = '', prefix, extra] = value.split('/');
  if (extra !== undefined || address.includes('%') || !isIPv6(address)) return null;
  if (prefix !== undefined && !(PREFIX.test(prefix) && Number(prefix) <= 128)) return null;

  const hex = withoutDottedQuad(address);
  return prefix === undefined ? hex : `${hex}/${prefix}`;
}

// An embedded IPv4 tail (`::ffff:192.0.2.1`) is rewritten as its two hex groups
// (`::ffff:c000:201`): the same address, in the form the official STIX schemas accept.
function withoutDottedQuad(address: string): string {
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (!m) return address;
  const [a, b, c, d] = m.slice(2).map(Number) as [number, number, number, number];
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

// A DNS label: letters, digits, hyphens not at either end, underscores (used by SRV and
// DKIM names) and any non-ASCII character, so that internationalized names pass unconverted.
const LABEL_CHAR = '[A-Za-z0-9_\\u0080-\\uffff]';
const LABEL = new RegExp(`^(?=.{1,63}$)${LABEL_CHAR}(?:(?:${LABEL_CHAR}|-)*${LABEL_CHAR})?$`, 'u');

/** A domain name; one trailing dot (the fully qualified form) is dropped. */
export function domainValue(raw: string): string | null {
  const value = raw.trim().replace(/\.$/, '');
  if (value.length === 0 || value.length > 253) return null;
  return value.split('.').every((label) => LABEL.test(label)) ? value : null;
}

/**
 * A domain glob (`*.example.com`) as a LIKE pattern (`%.example.com`), or null when the
 * glob, with its wildcards filled in, would not be a domain name.
 *
 * Limitation: STIX defines no escape for LIKE, so a literal `_` in a glob also matches any
 * one character.
 */
export function domainGlobLike(raw: string): string | null {
  const glob = raw.trim().replace(/\.$/, '');
  if (!/[*?]/.test(glob) || domainValue(glob.replace(/[*?]/g, 'a')) === null) return null;
  return glob.replace(/\*+/g, '%').replace(/\?/g, '_');
}

/** A URL: it must be an absolute URI per RFC 3986, as the url object requires. */
export function urlValue(raw: string): string | null {
  const value = raw.trim();
  return matchesFormat('uri', value) ? value : null;
}

/** An e-mail address, held to the same rule as the `email` format of JSON Schema. */
export function emailValue(raw: string): string | null {
  const value = raw.trim();
  return matchesFormat('email', value) ? value : null;
}

const ASN = /^(?:AS)?\s*(0|[1-9]\d{0,9})$/i;

/** An autonomous system number, from `AS15169` or `15169`; AS numbers are 32-bit. */
export function asnValue(raw: string): number | null {
  const m = ASN.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 0xffffffff ? n : null;
}

// The same checks the schemas' `format` keywords run, so a value accepted here is not then
// refused by validation.
function matchesFormat(name: FormatName, value: string): boolean {
  const format: unknown = fullFormats[name];
  if (format instanceof RegExp) return format.test(value);
  if (typeof format === 'function') return (format as (text: string) => unknown)(value) === true;
  return false;
}
