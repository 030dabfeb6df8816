/**
 * XSOAR indicator exports in their three shapes: `{"iocs": [...]}` (with `data` accepted for
 * API responses), a plain array of records, and one record per line (NDJSON). Relationships
 * ride along in a record's `relationships`, a top-level `relationships` array, or as elements
 * shaped like XSOAR relationships.
 */
import { ImportFileError } from './import-file-error.js';
import type { ImportDefaults } from './import-types.js';
import {
  arrayElements,
  LineIndex,
  objectMembers,
  skipSpace,
  valueEnd,
  type JsonSpan,
  type Scan,
} from './json-spans.js';
import type { RecordSet } from './record-set.js';
import { readXsoarRecord, unwrapRecord, type Json } from './xsoar-indicator.js';
import {
  describeRelationship,
  looksLikeRelationship,
  readRelationship,
  relationshipFrom,
  type Entity,
  type ReadRelationship,
} from './xsoar-relationships.js';

const REPORT = 'Report';

interface Context {
  text: string;
  set: RecordSet;
  defaults: ImportDefaults;
  lines: LineIndex;
  /**
   * Relationships outside any record, and a record's own that name a report, attached once
   * every record is read.
   */
  loose: { line: number; raw: unknown }[];
}

const STIX_ID = /^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads an XSOAR JSON export into the record set. */
export function parseXsoarJson(text: string, set: RecordSet, defaults: ImportDefaults): void {
  const ctx: Context = { text, set, defaults, lines: new LineIndex(text), loose: [] };
  const start = skipSpace(text, 0);
  if (start >= text.length) return;

  if (text[start] === '[') readElements(ctx, arrayElements(text, start));
  else if (text[start] !== '{') throw notJson(set.file);
  else if (isSequence(text, start)) readSequence(ctx, start);
  else readDocument(ctx, start);

  attachLoose(ctx);
}

function isSequence(text: string, start: number): boolean {
  const end = valueEnd(text, start);
  return end >= 0 && skipSpace(text, end) < text.length;
}

function notJson(file: string): ImportFileError {
  return new ImportFileError(file, 'is not JSON: it starts with neither "{" nor "["');
}

function readDocument(ctx: Context, start: number): void {
  const scan = objectMembers(ctx.text, start);
  const member = (key: string) =>
    scan.items.find((m) => m.key === key && ctx.text[m.start] === '[');
  const records = member('iocs') ?? member('data');
  const relationships = member('relationships');

  if (records) readElements(ctx, arrayElements(ctx.text, records.start));
  if (relationships) readElements(ctx, arrayElements(ctx.text, relationships.start));
  if (records || relationships) {
    rejectProblem(ctx, scan.problem);
    return;
  }

  const keys = new Set(scan.items.map((m) => m.key));
  if (keys.has('value')) return readSpan(ctx, { start, end: valueEnd(ctx.text, start) });
  if (keys.has('objects')) {
    throw new ImportFileError(ctx.set.file, 'is a STIX bundle, not an XSOAR indicator export');
  }
  const found = [...keys].slice(0, 8).join(', ') || 'nothing';
  const problem = `is a JSON object without an "iocs" array (it holds ${found})`;
  throw new ImportFileError(ctx.set.file, problem);
}

// NDJSON when the first record fits on the first line; otherwise records simply follow
// one another, as some tools concatenate pretty-printed objects.
function readSequence(ctx: Context, start: number): void {
  const { text, lines } = ctx;
  if (lines.lineOf(valueEnd(text, start) - 1) === lines.lineOf(start)) {
    text.split('\n').forEach((line, i) => {
      if (line.trim() !== '') readParsed(ctx, i + 1, line);
    });
    return;
  }
  for (let at = start; at < text.length; at = skipSpace(text, at)) {
    const end = valueEnd(text, at);
    if (end === at) {
      // A stray `}`, `]`, `,` or `:` starts no value: without this the loop would stand still.
      const found = JSON.stringify(text.slice(at, at + 12));
      ctx.set.reject(lines.lineOf(at), `JSON: expected a record, found ${found}`);
      const lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) return;
      at = lineEnd + 1;
      continue;
    }
    readSpan(ctx, { start: at, end });
    if (end < 0) return;
    at = end;
  }
}

