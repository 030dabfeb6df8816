import { describe, expect, it } from 'vitest';

import { CursorCodec } from '../../src/taxii/cursor.js';

describe('CursorCodec', () => {
  const codec = new CursorCodec('secret-one');
  const position = {
    dateAdded: 1_700_000_000_123_456,
    id: 'indicator--9d1d4d5f-1c59-5f1e-9c47-0a1c7c2c1c2c',
  };

  it('gives back the position it encoded, for the same filters', () => {
    const token = codec.encode(position, 'filters-a');
    expect(codec.decode(token, 'filters-a')).toEqual(position);
  });

  it('is honoured by another process with the same secret', () => {
    const token = codec.encode(position, 'filters-a');
    expect(new CursorCodec('secret-one').decode(token, 'filters-a')).toEqual(position);
  });

  it('refuses a token used with other filters', () => {
    expect(codec.decode(codec.encode(position, 'filters-a'), 'filters-b')).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const token = new CursorCodec('secret-two').encode(position, 'filters-a');
    expect(codec.decode(token, 'filters-a')).toBeNull();
  });

  it.each(['', 'abc', 'a.b', 'a.b.c', '%%%.***', `${'x'.repeat(5000)}.y`])(
    'refuses the malformed token %j',
    (token) => {
      expect(codec.decode(token, 'filters-a')).toBeNull();
    },
  );

  it('refuses a token whose payload was altered', () => {
    const [payload, signature] = codec.encode(position, 'filters-a').split('.');
    const altered = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace('123456', '123457'),
    ).toString('base64url');
    expect(codec.decode(`${altered}.${signature}`, 'filters-a')).toBeNull();
  });
});
