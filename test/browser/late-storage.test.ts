// Storage that opens late is still storage: a page whose IndexedDB open fails at first keeps
// its events in memory and tries again; its flush() waits for the store, where an earlier
// page's events wait, instead of resolving over a store it cannot see.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { EngineContext } from './engines/engine.js';
import { useEngine } from './engines/useEngine.js';
import { emit, idbIds, openTrail, pageErrors, startRig, type Rig, type Win } from './faults/support.js';

const browsers = useEngine();
let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(() => {
  rig.fault(undefined);
  rig.harness.initScript(undefined);
});
afterAll(async () => {
  await rig?.close();
});

const RETRY = { baseMs: 200, maxMs: 1_000 };

/** An earlier page stores 500 events while the endpoint refuses them, then goes away. */
async function storedByEarlierPage(context: EngineContext): Promise<string[]> {
  rig.fault(() => ({ kind: 'answer', status: 503 }));
  const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 }, retry: RETRY });
  const ids = await emit(page, 500, 'earlier');
  await expect.poll(async () => (await idbIds(page)).length, { timeout: 10_000 }).toBe(500);
  await page.close();
  rig.fault(undefined);
  return ids;
}

/**
 * The library's first `failures` opens of the queue (the ones that name a version) fail, as a
 * refused or broken backing store does: a real open of an older version answers VersionError.
 * Every page served after this call runs it first.
 */
function failFirstOpens(failures: number): void {
  rig.harness.initScript(`{
    const open = IDBFactory.prototype.open;
    let left = ${failures};
    IDBFactory.prototype.open = function (name, version) {
      if (version !== undefined && left > 0) {
        left--;
        return open.call(this, name, 1);
      }
      return version === undefined ? open.call(this, name) : open.call(this, name, version);
    };
  }`);
}

test('flush() waits for an IndexedDB that opens late, and delivers what an earlier page stored', async () => {
  const context = await browsers.engine.newContext();
  try {
    const earlier = await storedByEarlierPage(context);
    failFirstOpens(2);
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 }, retry: RETRY });
    const mine = await emit(page, 20, 'later');
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 20_000 }));
    const stored = await rig.stored();
    expect(earlier.filter((id) => !stored.ids.has(id))).toEqual([]);
    expect(mine.filter((id) => !stored.ids.has(id))).toEqual([]);
    expect(await page.evaluate(() => (window as Win).trailStatus.storage)).toBe('indexeddb');
    expect((await page.evaluate(() => (window as Win).errors)).map((e: { name: string }) => e.name)).toContain(
      'TrailStorageError',
    );
    expect(await pageErrors(page)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('flush() rejects with storage_unavailable when IndexedDB stays shut past timeoutMs', async () => {
  const context = await browsers.engine.newContext();
  try {
    await storedByEarlierPage(context);
    failFirstOpens(1_000);
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 }, retry: RETRY });
    await emit(page, 20, 'shut');
    const started = Date.now();
    const outcome = await page.evaluate(() =>
      (window as Win).trail.flush({ timeoutMs: 1_500 }).then(
        () => 'resolved',
        (e: { name: string; code: string }) => `${e.name} ${e.code}`,
      ),
    );
    expect(outcome).toBe('TrailDeliveryError storage_unavailable');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(await page.evaluate(() => (window as Win).trailStatus.storage)).toBe('memory');
    expect(await pageErrors(page)).toEqual([]);
  } finally {
    await context.close();
  }
});
