import type { Score } from '../indicators/indicator.js';
import type { ImportDefaults, ImportFormat } from '../importers/index.js';
import { importFiles } from '../importers/run-import.js';
import { openRuntime } from '../runtime.js';
import { createLogger } from '../server/logger.js';
import { CONFIG_OPTIONS, configFrom, parseCommand, UsageError } from './args.js';
import { EXIT, type Command } from './io.js';
import { ProgressReporter } from './progress.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

const FORMATS: readonly ImportFormat[] = ['xsoar-json', 'stix-bundle', 'list', 'csv'];

export const importCommand: Command = {
  name: 'import',
  summary: 'add indicators from XSOAR exports, STIX bundles, plain lists or CSV files to the store',
  usage: `Usage: taxii2-server import [options] FILE...

Reads every FILE in one transaction: either all of it lands or none. Re-importing a file
changes nothing. Each rejected record is printed with its file, line and reason.

A STIX 2.0 or 2.1 bundle imports its observables, single-comparison indicator patterns and
domain objects as indicators, and relationships between them; other objects are listed as
not imported, with a count per STIX type.

Options:
  --type TYPE                XSOAR type for values whose type is not detected (e.g. Domain)
  --score N                  score for records without one: 0 unknown, 1 good, 2 suspicious, 3 bad
  --tag TAG                  tag to add to every record (repeatable)
  --source NAME              source brand to record on every record
  --format FORMAT            xsoar-json, stix-bundle, list or csv (default: detected per file)
  -q, --quiet                no progress and no summary; rejected records still go to stderr
  --json                     no progress; print the report as one JSON object on stdout
                             (counts, every rejection, seconds) for scripts

Progress goes to stderr: a bar with rate and time left on a terminal, a plain line every
10 seconds otherwise; then a summary line on stdout.
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server import --score 3 --source maltrail --tag scanner mass_scanner.txt
  taxii2-server import --store feed.db export.json
  taxii2-server import --json --store postgres://taxii2@db/feeds nightly.csv | jq .added`,

  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      ...CONFIG_OPTIONS,
      type: { type: 'string' },
      score: { type: 'string' },
      tag: { type: 'string', multiple: true },
      source: { type: 'string' },
      format: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('name at least one FILE to import');
    const defaults = importDefaults(values);

    const config = configFrom(values, io.env);
    const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
    const logger = createLogger(level, undefined, { format: config.logFormat });
    const quiet = values['quiet'] === true;
    const json = values['json'] === true;
    const runtime = await openRuntime(config, { logger });
    const progress = !quiet && !json && io.progress ? new ProgressReporter(io.progress) : null;
    const started = Date.now();
    try {
      const report = await importFiles(runtime, positionals, defaults, {
        ...(progress ? { onProgress: progress.update } : {}),
      });
      progress?.finish();
      const seconds = (Date.now() - started) / 1000;
      if (json) {
        io.out(JSON.stringify({ ...report, seconds }));
        return EXIT.ok;
      }
      for (const r of report.rejections) io.err(`${r.file}:${r.line}: ${r.reason}`);
      const skipped = Object.entries(report.notImported).sort(([a], [b]) => a.localeCompare(b));
      if (skipped.length > 0) {
        io.err(`not imported: ${skipped.map(([type, n]) => `${n} ${type}`).join(', ')}`);
      }
      if (quiet) return EXIT.ok;
      const handled = report.added + report.updated + report.unchanged;
      const rate = seconds > 0 ? Math.round(handled / seconds) : handled;
      io.out(
        `imported ${positionals.length} file(s): ${report.added} added, ${report.updated} updated, ` +
          `${report.unchanged} unchanged, ${report.rejected} rejected ` +
          `in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} records/s)`,
      );
      return EXIT.ok;
    } finally {
      progress?.finish();
      await runtime.store.close();
    }
  },
};

function importDefaults(values: Record<string, unknown>): ImportDefaults {
  const defaults: ImportDefaults = {};
  if (typeof values['type'] === 'string') defaults.type = values['type'];
  if (typeof values['source'] === 'string') defaults.source = values['source'];
  if (Array.isArray(values['tag'])) defaults.tags = values['tag'] as string[];
  if (typeof values['score'] === 'string') {
    if (!/^[0-3]$/.test(values['score'])) throw new UsageError('--score takes 0, 1, 2 or 3');
    defaults.score = Number(values['score']) as Score;
  }
  if (typeof values['format'] === 'string') {
    const format = values['format'] as ImportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}`);
    defaults.format = format;
  }
  return defaults;
}
