import { describe, expect, it } from 'vitest';

import { buildObservable, type Observable } from '../../src/stix/observables.js';
import { observationPattern } from '../../src/stix/pattern.js';
import { parsePattern } from './pattern-parser.js';

const MD5 = 'e086aa137fa19f67d27b39d0eca18610';
const SHA1 = '409629a08b9b3f3be610b8832cc28822f964410f';
const SHA256 = 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9';
const SHA512 =
  '502b6772333c9f8ba18bf4b9cb47c81d1b931660e7a7a51d7b42ccf9179ea34e' +
  '4d852466e1101249dbc3da32b121bf83427b0237dce1870e5e1a5b04db524cfb';
// TLSH 4 output: the version marker T1, then the 70 digits STIX's TLSH holds.
const TLSH = '6A1F0000B05A48DE8F8A0D33B64B8CAEE1D1C5E73F44A3A67C4A31DC9151C1B7E2A4DF';
const CPE = 'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6:*:*:*:*:*:*:*';

function observable(type: string, value: string, fields: Record<string, unknown> = {}) {
  const outcome = buildObservable(type, value, fields);
  if ('problem' in outcome) throw new Error(`${type} ${value}: ${outcome.problem}`);
  return outcome;
}

function pattern(o: Observable): string {
  return observationPattern(o.comparisons, 'OR');
}

