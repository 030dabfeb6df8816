import { existsSync } from 'node:fs';

import { isPostgresUrl } from '../store/postgres/connection.js';
import { openStore } from '../store/open-store.js';
import type { PostedBatch, PostedTable } from '../store/posted-dump.js';
import type { IndicatorStore, StoreRecord } from '../store/store.js';
import { parseCommand, UsageError } from './args.js';
import { EXIT, type Command } from './io.js';

const BATCH = 1000;

export const migrateStoreCommand: Command = {
  name: 'migrate-store',
  summary: 'copy a store (e.g. the SQLite file) into another, empty one (e.g. PostgreSQL)',
  usage: `Usage: taxii2-server migrate-store --from STORE --to STORE

Copies every indicator with its rendered STIX objects, the writable collections' posted
objects and add request statuses (pending ones too), and the store's settings (the id
namespace, the cursor secret) into an empty store, in one transaction. Collections keep their
ids, serve the same bytes in the same order, and every \`next\` token stays good, so clients
notice nothing when servers switch to the new store. Stop imports into the old store first.

Options:
  --from STORE               the store to copy: a SQLite file path or a postgres:// URL
  --to STORE                 the empty store to fill: a postgres:// URL or a SQLite file path

Examples:
  taxii2-server migrate-store --from data/taxii2-server.db \\
    --to postgres://taxii2@db.internal:5432/taxii2`,

  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, {
      from: { type: 'string' },
      to: { type: 'string' },
    });
    const from = values['from'];
    const to = values['to'];
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw new UsageError('name both stores: --from STORE --to STORE');
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (from === to) throw new UsageError('--from and --to name the same store');
    if (!isPostgresUrl(from) && !existsSync(from)) {
      throw new UsageError(`there is no store at ${from}`);
    }

    const counts: Record<PostedTable, number> = {
      posted_objects: 0,
      write_statuses: 0,
      write_status_objects: 0,
    };
    const source = await openStore(from);
    try {
      const target = await openStore(to);
      try {
        const settings = await source.readSettings();
        const posted = countRows(source.posted.dumpPosted(BATCH), counts);
        const loaded = await target.loadDump({ settings, records: batches(source), posted });
        io.out(
          `migrated ${loaded} indicator(s), ${counts.posted_objects} posted object(s) and ` +
            `${counts.write_statuses} add request status(es) from ${source.location} to ` +
            target.location,
        );
        return EXIT.ok;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  },
};

// Counts the rows of each table as they pass, for the summary line.
async function* countRows(
  batches: AsyncIterable<PostedBatch>,
  counts: Record<PostedTable, number>,
): AsyncGenerator<PostedBatch> {
  for await (const batch of batches) {
    counts[batch.table] += batch.rows.length;
    yield batch;
  }
}

async function* batches(store: IndicatorStore): AsyncGenerator<StoreRecord[]> {
  for (let after = 0; ;) {
    const batch = await store.dumpRecords(after, BATCH);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!.key;
  }
}
