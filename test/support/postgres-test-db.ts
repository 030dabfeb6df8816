/**
 * The PostgreSQL that store tests run against: TAXII2_SERVER_TEST_POSTGRES_URL names a database
 * the tests may create schemas in (`.ci/run` starts one and exports it). Without it the
 * PostgreSQL runs are skipped on a developer's machine, and fail under CI=true.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const POSTGRES_URL_VARIABLE = 'TAXII2_SERVER_TEST_POSTGRES_URL';

/** The test database's URL, or null when PostgreSQL tests are to be skipped. */
export function testPostgresUrl(): string | null {
  const url = process.env[POSTGRES_URL_VARIABLE];
  if (url) return url;
  if (process.env['CI'] === 'true') {
    throw new Error(
      `CI=true but ${POSTGRES_URL_VARIABLE} is not set: .ci/run must start PostgreSQL and export ` +
        'its URL, so that every store is tested',
    );
  }
  return null;
}

export interface TestSchema {
  /** The test URL with its search_path set to a new, empty schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh schema, so each test's store starts empty and tests run side by side. */
export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`CREATE SCHEMA ${name}`));
  const drop = async (): Promise<void> => {
    await withClient(baseUrl, (client) => client.query(`DROP SCHEMA ${name} CASCADE`));
  };
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop,
  };
}

/** Runs `work` on a single connection of its own. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