describe('observables', () => {
  it.each<[string, string, Record<string, unknown>, Record<string, unknown> | null, string]>([
    ['IP', '198.51.100.3', {}, { value: '198.51.100.3' }, "[ipv4-addr:value = '198.51.100.3']"],
    ['CIDR', '10.0.0.0/8', {}, { value: '10.0.0.0/8' }, "[ipv4-addr:value = '10.0.0.0/8']"],
    ['IP', ' 192.0.2.1 ', {}, { value: '192.0.2.1' }, "[ipv4-addr:value = '192.0.2.1']"],
    ['IPv6', '2001:DB8::1', {}, { value: '2001:db8::1' }, "[ipv6-addr:value = '2001:db8::1']"],
    [
      'IPv6CIDR',
      '2001:db8::/32',
      {},
      { value: '2001:db8::/32' },
      "[ipv6-addr:value = '2001:db8::/32']",
    ],
    [
      'IPv6',
      '::FFFF:192.0.2.1',
      {},
      { value: '::ffff:c000:201' },
      "[ipv6-addr:value = '::ffff:c000:201']",
    ],
    ['Domain', 'example.com.', {}, { value: 'example.com' }, "[domain-name:value = 'example.com']"],
    ['Domain', 'bücher.de', {}, { value: 'bücher.de' }, "[domain-name:value = 'bücher.de']"],
    ['DomainGlob', '*.example.com', {}, null, "[domain-name:value LIKE '%.example.com']"],
    [
      'URL',
      "http://example.com/a?q='x'",
      {},
      { value: "http://example.com/a?q='x'" },
      "[url:value = 'http://example.com/a?q=\\'x\\'']",
    ],
    ['Email', 'a@b.example', {}, { value: 'a@b.example' }, "[email-addr:value = 'a@b.example']"],
    ['ASN', 'AS15169', {}, { number: 15169 }, '[autonomous-system:number = 15169]'],
    ['ASN', '15169', {}, { number: 15169 }, '[autonomous-system:number = 15169]'],
    ['Mutex', 'Global\\mtx', {}, { name: 'Global\\mtx' }, "[mutex:name = 'Global\\\\mtx']"],
    [
      'Account',
      'CORP\\alice',
      { userid: 'S-1-5-21-1', accounttype: 'Windows-Domain' },
      { user_id: 'S-1-5-21-1', account_login: 'CORP\\alice', account_type: 'windows-domain' },
      "[user-account:account_login = 'CORP\\\\alice']",
    ],
    [
      'Software',
      'Notepad++',
      { vendor: 'Don Ho', version: '8.6', cpe: CPE },
      { name: 'Notepad++', cpe: CPE, vendor: 'Don Ho', version: '8.6' },
      "[software:name = 'Notepad++']",
    ],
    [
      'X509 Certificate',
      '0a:1b:2c',
      { sha256: SHA256.toUpperCase(), issuer: [{ title: 'CN', data: 'Example CA' }] },
      { hashes: { 'SHA-256': SHA256 }, serial_number: '0a:1b:2c', issuer: 'CN=Example CA' },
      "[x509-certificate:serial_number = '0a:1b:2c']",
    ],
    [
      'Registry Key',
      'HKLM\\Software\\Run',
      { keyvalue: [{ name: 'evil', data: 'C:\\e.exe', type: 'reg_sz' }, {}] },
      {
        key: 'HKEY_LOCAL_MACHINE\\Software\\Run',
        values: [{ name: 'evil', data: 'C:\\e.exe', data_type: 'REG_SZ' }],
      },
      "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Run']",
    ],
    [
      'Registry Key',
      'Computer\\HKEY_CURRENT_USER\\x',
      {},
      { key: 'HKEY_CURRENT_USER\\x' },
      "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\x']",
    ],
    ['File', MD5.toUpperCase(), {}, { hashes: { MD5 } }, `[file:hashes.MD5 = '${MD5}']`],
    [
      'File',
      '3:SU7:SU7',
      {},
      { hashes: { SSDEEP: '3:SU7:SU7' } },
      "[file:hashes.SSDEEP = '3:SU7:SU7']",
    ],
    [
      'File',
      SHA256,
      { md5: MD5, sha1: SHA1, sha256: SHA256, sha512: SHA512, ssdeep: '3:SU7:SU7' },
      { hashes: { MD5, 'SHA-1': SHA1, 'SHA-256': SHA256, 'SHA-512': SHA512, SSDEEP: '3:SU7:SU7' } },
      `[file:hashes.MD5 = '${MD5}' OR file:hashes.'SHA-1' = '${SHA1}' OR ` +
        `file:hashes.'SHA-256' = '${SHA256}' OR file:hashes.'SHA-512' = '${SHA512}']`,
    ],
    ['File', `T1${TLSH.toLowerCase()}`, {}, { hashes: { TLSH } }, `[file:hashes.TLSH = '${TLSH}']`],
    [
      'File',
      MD5,
      { ssdeep: '3:SU7:SU7', tlsh: `T1${TLSH}` },
      { hashes: { MD5, SSDEEP: '3:SU7:SU7', TLSH } },
      `[file:hashes.MD5 = '${MD5}']`,
    ],
  ])('maps %s %j to its SCO and pattern', (type, value, fields, properties, want) => {
    const { observable: o, notes } = observable(type, value, fields);
    expect(notes).toEqual([]);
    expect(o.properties).toEqual(properties);
    expect(pattern(o)).toBe(want);

    // Every literal in the pattern is, once parsed, exactly the value the SCO holds.
    const parsed = parsePattern(pattern(o)).observations[0]!;
    expect(parsed.map((c) => c.value)).toEqual(o.comparisons.map((c) => c.value));
    if (properties !== null) {
      for (const c of parsed) expect(c.value).toEqual(dig(properties, c.path));
    }
  });

  it.each([
    ['IP', '256.1.1.1'],
    ['IP', '10.0.0.01'],
    ['IP', '10.0.0.0/33'],
    ['CIDR', '10.0.0.0/8/9'],
    ['IPv6', '2001:db8::g'],
    ['IPv6', 'fe80::1%eth0'],
    ['IPv6', '::1/129'],
    ['Domain', 'exa mple.com'],
    ['Domain', '-bad.example'],
    ['Domain', `${'a'.repeat(64)}.com`],
    ['DomainGlob', 'example.com'],
    ['URL', 'example.com/path'],
    ['URL', 'http://exa mple.com/'],
    ['Email', 'not-an-address'],
    ['ASN', 'AS4294967296'],
    ['ASN', 'ASX'],
    ['File', 'abc123'],
    ['File', 'e086aa137fa19f67d27b39d0eca1861'],
    ['File', `${MD5}z`],
    ['Registry Key', 'Software\\Microsoft'],
    ['Registry Key', 'HKLM\\a\\\\b'],
    ['Mutex', ''],
    ['Account', ''],
    ['X509 Certificate', '  '],
  ])('refuses %s %j', (type, value) => {
    expect(buildObservable(type, value, {})).toHaveProperty('problem');
  });

  it('keeps the value and notes a hash field that is malformed or disagrees with it', () => {
    const { observable: o, notes } = observable('File', SHA256, {
      sha1: 'not-a-hash',
      sha256: '0'.repeat(64),
      tlsh: 'T2' + 'A'.repeat(70),
    });
    expect(o.properties).toEqual({ hashes: { 'SHA-256': SHA256 } });
    expect(notes).toHaveLength(3);
  });

  it('drops a cpe that is not a CPE 2.3 string and a registry type outside the enumeration', () => {
    expect(observable('Software', 'x', { cpe: 'cpe:/a:vendor:x' }).notes).toHaveLength(1);
    const key = observable('Registry Key', 'HKU\\x', { keyvalue: [{ name: 'a', type: 'DWORD' }] });
    expect(key.observable.properties).toEqual({ key: 'HKEY_USERS\\x', values: [{ name: 'a' }] });
    expect(key.notes).toHaveLength(1);
  });
});

function dig(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, step) => (node as Record<string, unknown>)[step], value);
}
