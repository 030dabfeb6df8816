/**
 * What each CSV column means, from its header. A column is the value column, the type of the
 * value column, a field every indicator of the row shares, a column whose header names an
 * indicator type (`SHA256`, `IP`), or a custom field kept under its header.
 */
import { typeFromHeader } from './type-names.js';

export type Role =
  | 'value'
  | 'type'
  | 'score'
  | 'tags'
  | 'description'
  | 'source'
  | 'firstSeen'
  | 'lastSeen'
  | 'created'
  | 'modified'
  | 'expiration'
  | 'tlp'
  | 'reliability'
  | 'stixId'
  | 'port';

const ROLE_HEADERS: Record<Role, string[]> = {
  value: ['value', 'indicator', 'ioc', 'iocvalue', 'indicatorvalue', 'observable'],
  type: ['type', 'indicatortype', 'ioctype', 'observabletype', 'kind'],
  score: ['score', 'reputation', 'verdict', 'dbotscore'],
  tags: ['tags', 'tag', 'labels', 'label'],
  description: ['description', 'desc', 'comment', 'comments', 'notes', 'note', 'details'],
  source: ['source', 'sources', 'sourcebrand', 'sourcebrands', 'feed', 'feedname', 'brand'],
  firstSeen: ['firstseen', 'firstseenutc', 'firstseendate', 'firstseenbysource'],
  lastSeen: ['lastseen', 'lastseenutc', 'lastseendate', 'lastseenbysource'],
  created: ['created', 'timestamp', 'dateadded', 'added', 'createdat'],
  modified: ['modified', 'updated', 'lastupdated', 'modifiedat', 'updatedat'],
  expiration: ['expiration', 'expires', 'expirationdate', 'validuntil'],
  tlp: ['tlp', 'trafficlightprotocol'],
  reliability: ['reliability', 'aggregatedreliability', 'sourcereliability'],
  stixId: ['stixid'],
  port: ['port', 'dstport', 'destinationport'],
};

const ROLE_BY_KEY = new Map<string, Role>(
  (Object.entries(ROLE_HEADERS) as [Role, string[]][]).flatMap(([role, keys]) =>
    keys.map((key) => [key, role] as [string, Role]),
  ),
);

export interface ColumnPlan {
  headers: string[];
  /** The column of indicator values typed by the type column; null when there is none. */
  value: number | null;
  roles: Partial<Record<Exclude<Role, 'value'>, number>>;
  /** Columns whose header names the type of every value in them. */
  typed: { index: number; type: string }[];
  /** Everything else: kept in `customFields` under the header as written. */
  custom: { index: number; name: string }[];
}

/** The header as a lookup key: lower case letters and digits only. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** True when a first line reads as a header this importer understands. */
export function looksLikeHeader(fields: string[]): boolean {
  const known = (f: string) => ROLE_BY_KEY.has(headerKey(f)) || typeFromHeader(f) !== null;
  return fields.length >= 2 && fields.some(known);
}

/** Assigns each column its meaning; returns a problem text when `valueColumn` is missing. */
export function planColumns(headers: string[], valueColumn?: string): ColumnPlan | string {
  const plan: ColumnPlan = { headers, value: null, roles: {}, typed: [], custom: [] };
  const wanted = valueColumn === undefined ? null : headerKey(valueColumn);

  headers.forEach((header, index) => {
    const key = headerKey(header);
    const role =
      wanted === null ? ROLE_BY_KEY.get(key) : key === wanted ? 'value' : roleBesides(key);
    const type = typeFromHeader(header);
    if (role === 'value' && plan.value === null) plan.value = index;
    else if (role && role !== 'value' && plan.roles[role] === undefined) plan.roles[role] = index;
    else if (type) plan.typed.push({ index, type });
    else plan.custom.push({ index, name: header.trim() || `column ${index + 1}` });
  });

  if (plan.value === null && wanted !== null) {
    return `no column is headed ${JSON.stringify(valueColumn)} (headers: ${headers.join(', ')})`;
  }
  // A type column types some column: without a value header, the first unclaimed one. With
  // neither a type column nor typed columns, the first unclaimed column is the value too.
  const adopt = plan.roles.type !== undefined || plan.typed.length === 0;
  const first = plan.value === null && adopt ? plan.custom.shift() : undefined;
  if (first) plan.value = first.index;
  return plan;
}

// With an explicit value column, a header that would otherwise name the value is custom.
function roleBesides(key: string): Role | undefined {
  const role = ROLE_BY_KEY.get(key);
  return role === 'value' ? undefined : role;
}