function readElements(ctx: Context, scan: Scan<JsonSpan>): void {
  for (const span of scan.items) readSpan(ctx, span);
  rejectProblem(ctx, scan.problem);
}

function rejectProblem(ctx: Context, problem: Scan<unknown>['problem']): void {
  if (problem) ctx.set.reject(ctx.lines.lineOf(problem.at), `JSON: ${problem.reason}`);
}

function readSpan(ctx: Context, span: JsonSpan): void {
  const line = ctx.lines.lineOf(span.start);
  if (span.end < 0) {
    return ctx.set.reject(line, 'record is cut off where the file ends (truncated?)');
  }
  readParsed(ctx, line, ctx.text.slice(span.start, span.end));
}

function readParsed(ctx: Context, line: number, json: string): void {
  let element: unknown;
  try {
    element = JSON.parse(json);
  } catch (error) {
    return ctx.set.reject(line, `not valid JSON: ${(error as Error).message}`);
  }
  if (looksLikeRelationship(element)) return void ctx.loose.push({ line, raw: element });
  addRecord(ctx, line, element);
}

function addRecord(ctx: Context, line: number, element: unknown): void {
  const record = unwrapRecord(element);
  if (!record) return ctx.set.reject(line, 'record is not a JSON object');
  if (isStixObject(record)) {
    return ctx.set.reject(line, `${String(record.id)} is a STIX object, not an XSOAR indicator`);
  }

  const indicator = readXsoarRecord(record, ctx.set, ctx.defaults);
  if (typeof indicator === 'string') return ctx.set.reject(line, indicator);

  const self = { type: indicator.type, value: indicator.value };
  const own = Array.isArray(record.relationships) ? record.relationships : [];
  for (const raw of own) {
    const read = readRelationship(raw);
    // Kept with the report it names if the file holds one (see attachLoose).
    if (typeof read !== 'string' && namesOtherReport(self, read)) {
      ctx.loose.push({ line, raw });
      continue;
    }
    const relationship = typeof read === 'string' ? null : relationshipFrom(self, read);
    if (relationship) indicator.relationships?.push(relationship);
    else ctx.set.reject(line, typeof read === 'string' ? read : notInvolved(read));
  }
  ctx.set.add(line, indicator);
}

function namesOtherReport(self: Entity, read: ReadRelationship): boolean {
  const other = relationshipFrom(self, read);
  return other !== null && other.targetType === REPORT && self.type !== REPORT;
}

function notInvolved(read: Exclude<ReturnType<typeof readRelationship>, string>): string {
  return `relationship ${describeRelationship(read)} does not involve this indicator`;
}

function isStixObject(record: Json): boolean {
  const id = record.id;
  return record.indicator_type === undefined && typeof id === 'string' && STIX_ID.test(id);
}

function attachLoose(ctx: Context): void {
  for (const { line, raw } of ctx.loose) {
    const read = readRelationship(raw);
    if (typeof read === 'string') {
      ctx.set.reject(line, read);
      continue;
    }
    const forward = relationshipFrom(read.a, read);
    const reverse = relationshipFrom(read.b, read);
    const fromA = () => forward !== null && ctx.set.relate(read.a.type, read.a.value, forward);
    const fromB = () => reverse !== null && ctx.set.relate(read.b.type, read.b.value, reverse);
    // What a report covers is said by relationships from it, which become its object_refs;
    // one to a report from elsewhere would be left out, so a report's side is tried first.
    const reportIsB = read.b.type === REPORT && read.a.type !== REPORT;
    const attached = reportIsB ? fromB() || fromA() : fromA() || fromB();
    if (!attached) {
      const what = describeRelationship(read);
      ctx.set.reject(line, `relationship ${what}: neither entity is an indicator in this file`);
    }
  }
}
