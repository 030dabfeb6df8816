/**
 * Typed reads of an indicator's XSOAR custom fields. Sources disagree on the case of field
 * names (`sha256`, `SHA256`), and the values are untrusted, so every read checks the type.
 */

type Fields = Readonly<Record<string, unknown>>;

/** The raw value of a custom field, matching its name without regard to case. */
export function customField(fields: Fields, name: string): unknown {
  if (name in fields) return fields[name];
  const folded = name.toLowerCase();
  const key = Object.keys(fields).find((k) => k.toLowerCase() === folded);
  return key === undefined ? undefined : fields[key];
}

/** A custom field as a trimmed, non-empty string; numbers are written as text. */
export function stringField(fields: Fields, name: string): string | undefined {
  const value = customField(fields, name);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** A custom field as a boolean; XSOAR sometimes stores booleans as `"true"`/`"false"`. */
export function booleanField(fields: Fields, name: string): boolean | undefined {
  const value = customField(fields, name);
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A custom field as a finite number, from a number or its decimal text. */
export function numberField(fields: Fields, name: string): number | undefined {
  const value = customField(fields, name);
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A custom field as a list of plain objects; anything else in the list is skipped. */
export function recordListField(fields: Fields, name: string): Record<string, unknown>[] {
  const value = customField(fields, name);
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is Record<string, unknown> =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}
