import { afterEach, expect, test, vi } from 'vitest';
import { KEEPALIVE_BUDGET_BYTES } from '../../../src/defaults.js';
import { FetchSender } from '../../../src/delivery/FetchSender.js';
import type { TrailEvent } from '../../../src/events/schema.js';

afterEach(() => vi.unstubAllGlobals());

const sender = () =>
  new FetchSender({
    url: '/v1/logs',
    format: 'labeltrail',
    gzip: false,
    timeoutMs: 1_000,
    serviceName: 'test',
    version: '0',
    headers: undefined,
  });

/** `n` events whose sizes vary, as real ones do (items and labels of different lengths). */
const events = (n: number, padding: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        id: `e-${i}`,
        seq: i,
        session: 's',
        type: 'label.added',
        context: { item: 'x'.repeat((i * 7 + padding) % 40) },
      }) as unknown as TrailEvent,
  );

// A backlog larger than the keepalive budget: the pagehide send packs what fits and sends it.
// Bodies are measured as they are sent (with the send time in them); a request measured
// without it could fit by a few bytes on paper and then be refused by the budget, sending nothing.
test('a backlog over the keepalive budget sends as much as fits, for any event sizes', () => {
  const bodies: number[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      bodies.push(new TextEncoder().encode(init.body as string).byteLength);
      return new Promise(() => undefined);
    }),
  );
  const nothingSent: string[] = [];
  // Backlogs of about twice the budget, event sizes shifted: the packing lands at every distance from the budget.
  for (let n = 620; n < 660; n++) {
    for (let padding = 0; padding < 40; padding++) {
      bodies.length = 0;
      const handed = sender().sendOnUnload(events(n, padding));
      if (handed === 0) nothingSent.push(`${n} events, padding ${padding}`);
      expect(bodies.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES);
    }
  }
  expect(nothingSent, 'backlogs that sent nothing at all').toEqual([]);
});
