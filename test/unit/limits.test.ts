// The envelope's key and payload limits against independent oracles: TextEncoder for UTF-8
// bytes, a regular expression for control characters and lone surrogates, a recursive depth.
import { expect, test } from 'vitest';
import { isKeyText, keyBytes, MAX_ID_BYTES, MAX_PAYLOAD_BYTES, payloadProblem } from '../../src/events/limits.js';
import { prng } from '../support/randomInput.js';

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const BAD = /[\0-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const encoder = new TextEncoder();

test('keyBytes counts UTF-8 bytes as TextEncoder does, and refuses control characters and lone surrogates', () => {
  const random = prng(7);
  const units = [
    0x41, 0x20, 0x09, 0x0a, 0x0d, 0x00, 0x1f, 0x7f, 0xe9, 0x7ff, 0x800, 0x8eca, 0xd83d, 0xde00, 0xdfff, 0xfffd,
  ];
  for (let round = 0; round < 20_000; round++) {
    const length = Math.floor(random() * 12);
    const s = String.fromCharCode(...Array.from({ length }, () => units[Math.floor(random() * units.length)]!));
    const expected = BAD.test(s) ? -1 : encoder.encode(s).length;
    expect(keyBytes(s), JSON.stringify(s)).toBe(expected);
    expect(isKeyText(s)).toBe(expected > 0 && expected <= MAX_ID_BYTES);
  }
});

test('isKeyText takes 256 bytes and no more, in any script', () => {
  for (const [unit, width] of [
    ['x', 1],
    ['é', 2],
    ['車', 3],
    ['😀', 4],
  ] as const) {
    const fits = unit.repeat(Math.floor(MAX_ID_BYTES / width));
    expect(isKeyText(fits)).toBe(true);
    expect(isKeyText(fits + unit)).toBe(false);
  }
  expect(isKeyText('')).toBe(false);
  expect(isKeyText(5)).toBe(false);
});

test('payloadProblem refuses depth over 32 and JSON over 8192 UTF-8 bytes, and never throws', () => {
  const deep = (depth: number) => {
    let o: Record<string, unknown> = {};
    for (let d = 1; d < depth; d++) o = { n: o };
    return o;
  };
  expect(payloadProblem(deep(32))).toBeUndefined();
  expect(payloadProblem(deep(33))).toMatch(/over 32/);
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  expect(payloadProblem(cyclic)).toMatch(/over 32/);
  // {"s":"…"} is 8 bytes around the text.
  expect(payloadProblem({ s: 'é'.repeat((MAX_PAYLOAD_BYTES - 8) / 2) })).toBeUndefined();
  expect(payloadProblem({ s: 'é'.repeat((MAX_PAYLOAD_BYTES - 8) / 2) + 'x' })).toBe('is too large');
  expect(payloadProblem({ big: 1n })).toBe('is not serialisable as JSON');
  expect(payloadProblem({ note: 'a\u0000b' })).toBeUndefined();
});
