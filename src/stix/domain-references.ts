/**
 * What an XSOAR threat-intelligence indicator says of its domain object beyond its name: the
 * external references of its Publications grid (STIX 2.1 section 2.5) and the kill chain phases
 * of its Kill Chain Phases field (section 2.7), on the SDO types that define them.
 */
import { canonicalize, type JsonObject, type JsonValue } from './canonical-json.js';
import { customField, recordListField } from './custom-fields.js';
import { urlValue } from './network-values.js';

type Fields = Readonly<Record<string, unknown>>;

/** The SDO types that have `kill_chain_phases`, in STIX 2.1 and, but for infrastructure, 2.0. */
const KILL_CHAIN_TYPES = new Set(['attack-pattern', 'infrastructure', 'malware', 'tool']);

// XSOAR's Kill Chain Phases field offers the ATT&CK tactics ("Initial Access"), which is what
// its own STIX feeds read from and write to `mitre-attack` phases.
const KILL_CHAIN_NAME = 'mitre-attack';

// Section 2.5 keeps these source names for ids of their registries, which a publication is not.
const RESERVED_SOURCES = /^(?:cve|capec)$/;

/**
 * `body` with the indicator's publications after the external references it already has, and
 * its kill chain phases where `stixType` has them. Publication rows that cannot form an
 * external reference are left out and reported in `notes`.
 */
export function withDomainReferences(
  stixType: string,
  body: Record<string, JsonValue>,
  fields: Fields,
  notes: string[],
): Record<string, JsonValue> {
  const own = Array.isArray(body.external_references) ? body.external_references : [];
  const references = unique([...own, ...publicationReferences(fields, notes)]);
  const out: Record<string, JsonValue> = { ...body };
  if (references.length > 0) out.external_references = references;

  const phases = KILL_CHAIN_TYPES.has(stixType) ? killChainPhases(fields) : [];
  if (phases.length > 0) out.kill_chain_phases = phases;
  return out;
}

/** XSOAR's `publications` rows (`{source, title, link}`) as external references. */
function publicationReferences(fields: Fields, notes: string[]): JsonObject[] {
  const references: JsonObject[] = [];
  for (const row of recordListField(fields, 'publications')) {
    const source = text(row.source);
    const description = text(row.title);
    const link = text(row.link);
    const url = link === undefined ? undefined : (urlValue(link) ?? undefined);
    if (link !== undefined && url === undefined) {
      notes.push('a publication link is not an absolute URL (RFC 3986); the link is left out');
    }

    if (source === undefined || RESERVED_SOURCES.test(source)) {
      notes.push('a publication without a usable source is left out');
    } else if (description !== undefined || url !== undefined) {
      references.push(defined({ source_name: source, description, url }));
    }
  }
  return references;
}

/** The phases of XSOAR's `killchainphases` (a list, or one name), lower case and hyphenated. */
function killChainPhases(fields: Fields): JsonObject[] {
  const raw = customField(fields, 'killchainphases');
  const names: unknown[] = Array.isArray(raw) ? raw : [raw];
  const phases = new Set<string>();
  for (const name of names) {
    const phase = text(name)
      ?.toLowerCase()
      .replace(/[\s_]+/g, '-');
    if (phase !== undefined) phases.add(phase);
  }
  return [...phases].map((phase) => ({ kill_chain_name: KILL_CHAIN_NAME, phase_name: phase }));
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function defined(props: Record<string, string | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined) out[key] = value;
  return out;
}

// The same publication given twice is one reference.
function unique(references: JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  return references.filter((r) => {
    const key = canonicalize(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
