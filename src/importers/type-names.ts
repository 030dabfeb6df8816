/**
 * Type names as sources write them (`IPV4:PORT`, `sha256`, `domain-name`, `File SHA-256`),
 * mapped to XSOAR's indicator type names.
 */
import { INDICATOR_TYPES } from '../indicators/indicator.js';

const BY_FOLDED = new Map<string, string>(INDICATOR_TYPES.map((t) => [fold(t), t]));

// Older XSOAR versions had one type per hash algorithm; today all hashes are one File type.
const LEGACY_XSOAR: Record<string, string> = {
  filemd5: 'File',
  filesha1: 'File',
  filesha256: 'File',
  filesha512: 'File',
};

// Labels that name a type in a column header. "file" and "host" are missing on purpose: as
// headers they usually hold file names and machine names, not indicators.
const HEADER_LABELS: Record<string, string> = {
  md5: 'File',
  sha1: 'File',
  sha256: 'File',
  sha512: 'File',
  hash: 'File',
  filehash: 'File',
  ip: 'IP',
  ipv4: 'IP',
  ipaddress: 'IP',
  ipv4address: 'IP',
  ipv6: 'IPv6',
  ipv6address: 'IPv6',
  cidr: 'CIDR',
  domain: 'Domain',
  domainname: 'Domain',
  hostname: 'Domain',
  fqdn: 'Domain',
  url: 'URL',
  uri: 'URL',
  email: 'Email',
  emailaddress: 'Email',
};

// Labels a type cell may hold beyond the header labels: STIX names, `:port` forms, and so on.
const CELL_LABELS: Record<string, string> = {
  ...HEADER_LABELS,
  ipv4addr: 'IP',
  ipport: 'IP',
  ipv4port: 'IP',
  ipv6addr: 'IPv6',
  ipv4cidr: 'CIDR',
  ipv6cidr: 'IPv6CIDR',
  netblock: 'CIDR',
  subnet: 'CIDR',
  host: 'Domain',
  domainport: 'Domain',
  hostport: 'Domain',
  link: 'URL',
  emailaddr: 'Email',
  mail: 'Email',
  file: 'File',
};

/** XSOAR's spelling of a type from an XSOAR export; unknown custom types are kept as written. */
export function xsoarTypeName(label: string): string {
  const folded = fold(label);
  return BY_FOLDED.get(folded) ?? LEGACY_XSOAR[folded] ?? label.trim();
}

/** The XSOAR type a free-text type cell means, or null when it names none. */
export function typeFromLabel(label: string): string | null {
  const folded = fold(label);
  return BY_FOLDED.get(folded) ?? LEGACY_XSOAR[folded] ?? CELL_LABELS[folded] ?? null;
}

/** The XSOAR type a column header names (`SHA256`, `IP Address`, `Domain`), or null. */
export function typeFromHeader(header: string): string | null {
  return HEADER_LABELS[fold(header)] ?? null;
}

/** Lower case without spaces, hyphens, underscores or colons: `IPV4:PORT` → `ipv4port`. */
export function fold(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[\s_:\-./]+/g, '');
}
