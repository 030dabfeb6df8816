import type { ObjectPage, ObjectRecord } from '../store/store.js';
import { formatTimestamp } from '../time/microseconds.js';
import { STIX_21, stixMediaType } from '../server/media-types.js';

/**
 * Page bodies assembled from pre-rendered objects: the objects' JSON is concatenated as
 * stored, never parsed and serialized again (TAXII 2.1 sections 3.7 envelope, 5.3 manifest).
 */
export function envelopeBody(page: ObjectPage, next: string | undefined): string {
  const head = pageHead(page, next);
  if (page.objects.length === 0) return `${head}}`;
  return `${head},"objects":[${page.objects.map((o) => o.json).join(',')}]}`;
}

export function manifestBody(page: ObjectPage, next: string | undefined): string {
  const head = pageHead(page, next);
  if (page.objects.length === 0) return `${head}}`;
  return `${head},"objects":${JSON.stringify(page.objects.map(manifestRecord))}}`;
}

export function versionsBody(page: ObjectPage, next: string | undefined): string {
  const head = pageHead(page, next);
  if (page.objects.length === 0) return `${head}}`;
  return `${head},"versions":${JSON.stringify(page.objects.map((o) => o.version))}}`;
}

/** X-TAXII-Date-Added-First/Last (section 3.3.1) for a non-empty page. */
export function dateAddedHeaders(page: ObjectPage): Record<string, string> {
  const first = page.objects[0];
  const last = page.objects[page.objects.length - 1];
  if (!first || !last) return {};
  return {
    'X-TAXII-Date-Added-First': formatTimestamp(first.dateAdded),
    'X-TAXII-Date-Added-Last': formatTimestamp(last.dateAdded),
  };
}

function pageHead(page: ObjectPage, next: string | undefined): string {
  const nextPart = page.more && next ? `,"next":${JSON.stringify(next)}` : '';
  return `{"more":${String(page.more)}${nextPart}`;
}

function manifestRecord(o: ObjectRecord): Record<string, string> {
  return {
    id: o.id,
    date_added: formatTimestamp(o.dateAdded),
    version: o.version,
    // A writable collection holds STIX 2.0 and 2.1 objects side by side.
    media_type: o.specVersion === undefined ? STIX_21 : stixMediaType(o.specVersion),
  };
}
