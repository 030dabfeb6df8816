import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../../src/config/config-error.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'taxii2-config-')), 'config.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('gives the defaults when nothing is configured', () => {
    expect(loadConfig({ env: {} })).toEqual(DEFAULT_CONFIG);
  });

  it('lets flags beat the environment, and the environment beat the file', () => {
    const file = configFile(JSON.stringify({ port: 1111, host: '0.0.0.0', maxPageSize: 50 }));
    const config = loadConfig({
      file,
      env: { TAXII2_SERVER_PORT: '2222', TAXII2_SERVER_HOST: '::1' },
      flags: { port: '3333' },
    });
    expect(config.port).toBe(3333);
    expect(config.host).toBe('::1');
    expect(config.maxPageSize).toBe(50);
  });

  it('merges nested sections with the defaults', () => {
    const file = configFile(JSON.stringify({ apiRoot: { title: 'Partner feed' } }));
    const config = loadConfig({ file, env: {} });
    expect(config.apiRoot).toEqual({ ...DEFAULT_CONFIG.apiRoot, title: 'Partner feed' });
  });

  it('freezes the result', () => {
    const config = loadConfig({ env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.apiRoot)).toBe(true);
  });

  it.each([
    ['{"port": "9000"}', /\/port: must be integer/],
    ['{"prot": 9000}', /must NOT have additional properties "prot"/],
    ['{"apiRoot": {"name": "taxii2"}}', /\/apiRoot\/name/],
    ['{"apiRoot": {"name": "docs"}}', /\/apiRoot\/name/],
    [
      '{"stix": {"observables": {"ipv4-addr": "all"}}}',
      /must be equal to one of the allowed values/,
    ],
    ['{"port": 9000', /not valid JSON/],
  ])('refuses the file %s, naming the file and the field', (content, message) => {
    const file = configFile(content);
    expect(() => loadConfig({ file, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ file, env: {} })).toThrow(message);
    expect(() => loadConfig({ file, env: {} })).toThrow(file);
  });

  it('refuses a missing file with the path to check', () => {
    expect(() => loadConfig({ file: '/nonexistent/taxii2.json', env: {} })).toThrow(
      /\/nonexistent\/taxii2.json: cannot read the configuration file \(ENOENT\)/,
    );
  });

  it('refuses a non-numeric port from the environment, naming the variable', () => {
    expect(() => loadConfig({ env: { TAXII2_SERVER_PORT: 'eighty' } })).toThrow(
      /environment TAXII2_SERVER_PORT: "eighty" is not a whole number/,
    );
  });

  it('keeps add request statuses as long as configured, 24 hours at least', () => {
    const file = configFile(JSON.stringify({ apiRoot: { statusRetentionHours: 48 } }));
    expect(loadConfig({ file, env: {} }).apiRoot.statusRetentionHours).toBe(48);
    const env = { TAXII2_SERVER_STATUS_RETENTION_HOURS: '72' };
    expect(loadConfig({ file, env }).apiRoot.statusRetentionHours).toBe(72);
    const flags = { 'status-retention-hours': '96' };
    expect(loadConfig({ file, env, flags }).apiRoot.statusRetentionHours).toBe(96);
    expect(() => loadConfig({ env: {}, flags: { 'status-retention-hours': '12' } })).toThrow(
      /statusRetentionHours: must be >= 24/,
    );
  });

  it('refuses an out-of-range port from a flag', () => {
    expect(() => loadConfig({ env: {}, flags: { port: '70000' } })).toThrow(/port/);
  });

  it('reads switches from the file, the environment and flags', () => {
    const file = configFile(JSON.stringify({ validateResponses: true }));
    expect(loadConfig({ file, env: {} }).validateResponses).toBe(true);
    expect(loadConfig({ env: { TAXII2_SERVER_VALIDATE_RESPONSES: 'Yes' } }).validateResponses).toBe(
      true,
    );
    const off = loadConfig({ file, env: { TAXII2_SERVER_VALIDATE_RESPONSES: '0' } });
    expect(off.validateResponses).toBe(false);
  });

  it('refuses a switch that is neither on nor off, naming the variable', () => {
    expect(() => loadConfig({ env: { TAXII2_SERVER_VALIDATE_RESPONSES: 'maybe' } })).toThrow(
      /environment TAXII2_SERVER_VALIDATE_RESPONSES: "maybe" is not a switch/,
    );
  });

  it('reads the XSOAR extension fields from the file, the environment and flags', () => {
    const file = configFile(JSON.stringify({ stix: { extensionFields: 'all' } }));
    expect(loadConfig({ file, env: {} }).stix.extensionFields).toBe('all');
    const env = { TAXII2_SERVER_EXTENSION_FIELDS: 'score, sourceBrands,port' };
    expect(loadConfig({ file, env }).stix.extensionFields).toEqual([
      'score',
      'sourceBrands',
      'port',
    ]);
    const flags = { 'extension-fields': 'all' };
    expect(loadConfig({ env, flags }).stix.extensionFields).toEqual(['all']);
    expect(loadConfig({ env: {} }).stix.extensionFields).toBeNull();
  });

  it('refuses extension fields that are neither "all" nor a list of names', () => {
    const file = configFile(JSON.stringify({ stix: { extensionFields: 'score' } }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/extensionFields/);
    const empty = configFile(JSON.stringify({ stix: { extensionFields: [''] } }));
    expect(() => loadConfig({ file: empty, env: {} })).toThrow(/extensionFields/);
  });
});
