import { describe, expect, it } from 'vitest';

import { isPostgresUrl, poolSettings } from '../../src/store/postgres/connection.js';
import { openStore } from '../../src/store/open-store.js';

describe('PostgreSQL store URLs', () => {
  it.each([
    ['postgres://db/feeds', true],
    ['postgresql://u@db:5432/feeds', true],
    ['POSTGRES://db/feeds', true],
    ['data/taxii2-server.db', false],
    ['/var/lib/postgres/feeds.db', false],
    ['postgres.db', false],
  ])('reads %j as a PostgreSQL URL: %s', (location, expected) => {
    expect(isPostgresUrl(location)).toBe(expected);
  });

  it('sizes the pool from its own parameters and sends the rest to the server', () => {
    const { config, location } = poolSettings(
      'postgres://feed:s3cret@127.0.0.1:5432/taxii?pool_max=25&pool_idle_ms=500' +
        '&connect_timeout=3&sslmode=disable&options=-c%20search_path%3Dfeeds',
    );
    expect(config).toMatchObject({
      max: 25,
      idleTimeoutMillis: 500,
      connectionTimeoutMillis: 3000,
      options: '-c jit=off -c search_path=feeds',
    });
    const sent = 'postgres://feed:s3cret@127.0.0.1:5432/taxii?sslmode=disable';
    expect(config.connectionString).toBe(sent);
    expect(location).not.toContain('s3cret');
  });

  it.each([
    ['postgres://db/x?pool_max=0', /pool_max is "0"/],
    ['postgres://db/x?pool_max=ten', /pool_max is "ten"; expected a positive whole number/],
    ['postgres://db/x?connect_timeout=-1', /connect_timeout/],
    ['postgres://[db/x', /not a valid URL/],
  ])('refuses %j with a message naming the parameter', (url, message) => {
    expect(() => poolSettings(url)).toThrow(message);
  });

  it('names the server it could not reach, without the password', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const opening = openStore('postgres://feed:s3cret@127.0.0.1:1/taxii');
    const named = /cannot open the PostgreSQL store postgres:\/\/feed@127\.0\.0\.1:1\/taxii/;
    await expect(opening).rejects.toThrow(named);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});
