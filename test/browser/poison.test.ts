// A poison event next to good ones, from a real page to the real collector: the browser's
// checks accept it, the database refuses it. The good ones are delivered and stored; the
// poison one alone is parked in rejectedEvents() with the collector's reason, and delivery
// goes on (before, the whole batch answered 500 and the browser retried it forever).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useEngine } from './engines/useEngine.js';
import { emit, openTrail, pageErrors, startRig, type Rig, type Win } from './faults/support.js';

const browsers = useEngine();
let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  // A rule the envelope knows nothing of: the event passes every check and the database refuses it.
  await rig.collector.db.query(
    `ALTER TABLE labeltrail_events ADD CONSTRAINT poison_label CHECK (label_name IS DISTINCT FROM 'poison')`,
  );
});
afterAll(async () => {
  await rig?.close();
});

test('a database-refused event is parked as rejected with its reason; the good ones beside it arrive', async () => {
  const context = await browsers.engine.newContext();
  try {
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 } });
    const before = await emit(page, 20, 'good-a');
    const poison = (await page.evaluate(
      () => (window as Win).trail.track('label.added', { label: { id: 'L-poison', name: 'poison' } }).id,
    )) as string;
    const after = await emit(page, 20, 'good-b');
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    const rejected = (await page.evaluate(async () =>
      ((await (window as Win).trail.rejectedEvents()) as { event: { id: string }; reason: string }[]).map((r) => [
        r.event.id,
        r.reason,
      ]),
    )) as [string, string][];
    const stored = await rig.stored();
    expect(await pageErrors(page)).toEqual([]);
    expect([...before, ...after].filter((id) => !stored.ids.has(id))).toEqual([]);
    expect(stored.ids.has(poison)).toBe(false);
    expect(rejected).toEqual([[poison, 'the database refused this event (SQLSTATE 23514)']]);
    // Every request was answered 200: the poison never failed a batch.
    expect(rig.arrivals.map((arrival) => arrival.status).filter((status) => status !== 200)).toEqual([]);
    // Delivery goes on after it.
    const later = await emit(page, 5, 'good-c');
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    const storedLater = await rig.stored();
    expect(later.filter((id) => !storedLater.ids.has(id))).toEqual([]);
  } finally {
    await context.close();
  }
});
