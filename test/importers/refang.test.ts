import { describe, expect, it } from 'vitest';

import { refang } from '../../src/importers/refang.js';

describe('refang', () => {
  it.each([
    ['185.178.209[.]193', '185.178.209.193'],
    ['gue[.]life', 'gue.life'],
    ['evil(.)com', 'evil.com'],
    ['evil{.}com', 'evil.com'],
    ['evil[dot]com', 'evil.com'],
    ['evil[DOT]com', 'evil.com'],
    ['evil(dot)com', 'evil.com'],
    ['evil[ . ]com', 'evil.com'],
    ['hxxp://evil.com/a', 'http://evil.com/a'],
    ['hxxps://evil.com/a', 'https://evil.com/a'],
    ['HXXPS://evil.com', 'https://evil.com'],
    ['hxxp[:]//evil[.]com/x', 'http://evil.com/x'],
    ['hxxps[://]evil[.]com', 'https://evil.com'],
    ['fxp://files[.]example[.]net/a.exe', 'ftp://files.example.net/a.exe'],
    ['10.0.0.1[:]8080', '10.0.0.1:8080'],
    ['user[@]evil[.]com', 'user@evil.com'],
    ['user[at]evil[.]com', 'user@evil.com'],
    ['user(at)evil.com', 'user@evil.com'],
    ['http://evil.com[/]path', 'http://evil.com/path'],
  ])('turns %s into %s', (given, want) => {
    expect(refang(given)).toBe(want);
  });

  it.each([
    'http://example.com/a',
    'hxxpsomething.example.com',
    '2001:db8::1',
    'taxi.example.com',
    'Computer\\HKEY_LOCAL_MACHINE\\SOFTWARE\\7-Zip',
  ])('leaves %s as it is', (given) => {
    expect(refang(given)).toBe(given);
  });
});
