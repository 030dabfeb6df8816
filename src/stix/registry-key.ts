/**
 * Windows registry keys (the windows-registry-key object of STIX 2.1): the full key with its hive
 * spelled out, and the values XSOAR keeps in the `keyvalue` grid field.
 */
import type { JsonObject } from './canonical-json.js';

const HIVES = [
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
  'HKEY_PERFORMANCE_DATA',
  'HKEY_DYN_DATA',
];

// The standard requires the hive's full name; these are the short forms tools print.
const SHORT_HIVES: Readonly<Record<string, string>> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** The registry (REG_*) data types of the windows-registry-datatype-enum. */
const DATA_TYPES = new Set([
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTION',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
  'REG_INVALID_TYPE',
]);

/**
 * A registry key in the form the standard requires, or null when it names no hive or has an
 * empty step (two backslashes in a row).
 *
 * Regedit's address bar prefixes keys with `Computer\` and PowerShell writes `HKLM:\`;
 * neither is part of the key, so both are removed, and a short hive name is spelled out.
 * The hive is written in upper case; the rest of the key is kept as given.
 */
export function registryKeyValue(raw: string): string | null {
  const key = raw
    .trim()
    .replace(/^computer\\/i, '')
    .replace(/\\$/, '');
  const sep = key.indexOf('\\');
  const head = sep === -1 ? key : key.slice(0, sep);
  const tail = sep === -1 ? '' : key.slice(sep);

  const hiveName = head.replace(/:$/, '').toUpperCase();
  const hive = SHORT_HIVES[hiveName] ?? (HIVES.includes(hiveName) ? hiveName : null);
  if (hive === null || tail.includes('\\\\')) return null;
  return hive + tail;
}

/** One registry value of the standard's windows-registry-value-type. */
export type RegistryValue = JsonObject & { name?: string; data?: string; data_type?: string };

/**
 * The registry values of XSOAR's `keyvalue` rows (`{name, data, type}`). Empty rows are
 * skipped; a type outside the enumeration is dropped from its row and reported in `notes`.
 */
export function registryValues(rows: readonly Record<string, unknown>[], notes: string[]) {
  const values: RegistryValue[] = [];
  for (const row of rows) {
    const value: RegistryValue = {};
    if (typeof row.name === 'string') value.name = row.name;
    const data = row.data;
    if (typeof data === 'string' || typeof data === 'number') value.data = String(data);

    const type = typeof row.type === 'string' ? row.type.trim().toUpperCase() : '';
    if (DATA_TYPES.has(type)) value.data_type = type;
    else if (type !== '') notes.push(`registry value type ${JSON.stringify(type)} is not REG_*`);

    if (Object.keys(value).length > 0) values.push(value);
  }
  return values;
}
