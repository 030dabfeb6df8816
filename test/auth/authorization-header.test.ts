import { describe, expect, it } from 'vitest';

import { MalformedCredentials, readAuthorization } from '../../src/auth/authorization-header.js';

const b64 = (text: string | Buffer) =>
  (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');

describe('readAuthorization', () => {
  it.each([
    ['Basic ' + b64('alice:secret'), { scheme: 'basic', user: 'alice', password: 'secret' }],
    ['bAsIc ' + b64('alice:secret'), { scheme: 'basic', user: 'alice', password: 'secret' }],
    ['Basic ' + b64('alice:se:cr:et'), { scheme: 'basic', user: 'alice', password: 'se:cr:et' }],
    ['Basic ' + b64('alice:'), { scheme: 'basic', user: 'alice', password: '' }],
    ['Basic ' + b64(':secret'), { scheme: 'basic', user: '', password: 'secret' }],
    ['Basic ' + b64('test:123£'), { scheme: 'basic', user: 'test', password: '123£' }],
    [
      'Basic ' + b64('Aladdin:open sesame'),
      { scheme: 'basic', user: 'Aladdin', password: 'open sesame' },
    ],
    ['Basic  ' + b64('a:b') + ' ', { scheme: 'basic', user: 'a', password: 'b' }],
    ['Basic ' + b64('e\u0301:x'), { scheme: 'basic', user: '\u00e9', password: 'x' }],
    ['Bearer t2s_abc-DEF_123', { scheme: 'token', token: 't2s_abc-DEF_123' }],
    ['Token abc.def~ghi+/==', { scheme: 'token', token: 'abc.def~ghi+/==' }],
  ])('reads %j', (header, want) => {
    expect(readAuthorization(header)).toEqual(want);
  });

  it.each([undefined, ''])('finds no credentials in %j', (header) => {
    expect(readAuthorization(header)).toBeNull();
  });

  it.each([
    ['Basic', /not valid base64/],
    ['Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ', /not valid base64/],
    ['Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ===', /not valid base64/],
    ['Basic QWxh ZGRp', /not valid base64/],
    ['Basic QWxh_GRp', /not valid base64/],
    ['Basic ' + b64('no-colon'), /no ":"/],
    ['Basic ' + b64(Buffer.from([0x61, 0x3a, 0xff, 0xfe])), /not UTF-8/],
    ['Basic ' + b64('alice:pass\nword'), /control character/],
    ['Basic ' + b64('al\u0000ice:pw'), /control character/],
    ['Bearer', /token is malformed/],
    ['Bearer a,b', /token is malformed/],
    ['Negotiate abc', /"Negotiate" is not supported/],
    ['"Basic" abc', /not "<scheme> <credentials>"/],
  ])('refuses %j', (header, message) => {
    expect(() => readAuthorization(header)).toThrow(MalformedCredentials);
    expect(() => readAuthorization(header)).toThrow(message);
  });
});
