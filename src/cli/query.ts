import { parseQuery, QuerySyntaxError } from '../query/parser.js';
import { explainQuery } from '../query/explain.js';
import { openRuntime } from '../runtime.js';
import { createLogger } from '../server/logger.js';
import { nowMicros } from '../time/microseconds.js';
import { CONFIG_OPTIONS, configFrom, parseCommand, UsageError } from './args.js';
import { requireExistingStore } from './installation.js';
import { EXIT, type Command } from './io.js';
import { formatTable } from './table.js';
import { CONFIG_FLAGS_HELP } from './usage-text.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'try an indicator query: how many indicators match, the first few, and how it parses',
  usage: `Usage: taxii2-server query [options] "QUERY"

Runs QUERY (XSOAR's indicator search syntax, as in a collections document) against the store
and prints how many indicators match and the first few. Test a collection before publishing it.

Options:
  --explain                  also print the parsed tree and the store's SQL
  --limit N                  how many matches to print (default 10)
  --json                     print JSON
${CONFIG_FLAGS_HELP}

Examples:
  taxii2-server query 'type:IP and score:3'
  taxii2-server query --explain 'value:*.example.com -tags:benign'`,

  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      ...CONFIG_OPTIONS,
      explain: { type: 'boolean' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one QUERY (quote it)');
    const text = positionals[0]!;
    const limit = values['limit'] === undefined ? 10 : Number(values['limit']);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit takes a whole number');

    let ast;
    try {
      ast = parseQuery(text);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      const caret = `${' '.repeat(error.offset)}^`;
      io.err(`query ${JSON.stringify(text)}: ${error.message}\n  ${text}\n  ${caret}`);
      return EXIT.failed;
    }

    const config = configFrom(values, io.env);
    requireExistingStore(config.store);
    const runtime = await openRuntime(config, { logger: createLogger('error') });
    try {
      const compiled = runtime.store.compileQuery(ast);
      const now = nowMicros();
      const count = await runtime.store.countMatching(compiled, now);
      const first = await runtime.store.listMatching(compiled, now, limit);
      const sql = runtime.store.describeQuery(compiled, now);

      if (values['json'] === true) {
        const matches = first.map(({ type, value, score, tags }) => ({ type, value, score, tags }));
        const explained = values['explain'] === true ? { sql } : {};
        io.out(JSON.stringify({ query: text, count, matches, ...explained }, null, 2));
        return EXIT.ok;
      }
      if (values['explain'] === true) {
        io.out(`parsed:\n${indent(explainQuery(ast))}\n`);
        io.out(`SQL:\n${indent(sql.text)}\nparameters: ${JSON.stringify(sql.params)}\n`);
      }
      io.out(`${count} indicator(s) match`);
      if (first.length > 0) {
        const rows = first.map((i) => [i.type, i.value, String(i.score), i.tags.join(', ')]);
        io.out(formatTable(['type', 'value', 'score', 'tags'], rows));
      }
      return EXIT.ok;
    } finally {
      await runtime.store.close();
    }
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
