/**
 * The bare baseline: a plain node:http server handing out the store's pre-rendered STIX rows
 * from the same SQLite file, with keyset paging and the same page size, and nothing else (no
 * routing, validation, negotiation, logging or signed cursors). What the product adds on top of
 * this is the cost the benchmark's ratios show.
 *
 *   node --import tsx bench/baseline-server.ts STORE.db
 *
 * Prints `{"port": N}` once listening on 127.0.0.1; stops on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import Database from 'better-sqlite3';

import { sqliteProfile21 } from './store-facts.js';

interface Row {
  id: string;
  dateAdded: number;
  version: string;
  json: string;
}

const path = process.argv[2];
if (!path) throw new Error('usage: baseline-server.ts STORE.db');
const db = new Database(path, { readonly: true });
db.pragma('busy_timeout = 10000');
const profile = sqliteProfile21(db);

const COLUMNS = 'object_id AS id, date_added AS dateAdded, version';
const ORDER = 'ORDER BY date_added, object_id LIMIT ?';
const statements = {
  first: db.prepare(`SELECT ${COLUMNS}, json FROM stix_objects WHERE profile = ? ${ORDER}`),
  after: db.prepare(
    `SELECT ${COLUMNS}, json FROM stix_objects WHERE profile = ? AND (date_added, object_id) > (?, ?) ${ORDER}`,
  ),
  addedAfter: db.prepare(
    `SELECT ${COLUMNS}, json FROM stix_objects WHERE profile = ? AND date_added > ? ${ORDER}`,
  ),
  manifestFirst: db.prepare(`SELECT ${COLUMNS} FROM stix_objects WHERE profile = ? ${ORDER}`),
  manifestAfter: db.prepare(
    `SELECT ${COLUMNS} FROM stix_objects WHERE profile = ? AND (date_added, object_id) > (?, ?) ${ORDER}`,
  ),
};

const server = createServer((req, res) => {
  try {
    answer(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end((error as Error).message);
  }
});

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 1000));
  const next = url.searchParams.get('next');
  const addedAfter = url.searchParams.get('added_after');
  const manifest = url.pathname.startsWith('/manifest');
  const after = next ? splitNext(next) : null;

  let rows: Row[];
  if (manifest) {
    rows = (
      after
        ? statements.manifestAfter.all(profile, after.dateAdded, after.id, limit + 1)
        : statements.manifestFirst.all(profile, limit + 1)
    ) as Row[];
  } else if (after) {
    rows = statements.after.all(profile, after.dateAdded, after.id, limit + 1) as Row[];
  } else if (addedAfter) {
    rows = statements.addedAfter.all(profile, Number(addedAfter), limit + 1) as Row[];
  } else {
    rows = statements.first.all(profile, limit + 1) as Row[];
  }

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const head = `{"more":${more}${more && last ? `,"next":"${last.dateAdded}.${last.id}"` : ''}`;
  const objects = manifest
    ? JSON.stringify(page.map((r) => manifestRecord(r)))
    : `[${page.map((r) => r.json).join(',')}]`;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(page.length === 0 ? `${head}}` : `${head},"objects":${objects}}`);
}

function splitNext(next: string): { dateAdded: number; id: string } {
  const dot = next.indexOf('.');
  return { dateAdded: Number(next.slice(0, dot)), id: next.slice(dot + 1) };
}

function manifestRecord(row: Row) {
  return {
    id: row.id,
    date_added: microsToIso(row.dateAdded),
    version: row.version,
    media_type: 'application/stix+json;version=2.1',
  };
}

function microsToIso(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  db.close();
});
