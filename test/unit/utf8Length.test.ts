import { expect, test } from 'vitest';
import { utf8Length } from '../../src/lib/utf8Length.js';
import { prng } from '../support/randomInput.js';

const encoder = new TextEncoder();

test('counts what TextEncoder writes for ASCII, 2-, 3- and 4-byte characters and lone surrogates', () => {
  for (const s of ['', 'Car', 'é', '車', '😀', 'a😀b', '\ud800', 'x\udfff', '\udfff\ud800', '\ud83d', 'é車😀\u0000']) {
    expect(utf8Length(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
  }
});

test('agrees with TextEncoder on random UTF-16 strings', () => {
  const random = prng(7);
  for (let n = 0; n < 2000; n++) {
    const s = Array.from({ length: Math.floor(random() * 12) }, () =>
      String.fromCharCode(Math.floor(random() * 0x10000)),
    ).join('');
    expect(utf8Length(s)).toBe(encoder.encode(s).length);
  }
});
