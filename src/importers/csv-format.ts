/**
 * CSV with a header: each row gives the indicator in its value column (typed by the type
 * column, else detected) and one indicator per typed column (`SHA256`, `IP`, ...), all sharing
 * the row's score, tags, description, source and dates.
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import { planColumns, type ColumnPlan } from './csv-columns.js';
import { forEachCsvRow, type CsvRow } from './csv-reader.js';
import { readDate, readScore, readTags, readText } from './field-values.js';
import { ImportFileError } from './import-file-error.js';
import type { ImportDefaults } from './import-types.js';
import { readValue } from './read-value.js';
import { blankIndicator, union, type RecordSet } from './record-set.js';
import { typeFromLabel } from './type-names.js';

type Shared = Pick<
  IndicatorInput,
  | 'score'
  | 'tags'
  | 'description'
  | 'sourceBrands'
  | 'firstSeen'
  | 'lastSeen'
  | 'created'
  | 'modified'
  | 'expiration'
  | 'tlp'
  | 'aggregatedReliability'
>;

const DATE_ROLES = ['firstSeen', 'lastSeen', 'created', 'modified', 'expiration'] as const;

/** Reads a CSV file's rows into the record set. */
export function parseCsv(text: string, set: RecordSet, defaults: ImportDefaults): void {
  let plan: ColumnPlan | null = null;
  forEachCsvRow(text, (row) => {
    if (plan === null) {
      plan = planFromHeader(row, set, defaults);
      return;
    }
    const problem = row.error ?? widthProblem(row, plan);
    if (problem) set.reject(row.line, problem);
    else addRow(row, plan, set, defaults);
  });
}

function planFromHeader(header: CsvRow, set: RecordSet, defaults: ImportDefaults): ColumnPlan {
  if (header.error) throw new ImportFileError(set.file, `CSV header: ${header.error}`);
  const plan = planColumns(
    header.fields.map((h) => h.trim()),
    defaults.valueColumn,
  );
  if (typeof plan === 'string') throw new ImportFileError(set.file, plan);
  return plan;
}

function widthProblem(row: CsvRow, plan: ColumnPlan): string | null {
  const extra = row.fields.slice(plan.headers.length).filter((f) => f.trim() !== '');
  if (extra.length === 0) return null;
  return `row has ${row.fields.length} fields, the header ${plan.headers.length}`;
}

interface Wanted {
  raw: string;
  declared: string | undefined;
  extra: Record<string, unknown>;
  stixId: string | null;
}

type Cell = (index: number | undefined) => string;

function addRow(row: CsvRow, plan: ColumnPlan, set: RecordSet, defaults: ImportDefaults): void {
  const cell: Cell = (i) => (i === undefined ? '' : (row.fields[i] ?? '').trim());
  const shared = readShared(cell, plan, set);
  if (typeof shared === 'string') return set.reject(row.line, shared);

  const wanted: Wanted[] = [];
  const value = plan.value === null ? '' : cell(plan.value);
  if (value !== '') wanted.push({ raw: value, ...valueColumnFields(cell, plan, defaults) });
  for (const { index, type } of plan.typed) {
    const raw = cell(index);
    if (raw !== '') wanted.push({ raw, declared: type, extra: {}, stixId: null });
  }
  if (wanted.length === 0) return set.reject(row.line, 'row has no indicator value');

  const custom: Record<string, unknown> = {};
  for (const { index, name } of plan.custom) if (cell(index) !== '') custom[name] = cell(index);
  for (const { raw, declared, extra, stixId } of wanted) {
    const read = readValue(raw, declared);
    if (!read.ok) {
      set.reject(row.line, `${JSON.stringify(raw)}: ${read.reason}`);
      continue;
    }
    // Each record gets its own arrays: the store may keep or change them per record.
    const indicator: IndicatorInput = { ...blankIndicator(read.type, read.value, 0), ...shared };
    indicator.tags = [...shared.tags];
    indicator.sourceBrands = [...shared.sourceBrands];
    indicator.stixId = stixId;
    indicator.customFields = { ...custom, ...extra };
    if (read.port !== undefined) indicator.customFields.ports = union([read.port], portsOf(extra));
    set.add(row.line, indicator);
  }
}

// The type, port and STIX id columns describe the value column's indicator only. A type cell
// naming no type we know is kept as a custom field, and the value's form decides its type.
function valueColumnFields(cell: Cell, plan: ColumnPlan, defaults: ImportDefaults) {
  const extra: Record<string, unknown> = {};
  const typeCell = cell(plan.roles.type);
  const known = typeCell === '' ? null : typeFromLabel(typeCell);
  if (typeCell !== '' && !known) extra[headerOf(plan, 'type')] = typeCell;

  const port = cell(plan.roles.port);
  if (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) {
    extra.ports = [Number(port)];
  } else if (port !== '') {
    extra[headerOf(plan, 'port')] = port;
  }
  const stixId = cell(plan.roles.stixId) || null;
  return { declared: known ?? defaults.type, extra, stixId };
}

function portsOf(extra: Record<string, unknown>): number[] {
  return Array.isArray(extra.ports) ? (extra.ports as number[]) : [];
}

function headerOf(plan: ColumnPlan, role: keyof ColumnPlan['roles']): string {
  const index = plan.roles[role];
  return index === undefined ? role : (plan.headers[index] ?? role);
}

function readShared(cell: Cell, plan: ColumnPlan, set: RecordSet): Shared | string {
  const score = readScore(cell(plan.roles.score));
  if (!score.ok) return score.reason;

  const shared: Shared = {
    score: set.score(score.value),
    tags: readTags(cell(plan.roles.tags)),
    description: readText(cell(plan.roles.description)),
    sourceBrands: readTags(cell(plan.roles.source)),
    tlp: readText(cell(plan.roles.tlp)),
    aggregatedReliability: readText(cell(plan.roles.reliability)),
  };
  for (const role of DATE_ROLES) {
    const date = readDate(cell(plan.roles[role]), headerOf(plan, role));
    if (!date.ok) return date.reason;
    shared[role] = date.value;
  }
  return shared;
}
