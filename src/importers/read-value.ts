/**
 * Reading one value from a list line or CSV cell: refang it, then detect its type, or check it
 * against the type its source declared.
 */
import { classifyValue, type Classified } from './detect-type.js';
import { refang } from './refang.js';
import { checkUrl } from './url-value.js';

/** The types whose values the importer can check and canonicalize. */
export const CHECKED_TYPES: ReadonlySet<string> = new Set([
  'IP',
  'IPv6',
  'CIDR',
  'IPv6CIDR',
  'Domain',
  'URL',
  'Email',
  'File',
]);

// A source that says "IP" may mean any address or network; the value decides which.
const ADDRESS_TYPES: ReadonlySet<string> = new Set(['IP', 'IPv6', 'CIDR', 'IPv6CIDR']);

/**
 * Reads a raw value. Without a declared type the value's own form decides; with one, the
 * value must fit it (checked types) or is taken as written (every other type). `defanged`
 * false skips refanging, for sources that never defang.
 */
export function readValue(raw: string, declared?: string | null, defanged = true): Classified {
  const text = raw.trim();
  const real = defanged ? refang(text) : text;
  if (!declared) return classifyValue(real);
  if (!CHECKED_TYPES.has(declared)) {
    if (text === '') return { ok: false, reason: 'empty value' };
    return { ok: true, type: declared, value: text };
  }
  return checkAs(declared, classifyValue(real));
}

function checkAs(declared: string, found: Classified): Classified {
  if (!found.ok) return { ok: false, reason: `not a valid ${declared}: ${found.reason}` };
  if (found.type === declared) return found;
  if (ADDRESS_TYPES.has(declared) && ADDRESS_TYPES.has(found.type)) return found;
  if (declared === 'URL' && (found.type === 'Domain' || ADDRESS_TYPES.has(found.type))) {
    return bareHostAsUrl(found);
  }
  return { ok: false, reason: `declared ${declared}, but the value reads as ${found.type}` };
}

// A URL column holding a bare host means "anything on that host": a URL of the bare host says so.
function bareHostAsUrl(found: Classified & { ok: true }): Classified {
  if (found.type === 'CIDR' || found.type === 'IPv6CIDR') {
    return { ok: false, reason: `declared URL, but the value reads as ${found.type}` };
  }
  const host = found.type === 'IPv6' ? `[${found.value}]` : found.value;
  const port = found.port === undefined ? '' : `:${found.port}`;
  const url = checkUrl(`http://${host}${port}`);
  return url.ok ? { ok: true, type: 'URL', value: url.value } : url;
}
