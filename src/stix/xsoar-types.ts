/**
 * Which STIX object each XSOAR indicator type becomes: observables map to an SCO type (and
 * are published as an indicator SDO, the SCO, or both); the rest map to their own SDO type.
 */

/** XSOAR observable types and the SCO type each describes. */
export const OBSERVABLE_TYPES: Readonly<Record<string, string>> = {
  IP: 'ipv4-addr',
  CIDR: 'ipv4-addr',
  IPv6: 'ipv6-addr',
  IPv6CIDR: 'ipv6-addr',
  Domain: 'domain-name',
  DomainGlob: 'domain-name',
  URL: 'url',
  Email: 'email-addr',
  File: 'file',
  'Registry Key': 'windows-registry-key',
  ASN: 'autonomous-system',
  Mutex: 'mutex',
  Account: 'user-account',
  Software: 'software',
  'X509 Certificate': 'x509-certificate',
};

/** XSOAR threat-intelligence types and the SDO type each becomes. */
export const DOMAIN_TYPES: Readonly<Record<string, string>> = {
  Malware: 'malware',
  'Threat Actor': 'threat-actor',
  'Attack Pattern': 'attack-pattern',
  Campaign: 'campaign',
  'Course of Action': 'course-of-action',
  Infrastructure: 'infrastructure',
  'Intrusion Set': 'intrusion-set',
  Tool: 'tool',
  CVE: 'vulnerability',
  Identity: 'identity',
  Location: 'location',
  Report: 'report',
};

/** The SCO types an operator can choose a publishing mode for. */
export const SCO_TYPES: readonly string[] = [...new Set(Object.values(OBSERVABLE_TYPES))].sort();

// Older XSOAR content split File by hash algorithm; those types are files all the same.
const ALIASES: Readonly<Record<string, string>> = {
  'file md5': 'File',
  'file sha-1': 'File',
  'file sha1': 'File',
  'file sha-256': 'File',
  'file sha256': 'File',
  ssdeep: 'File',
  'email address': 'Email',
};

const BY_FOLDED_NAME = new Map<string, string>(
  [...Object.keys(OBSERVABLE_TYPES), ...Object.keys(DOMAIN_TYPES)].map((t) => [fold(t), t]),
);

/**
 * The canonical XSOAR name of a type as some source spelled it (`ip`, `registry key`,
 * `File SHA-256`), or null when the type is not one the renderer knows.
 */
export function canonicalXsoarType(type: string): string | null {
  const folded = fold(type);
  return BY_FOLDED_NAME.get(folded) ?? ALIASES[folded] ?? null;
}

function fold(type: string): string {
  return type.trim().replace(/\s+/g, ' ').toLowerCase();
}
