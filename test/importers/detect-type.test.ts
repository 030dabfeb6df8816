import { describe, expect, it } from 'vitest';

import { classifyValue, detectIndicatorType } from '../../src/importers/detect-type.js';

const SHA1 = '409629a08b9b3f3be610b8832cc28822f964410f';
const SHA256 = 'f1412386aa8db2579aff2636cb9511cacc5fd9880ecab60c048508fbe26ee4d9';
const SHA512 =
  '502b6772333c9f8ba18bf4b9cb47c81d1b931660e7a7a51d7b42ccf9179ea34e' +
  '4d852466e1101249dbc3da32b121bf83427b0237dce1870e5e1a5b04db524cfb';

describe('detectIndicatorType', () => {
  it.each([
    // IPv4
    ['8.8.8.8', 'IP', '8.8.8.8'],
    ['0.0.0.0', 'IP', '0.0.0.0'],
    ['255.255.255.255', 'IP', '255.255.255.255'],
    ['185.178.209[.]193', 'IP', '185.178.209.193'],
    // IPv6, every RFC 4291 section 2.2 form, written back in RFC 5952 form
    ['2001:db8:0:0:1:0:0:1', 'IPv6', '2001:db8::1:0:0:1'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 'IPv6', '2001:db8::1'],
    ['2400:6180:0:d0::1008:2001', 'IPv6', '2400:6180:0:d0::1008:2001'],
    ['::', 'IPv6', '::'],
    ['::1', 'IPv6', '::1'],
    ['fe80::', 'IPv6', 'fe80::'],
    ['1:0:0:2:0:0:0:3', 'IPv6', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', 'IPv6', '1::2:0:0:3:4'],
    ['2001:db8:0:1:1:1:1:1', 'IPv6', '2001:db8:0:1:1:1:1:1'],
    ['::13.1.68.3', 'IPv6', '::d01:4403'],
    ['0:0:0:0:0:FFFF:129.144.52.38', 'IPv6', '::ffff:129.144.52.38'],
    ['::ffff:c000:0280', 'IPv6', '::ffff:192.0.2.128'],
    ['[2001:db8::1]', 'IPv6', '2001:db8::1'],
    // networks
    ['198.51.100.0/24', 'CIDR', '198.51.100.0/24'],
    ['10.0.0.1/32', 'CIDR', '10.0.0.1/32'],
    ['2001:DB8::/32', 'IPv6CIDR', '2001:db8::/32'],
    ['2001:db8:0:0::/64', 'IPv6CIDR', '2001:db8::/64'],
    // domains
    ['example.com', 'Domain', 'example.com'],
    ['terryblog.110MB.com', 'Domain', 'terryblog.110mb.com'],
    ['Example.COM.', 'Domain', 'example.com'],
    ['support.f--secure.com', 'Domain', 'support.f--secure.com'],
    ['_dmarc.example.org', 'Domain', '_dmarc.example.org'],
    ['xn--eepass-vbb.info', 'Domain', 'xn--eepass-vbb.info'],
    ['xn--80agatbmcgncccbd9andd6w.xn--p1ai', 'Domain', 'xn--80agatbmcgncccbd9andd6w.xn--p1ai'],
    ['ķeepass.info', 'Domain', 'ķeepass.info'],
    ['ПРИМЕР.рф', 'Domain', 'пример.рф'],
    ['bestarg[.]com', 'Domain', 'bestarg.com'],
    // URLs
    ['http://95.181.152.77', 'URL', 'http://95.181.152.77'],
    ['HTTPS://Evil.Example.COM/P/F.PHP?a=B#F', 'URL', 'https://evil.example.com/P/F.PHP?a=B#F'],
    ['hxxp://evil[.]com/a.exe', 'URL', 'http://evil.com/a.exe'],
    ['http://[2001:DB8::1]:8080/x', 'URL', 'http://[2001:db8::1]:8080/x'],
    ['ftp://user@files.example.net/a', 'URL', 'ftp://user@files.example.net/a'],
    ['foodsgoodforliver.com/invest_20.dll', 'URL', 'http://foodsgoodforliver.com/invest_20.dll'],
    ['gdchub.com//wp-content/themes/x.php', 'URL', 'http://gdchub.com//wp-content/themes/x.php'],
    ['1.2.3.4/gate.php', 'URL', 'http://1.2.3.4/gate.php'],
    ['evil.com:8080/panel', 'URL', 'http://evil.com:8080/panel'],
    // e-mail
    ['Attacker@Evil.Example.com', 'Email', 'Attacker@evil.example.com'],
    ['first.last+tag@example.org', 'Email', 'first.last+tag@example.org'],
    ['user[at]evil[.]com', 'Email', 'user@evil.com'],
    // hashes
    ['E086AA137FA19F67D27B39D0ECA18610', 'File', 'e086aa137fa19f67d27b39d0eca18610'],
    [SHA1.toUpperCase(), 'File', SHA1],
    [SHA256, 'File', SHA256],
    [SHA512, 'File', SHA512],
    // address:port keeps the address as the value
    ['193.29.187.178:51217', 'IP', '193.29.187.178'],
    ['2.tcp.eu.ngrok.io:12002', 'Domain', '2.tcp.eu.ngrok.io'],
    ['[2001:db8::1]:443', 'IPv6', '2001:db8::1'],
    ['95.214.26.97:None', 'IP', '95.214.26.97'],
    ['  padded.example.com  ', 'Domain', 'padded.example.com'],
  ])('reads %s as %s %s', (given, type, value) => {
    expect(detectIndicatorType(given)).toEqual({ type, value });
  });

  it.each([
    '',
    'not-a-domain',
    'C91.196.152.28',
    '1.2.3',
    '1.2.3.4.5',
    '010.1.1.1',
    '256.1.1.1',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '10.0.0.0/33',
    '/w00tw00t.at.ISC.SANS.DFind:)',
    'support¬forum.org',
    '-bad.example.com',
    'deadbeefdeadbeefdeadbeef',
    'two words.com',
    'a@b@c.com',
    'http:///no-host',
    '1.2.3.4:70000',
  ])('finds no type for %j', (given) => {
    expect(detectIndicatorType(given)).toBeNull();
  });
});

describe('classifyValue', () => {
  it.each([
    ['010.1.1.1', 'IPv4 octet "010" has a leading zero (ambiguous: octal?)'],
    ['256.1.1.1', 'IPv4 octet 256 is above 255'],
    ['10.0.0.0/33', 'prefix length "33" is not 0 to 32'],
    ['/banila/config.php', 'a path without a host is no indicator'],
    ['two words', 'a value may not contain whitespace'],
    [
      'deadbeefdeadbeef',
      'a hex string of 16 characters is not an MD5, SHA-1, SHA-256 or SHA-512 hash',
    ],
    ['fe80::1%eth0', 'IPv6 zone indexes are not indicators'],
    ['1.2.3.4:0', 'port 0 is not 1 to 65535'],
    [
      'support¬forum.org',
      'not an IP, CIDR, domain, URL, e-mail or hash (domain label "support¬forum" holds "¬", ' +
        'which no host name may contain)',
    ],
    [
      'C91.196.152.28',
      'not an IP, CIDR, domain, URL, e-mail or hash ("28" is not a top-level domain)',
    ],
  ])('says why %s is refused', (given, reason) => {
    expect(classifyValue(given)).toEqual({ ok: false, reason });
  });

  it('keeps the port of address:port beside the value', () => {
    expect(classifyValue('91.235.116.147:9782')).toEqual({
      ok: true,
      type: 'IP',
      value: '91.235.116.147',
      port: 9782,
    });
  });
});
