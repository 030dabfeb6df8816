/**
 * IPv4 and IPv6 addresses and prefixes, checked by hand so every accepted text has exactly one
 * canonical spelling (the store's unique key is type plus value).
 */

/** A value that passed a check, or the reason it did not. */
export type Checked = { ok: true; value: string } | { ok: false; reason: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Checks a dotted-quad IPv4 address; leading zeros are refused, not guessed at. */
export function checkIPv4(text: string): Checked {
  const m = IPV4.exec(text);
  if (!m) return { ok: false, reason: 'not a dotted-quad IPv4 address' };

  const octets = m.slice(1) as string[];
  for (const octet of octets) {
    // inet_aton reads 010 as octal 8 while others read decimal 10: refuse rather than guess.
    if (octet.length > 1 && octet.startsWith('0')) {
      return { ok: false, reason: `IPv4 octet "${octet}" has a leading zero (ambiguous: octal?)` };
    }
    if (Number(octet) > 255) return { ok: false, reason: `IPv4 octet ${octet} is above 255` };
  }
  return { ok: true, value: text };
}

/**
 * Checks an IPv6 address in any RFC 4291 section 2.2 form and returns its RFC 5952 form:
 * lower case, no leading zeros, the longest run of two or more zero groups as `::`, and
 * IPv4-mapped addresses (`::ffff:0:0/96`) with a dotted tail as RFC 5952 section 5 recommends.
 */
export function checkIPv6(text: string): Checked {
  if (text.includes('%')) return { ok: false, reason: 'IPv6 zone indexes are not indicators' };

  const groups = ipv6Groups(text);
  if (typeof groups === 'string') return { ok: false, reason: groups };
  return { ok: true, value: formatIPv6(groups) };
}

/** Checks `address/length`; the address is canonicalized, host bits are kept as written. */
export function checkCidr(text: string):
  | { ok: true; value: string; v6: boolean }
  | {
      ok: false;
      reason: string;
    } {
  const slash = text.indexOf('/');
  const address = text.slice(0, slash);
  const length = text.slice(slash + 1);
  const v6 = address.includes(':');
  const max = v6 ? 128 : 32;

  if (!/^(0|[1-9]\d{0,2})$/.test(length) || Number(length) > max) {
    return { ok: false, reason: `prefix length "${length}" is not 0 to ${max}` };
  }
  const checked = v6 ? checkIPv6(address) : checkIPv4(address);
  if (!checked.ok) return checked;
  return { ok: true, value: `${checked.value}/${length}`, v6 };
}

function ipv6Groups(text: string): number[] | string {
  let rest = text;
  const tail: number[] = [];

  // Section 2.2 form 3: the low 32 bits may be written as a dotted quad.
  if (rest.includes('.')) {
    const colon = rest.lastIndexOf(':');
    const v4 = checkIPv4(rest.slice(colon + 1));
    if (colon < 0 || !v4.ok) return 'the dotted tail of an IPv6 address is not IPv4';
    const [a = 0, b = 0, c = 0, d = 0] = v4.value.split('.').map(Number);
    tail.push(a * 256 + b, c * 256 + d);
    rest = rest.slice(0, colon + 1);
    // "::1.2.3.4" leaves "::" and "1::1.2.3.4" leaves "1::"; a lone trailing ":" needs a group.
    if (!rest.endsWith('::')) rest = rest.slice(0, -1);
  }

  const halves = rest.split('::');
  if (halves.length > 2) return 'an IPv6 address may hold "::" only once';
  const head = parseGroups(halves[0] ?? '');
  const after = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || after === null) return 'not an IPv6 address';

  const written = head.length + after.length + tail.length;
  if (halves.length === 1) return written === 8 ? [...head, ...tail] : 'not 8 IPv6 groups';
  if (written > 7) return 'too many IPv6 groups around "::"';
  return [...head, ...new Array<number>(8 - written).fill(0), ...after, ...tail];
}

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  if (!parts.every((p) => HEX_GROUP.test(p))) return null;
  return parts.map((p) => parseInt(p, 16));
}

function formatIPv6(groups: number[]): string {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }

  // RFC 5952 section 4.2: compress the longest zero run (the first on a tie), never one group.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }

  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}
