import { describe, expect, it } from 'vitest';

import {
  PRODUCT_NAMESPACE,
  installationNamespace,
  persistentId,
  scoId,
  stix20Id,
  stixIdType,
} from '../../src/stix/ids.js';

const SHA256 = 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9';
const MD5 = 'e086aa137fa19f67d27b39d0eca18610';

describe('SCO ids', () => {
  // The first two are the brief's vectors; the others are ids Cortex XSOAR's own TAXII
  // server wrote for the same values (in the fixtures under /work/shared/data/xsoar).
  it.each<[string, Record<string, unknown>, string]>([
    ['ipv4-addr', { value: '198.51.100.3' }, 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'],
    ['domain-name', { value: 'example.com' }, 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7'],
    ['ipv4-addr', { value: '8.8.8.8' }, 'ipv4-addr--2f689bf9-0ff2-545f-aa61-e495eb8cecc7'],
    ['ipv4-addr', { value: '1.1.1.1' }, 'ipv4-addr--cbd67181-b9f8-595b-8bc3-3971e34fa1cc'],
    [
      'domain-name',
      { value: 'bad-domain.com' },
      'domain-name--30729184-1706-51da-9384-a2683c171b50',
    ],
    ['file', { hashes: { 'SHA-1': '1'.repeat(40) } }, 'file--a8b26730-1daf-57e7-9c48-02c6481f82a0'],
    ['file', { hashes: { 'SHA-1': '3'.repeat(40) } }, 'file--427204f1-558f-5703-b72a-a769445c4281'],
  ])('gives %s %j the id %s', (type, properties, want) => {
    expect(scoId(type, properties)).toBe(want);
  });

  it('derives a file id from its MD5 when it has several hashes, MD5 being preferred', () => {
    const all = scoId('file', { hashes: { 'SHA-256': SHA256, MD5 } });
    expect(all).toBe(scoId('file', { hashes: { MD5 } }));
    expect(all).not.toBe(scoId('file', { hashes: { 'SHA-256': SHA256 } }));
  });

  it('ignores properties that do not contribute to the id', () => {
    const plain = scoId('autonomous-system', { number: 15169 });
    expect(scoId('autonomous-system', { number: 15169, name: 'Google' })).toBe(plain);
    expect(scoId('windows-registry-key', { key: 'HKEY_USERS\\x' })).not.toBe(
      scoId('windows-registry-key', { key: 'HKEY_USERS\\x', values: [{ name: 'a' }] }),
    );
  });

  it('gives no id when no contributing property is present', () => {
    expect(scoId('user-account', { display_name: 'x' })).toBeNull();
  });

  it('refuses a type whose contributing properties it does not know', () => {
    expect(() => scoId('process', { pid: 1 })).toThrow(TypeError);
  });
});

describe('persistent ids', () => {
  it('derives the installation namespace from its seed inside the product namespace', () => {
    expect(PRODUCT_NAMESPACE).toBe('4a64be01-54de-50d4-b4fd-5ee867e44bbf');
    expect(installationNamespace('seed')).toBe(installationNamespace('seed'));
    expect(installationNamespace('seed')).not.toBe(installationNamespace('other seed'));
  });

  it('gives the same name the same id, and different names or types different ids', () => {
    const ns = installationNamespace('test');
    const id = persistentId(ns, 'indicator', 'IP', '1.2.3.4');
    expect(id).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    expect(persistentId(ns, 'indicator', 'IP', '1.2.3.4')).toBe(id);
    expect(persistentId(ns, 'indicator', 'IP', '1.2.3.5')).not.toBe(id);
    expect(persistentId(installationNamespace('x'), 'indicator', 'IP', '1.2.3.4')).not.toBe(id);
    expect(persistentId(ns, 'malware', 'IP', '1.2.3.4').split('--')[1]).not.toBe(id.split('--')[1]);
  });

  it('cannot be made to collide by moving text between name parts', () => {
    const ns = installationNamespace('test');
    const one = persistentId(ns, 'indicator', 'a b', 'c');
    expect(one).not.toBe(persistentId(ns, 'indicator', 'a', 'b c'));
  });
});

describe('stixIdType', () => {
  it.each([
    ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'indicator'],
    ['attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', 'attack-pattern'],
    ['indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F', null],
    ['indicator--8e2e2d2b-17d4-9cbf-938f-98ee46b3cd3f', null],
    ['indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', null],
    ['not an id', null],
  ])('reads %s as %s', (id, want) => {
    expect(stixIdType(id)).toBe(want);
  });
});

describe('stix20Id', () => {
  it.each([
    // A persistent (version 5) id: only the version digit changes.
    [
      'indicator--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
      'indicator--28bb3599-77cd-4a82-a950-b5bc3caf07c4',
    ],
    // Already version 4: unchanged, like the TLP marking definitions both versions share.
    [
      'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
    ],
    [
      'attack-pattern--0c7b5b88-8ff7-3a4d-aa9d-feb398cd0061',
      'attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
    ],
  ])('writes %s as %s', (id, want) => {
    expect(stix20Id(id)).toBe(want);
  });

  it('is what the STIX 2.0 identifier schema asks for, for any persistent id', () => {
    const ns = installationNamespace('stix 2.0');
    const v4 = /^indicator--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    for (let i = 0; i < 200; i++) {
      expect(stix20Id(persistentId(ns, 'indicator', 'IP', `10.0.0.${i}`))).toMatch(v4);
    }
  });

  it('keeps distinct ids distinct', () => {
    const ns = installationNamespace('stix 2.0');
    const ids = Array.from({ length: 1000 }, (_, i) => persistentId(ns, 'malware', String(i)));

    expect(new Set(ids.map(stix20Id)).size).toBe(1000);
  });

  it.each(['not an id', 'indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F'])(
    'refuses %j, which is no STIX id',
    (id) => {
      expect(() => stix20Id(id)).toThrow(TypeError);
    },
  );
});
