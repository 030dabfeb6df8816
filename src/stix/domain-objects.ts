/**
 * XSOAR threat-intelligence indicators as STIX domain objects (STIX 2.1 chapter 4): the
 * properties beyond the common ones that each SDO type takes from the indicator.
 */
import type { JsonValue } from './canonical-json.js';
import { booleanField, numberField, stringField } from './custom-fields.js';
import { withDomainReferences } from './domain-references.js';

type Fields = Readonly<Record<string, unknown>>;
type Body = Record<string, JsonValue>;

/**
 * The type-specific properties of one SDO, in output order, or the reason there are none.
 * Parts of the indicator left out of a body that is still formed are reported in `notes`.
 */
export function domainObjectBody(
  stixType: string,
  value: string,
  fields: Fields,
  notes: string[] = [],
): Body | string {
  const name = value.trim();
  if (name.length === 0) return `an empty ${stixType} name`;

  const builder = BUILDERS[stixType];
  const body = builder ? builder(name, fields) : { name };
  return typeof body === 'string' ? body : withDomainReferences(stixType, body, fields, notes);
}

const BUILDERS: Readonly<Record<string, (name: string, fields: Fields) => Body | string>> = {
  // A named Malware indicator with no sample is a family unless XSOAR says otherwise.
  malware: (name, fields) => ({ name, is_family: booleanField(fields, 'ismalwarefamily') ?? true }),
  'attack-pattern': attackPattern,
  vulnerability,
  identity,
  location,
};

const MITRE_ATTACK_ID = /^T\d{4}(?:\.\d{3})?$/;

// ATT&CK techniques are known by their id; XSOAR keeps it in `mitreid` or as the value.
function attackPattern(name: string, fields: Fields): Body {
  const mitreId = stringField(fields, 'mitreid') ?? (MITRE_ATTACK_ID.test(name) ? name : undefined);
  if (mitreId === undefined || !MITRE_ATTACK_ID.test(mitreId)) return { name };
  return { name, external_references: [{ source_name: 'mitre-attack', external_id: mitreId }] };
}

// The source name and id format that section 2.5 (External Reference) fixes for CVEs.
const CVE_ID = /^CVE-\d{4}-(?:0\d{3}|[1-9]\d{3,})$/;

function vulnerability(value: string): Body | string {
  const cve = value.toUpperCase();
  if (!CVE_ID.test(cve)) return 'not a CVE id (CVE-YYYY-NNNN)';
  return { name: cve, external_references: [{ source_name: 'cve', external_id: cve }] };
}

function identity(name: string, fields: Fields): Body {
  const identityClass = stringField(fields, 'identityclass')?.toLowerCase();
  return identityClass === undefined ? { name } : { name, identity_class: identityClass };
}

/** The region-ov vocabulary of STIX 2.1. */
const REGIONS = new Set([
  'africa',
  'eastern-africa',
  'middle-africa',
  'northern-africa',
  'southern-africa',
  'western-africa',
  'americas',
  'caribbean',
  'central-america',
  'latin-america-caribbean',
  'northern-america',
  'south-america',
  'asia',
  'central-asia',
  'eastern-asia',
  'southern-asia',
  'south-eastern-asia',
  'western-asia',
  'europe',
  'eastern-europe',
  'northern-europe',
  'southern-europe',
  'western-europe',
  'oceania',
  'antarctica',
  'australia-new-zealand',
  'melanesia',
  'micronesia',
  'polynesia',
]);

/**
 * A location must name a region, a country or coordinates (section 4.10); they come from
 * custom fields when present, otherwise from the value when it is an ISO 3166-1 alpha-2
 * code or a region-ov entry; a free-form place name alone cannot form a location.
 */
function location(name: string, fields: Fields): Body | string {
  const place = locationFields(fields);
  if (place.region === undefined && place.country === undefined) {
    if (/^[A-Za-z]{2}$/.test(name)) place.country = name.toUpperCase();
    else if (REGIONS.has(asVocabulary(name))) place.region = asVocabulary(name);
  }

  const located = place.region ?? place.country ?? place.latitude;
  if (located === undefined) return 'a location needs a country, a region or coordinates';
  return { name, ...place };
}

function locationFields(fields: Fields): Body {
  const place: Body = {};
  const latitude = numberField(fields, 'latitude');
  const longitude = numberField(fields, 'longitude');
  if (latitude !== undefined && longitude !== undefined && onEarth(latitude, longitude)) {
    place.latitude = latitude;
    place.longitude = longitude;
  }

  const region = stringField(fields, 'region');
  if (region !== undefined) place.region = asVocabulary(region);

  const country = stringField(fields, 'countrycode') ?? stringField(fields, 'country');
  if (country !== undefined && /^[A-Za-z]{2}$/.test(country)) place.country = country.toUpperCase();
  return place;
}

function onEarth(latitude: number, longitude: number): boolean {
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
}

function asVocabulary(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}
