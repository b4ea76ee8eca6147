// gzip() encodes into a buffer of its own; the body must come back whole, with nothing after it.
import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { gzip } from '../../../src/lib/gzip.js';

test('a body with every kind of UTF-8 sequence gzips back to the same text', async () => {
  for (const text of [
    '',
    'a',
    '車'.repeat(3000),
    JSON.stringify({ note: 'ünï 車 😀 lone \ud800 end', pad: 'x'.repeat(2000) }),
  ]) {
    const expected = new TextDecoder().decode(new TextEncoder().encode(text));
    expect(gunzipSync(await gzip(text)).toString('utf8')).toBe(expected);
  }
});
