/**
 * Write transactions, and where date_added comes from.
 *
 * Collection order is (date_added, id), and a pager holds only the last position it was served.
 * So a writer must never commit a date_added at or below one a reader may already have paged
 * past. With several processes writing, two things could break that: process clocks that
 * disagree, and transactions that commit out of the order they took their dates in (a reader
 * would see the later date, page past it, and never see the earlier one commit below it).
 *
 * The choice here: every write transaction first takes one transaction-scoped advisory lock, so
 * writers run one at a time across all processes, as SQLite's single writer does; dates are
 * taken under that lock from the database clock (`clock_timestamp()`, never a process clock),
 * and never at or below the highest date_added stored (`greatest(now, max + 1)`). The lock is
 * released only after the commit is visible, so the next writer's dates are higher than and
 * commit after every earlier writer's: commit order is date order, and a reader's snapshot
 * always holds a prefix of collection order. Readers take no lock and never wait.
 *
 * Serializing writers also rules out deadlocks between concurrent imports: no writer holds a row
 * lock while waiting for another. The price is that writes queue; one import of a million
 * indicators holds the lock for its duration, which readers do not notice.
 *
 * READ COMMITTED is asked for explicitly: each statement then reads what committed before it,
 * including the rows of the writer that held the lock just before, whatever the server's
 * default_transaction_isolation says.
 */
import type pg from 'pg';

import { WRITE_GENERATION_KEY } from '../write-generation.js';
import { LOCK_CLASS } from './migrate.js';

/** Runs `work` in a transaction holding the store's writer lock. */
export async function inWriteTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [
      LOCK_CLASS.writer,
    ]);
    const result = await work(client);
    // Every write transaction raises the write generation (../write-generation.ts) as it
    // commits; under the writer lock, so the raises never contend.
    await client.query(
      "INSERT INTO meta (key, value) VALUES ($1, '1') ON CONFLICT (key) " +
        'DO UPDATE SET value = (meta.value::bigint + 1)::text',
      [WRITE_GENERATION_KEY],
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that cannot even roll back is discarded rather than returned to the pool.
    client.release(broken);
  }
}

/**
 * The first date_added of this transaction's changes; the caller numbers the rest upwards from
 * it. Call only while holding the writer lock.
 */
export async function nextDateAdded(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ next: number }>(
    `SELECT greatest(
       (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
       coalesce((SELECT max(date_added) FROM indicators), 0) + 1) AS next`,
  );
  return result.rows[0]!.next;
}
