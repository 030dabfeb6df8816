/**
 * The query's field names and what each holds. Names are case-insensitive; a name not listed
 * here is a key of the indicator's custom fields.
 */
import type { DateField, TextField } from './ast.js';

export type FieldKind =
  | { readonly kind: 'text'; readonly field: TextField }
  | { readonly kind: 'score'; readonly acceptsVerdictNames: boolean }
  | { readonly kind: 'date'; readonly field: DateField }
  | { readonly kind: 'expiration-status' };

const text = (field: TextField): FieldKind => ({ kind: 'text', field });
const date = (field: DateField): FieldKind => ({ kind: 'date', field });

// Keys are lower case; the XSOAR names they stand for are in the comments where they differ.
const FIELDS: ReadonlyMap<string, FieldKind> = new Map([
  ['type', text('type')],
  ['value', text('value')],
  ['tags', text('tags')],
  ['sourcebrands', text('sourceBrands')],
  ['sourceinstances', text('sourceInstances')],
  ['trafficlightprotocol', text('tlp')],
  ['tlp', text('tlp')],
  ['description', text('description')],
  ['aggregatedreliability', text('aggregatedReliability')],
  ['score', { kind: 'score', acceptsVerdictNames: false }],
  ['verdict', { kind: 'score', acceptsVerdictNames: true }],
  ['reputation', { kind: 'score', acceptsVerdictNames: true }],
  ['timestamp', date('created')], // XSOAR's creation time
  ['created', date('created')],
  ['modified', date('modified')],
  ['firstseen', date('firstSeen')],
  ['lastseen', date('lastSeen')],
  ['expiration', date('expiration')],
  ['expirationstatus', { kind: 'expiration-status' }],
]);

/** The field a name stands for, or null when it names a custom field. */
export function resolveField(name: string): FieldKind | null {
  return FIELDS.get(name.toLowerCase()) ?? null;
}

/**
 * `name:` at the regex's lastIndex (it is sticky): a letter or underscore, then letters, digits
 * or underscores. `evil.com:8080` or `2001:db8::1` is therefore a bare word, not a field.
 */
export const FIELD_PREFIX = /([A-Za-z_][A-Za-z0-9_]*):/y;
