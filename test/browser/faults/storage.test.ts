// Scenario 6: storage pressure — a bounded queue, a tiny quota, IndexedDB blocked or failing.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { duplicatesSent, openTrail, pageErrors, report, startRig, type Rig, type Win } from './support.js';
import { chromiumOnly, engineTest, useEngine } from '../engines/useEngine.js';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function droppedReported(): Promise<{ count: number; notices: number }> {
  const result = await rig.collector.db.query<{ n: string | number | null; notices: string | number }>(
    `SELECT sum(((event::json->'payload'->>'count'))::int) AS n, count(*) AS notices FROM ` +
      `labeltrail_events WHERE type = 'trail.dropped'`,
  );
  return { count: Number(result.rows[0]?.n ?? 0), notices: Number(result.rows[0]?.notices ?? 0) };
}

test('6a: a bounded queue drops the oldest and says how many', async () => {
  const context = await browsers.engine.newContext();
  try {
    rig.resetRecording();
    const droppedBefore = await droppedReported();
    rig.fault(() => ({ kind: 'answer', status: 503 }));
    const page = await openTrail(context, rig.origin, {
      queue: { maxEvents: 1000 },
      batch: { delayMs: 50 },
      retry: { baseMs: 500, maxMs: 1_000 },
    });
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      sent.push(...((await page.evaluate((i) => (window as Win).emit(100, `b${i}`), i)) as string[]));
      await sleep(30);
    }
    await page.waitForFunction(
      () => (window as Win).trailStatus.queued <= 1000 && (window as Win).trailStatus.dropped >= 2000,
    );
    const status = await page.evaluate(() => (window as Win).trailStatus);
    rig.fault(undefined);
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    expect(await pageErrors(page)).toEqual([]);
    const stored = await rig.stored();
    const reported = await droppedReported();
    const dropped = reported.count - droppedBefore.count;
    const noticesCreated = (await page.evaluate(() => (window as Win).notices)) as number;
    // Notices are events too: a notice that was itself dropped is counted by a later one.
    const noticesDropped = noticesCreated - (reported.notices - droppedBefore.notices);
    const delivered = sent.filter((id) => stored.ids.has(id));
    const missing = sent.filter((id) => !stored.ids.has(id));
    // Oldest first: every missing event is older than every delivered one.
    const lastMissing = sent.indexOf(missing.at(-1)!);
    const firstDelivered = sent.indexOf(delivered[0]!);
    const lost = missing.length + noticesDropped - dropped;
    report({
      scenario: '6a bounded queue (maxEvents 1000)',
      emitted: sent.length,
      persisted: status.queued,
      stored: delivered.length,
      duplicatesStored: stored.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals, new Set(sent)),
      lost,
      figure:
        `${status.dropped} dropped (oldest; ${noticesDropped} of them notices), ${dropped} ` +
        `reported by ${noticesCreated - noticesDropped} trail.dropped notices`,
    });
    expect(lastMissing).toBeLessThan(firstDelivered);
    expect(lost).toBe(0);
    expect(stored.dupRows).toBe(0);
  } finally {
    await context.close();
  }
});

engineTest('6b: a quota smaller than the queue: memory fallback, nothing lost, nothing thrown', ['quota'], async () => {
  const context = await browsers.engine.newContext();
  try {
    rig.resetRecording();
    await context.setQuota(rig.origin, 256 * 1024);
    rig.fault(() => ({ kind: 'answer', status: 503 }));
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 }, retry: { baseMs: 500, maxMs: 1_000 } });
    const sent: string[] = [];
    // ~4 KB of random text each: about 1.6 MB, several times the quota.
    for (let i = 0; i < 40; i++) {
      sent.push(...((await page.evaluate((i) => (window as Win).emit(10, `q${i}`, 4000), i)) as string[]));
      await sleep(20);
    }
    await page
      .waitForFunction(() => (window as Win).trailStatus.storage === 'memory', undefined, { timeout: 15_000 })
      .catch(async (error: unknown) => {
        console.log(
          JSON.stringify(await page.evaluate(() => [(window as Win).trailStatus, (window as Win).errors.slice(-3)])),
        );
        console.log(JSON.stringify(await page.evaluate(() => navigator.storage.estimate())));
        throw error;
      });
    const storageErrors = (await page.evaluate(() =>
      (window as Win).errors.filter((e: any) => e.name === 'TrailStorageError'),
    )) as {
      message: string;
    }[];
    const status = await page.evaluate(() => (window as Win).trailStatus);
    rig.fault(undefined);
    await page
      .evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }))
      .catch(async (error: unknown) => {
        console.log(
          JSON.stringify(await page.evaluate(() => [(window as Win).trailStatus, (window as Win).errors.slice(-4)])),
        );
        console.log(
          rig.arrivals
            .slice(-5)
            .map((a) => `${a.outcome} ${a.status} ${a.ids.length}`)
            .join(', '),
        );
        throw error;
      });
    expect(await pageErrors(page)).toEqual([]);
    const stored = await rig.stored();
    const lost = sent.filter((id) => !stored.ids.has(id));
    report({
      scenario: '6b quota 256 KiB',
      emitted: sent.length,
      persisted: status.queued,
      stored: sent.length - lost.length,
      duplicatesStored: stored.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals, new Set(sent)),
      lost: lost.length,
      figure: `fell back to memory after: ${storageErrors[0]?.message.split(';')[0] ?? 'no error'}`,
    });
    expect(storageErrors.length).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(stored.dupRows).toBe(0);
    await context.setQuota(rig.origin);
  } finally {
    await context.close();
  }
});

const blockers: Record<string, string> = {
  missing:
    `Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked', ` +
    `'SecurityError'); } });`,
  'open throws':
    `IDBFactory.prototype.open = function () { ` +
    `throw new DOMException('The user denied permission', 'UnknownError'); };`,
  // A database of a newer version already there: the open fails with a VersionError.
  'open fails': `indexedDB.open('labeltrail', 99);`,
  // Open never answers (as in Safari 14.1's first-load bug): its events are swallowed.
  'open never answers': `{ const open = IDBFactory.prototype.open; IDBFactory.prototype.open = function (...args) {
    const req = open.apply(this, args);
    for (const type of ['success', 'error', 'upgradeneeded', 'blocked'])
      req.addEventListener(type, (e) => e.stopImmediatePropagation(), { capture: true });
    return req; }; }`,
  // A broken implementation whose open() does not return a request.
  'open returns no request': `IDBFactory.prototype.open = function () { return new EventTarget(); };`,
  'transactions fail':
    `IDBDatabase.prototype.transaction = function () { ` + `throw new DOMException('disk error', 'UnknownError'); };`,
};

// Where IndexedDB exists but never opens (rather than missing, or opening with failing writes).
const STAYS_SHUT = new Set(['open throws', 'open fails', 'open never answers', 'open returns no request']);

// Failures a script makes on its own (not the engine's IndexedDB answering) behave the same in
// every engine: they run in Chromium.
const SCRIPT_ONLY = new Set(['open throws', 'open returns no request']);
const SAME_EVERYWHERE = "a script's own failure, not the engine's: the same in every engine";

for (const [name, script] of Object.entries(blockers)) {
  const define = (title: string, fn: () => Promise<void>) =>
    SCRIPT_ONLY.has(name) ? chromiumOnly(title, SAME_EVERYWHERE, fn) : test(title, fn);
  define(`6c: IndexedDB ${name}: memory fallback, nothing lost, nothing thrown`, async () => {
    const context = await browsers.engine.newContext();
    try {
      rig.resetRecording();
      rig.harness.initScript(script);
      const page = await openTrail(context, rig.origin, {
        batch: { delayMs: 50 },
        retry: { baseMs: 200, maxMs: 1_000 },
      });
      const sent: string[] = [];
      let threw = 0;
      for (let i = 0; i < 10; i++) {
        try {
          sent.push(...((await page.evaluate((i) => (window as Win).emit(100, `x${i}`), i)) as string[]));
        } catch {
          threw++;
        }
        await sleep(20);
      }
      // A store that exists but stays shut may hold earlier pages' events: flush() delivers what
      // it can see, then says the store is unavailable rather than resolving.
      // A store that stays shut is waited for until the timeout: a short one keeps the suite short.
      const timeoutMs = STAYS_SHUT.has(name) ? 4_000 : 30_000;
      const flushed = await page.evaluate(
        (ms) =>
          (window as Win).trail.flush({ timeoutMs: ms }).then(
            () => 'resolved',
            (e: { code: string }) => e.code,
          ),
        timeoutMs,
      );
      expect(flushed).toBe(STAYS_SHUT.has(name) ? 'storage_unavailable' : 'resolved');
      if (STAYS_SHUT.has(name)) {
        // The flush answered within its timeout, before the open's own (5 s) gave up: once the
        // trail falls back to memory, a second flush delivers what it holds, then says the same.
        await page.waitForFunction(() => (window as Win).trailStatus.storage !== 'opening', undefined, {
          timeout: 10_000,
        });
        const again = await page.evaluate(
          (ms) =>
            (window as Win).trail.flush({ timeoutMs: ms }).then(
              () => 'resolved',
              (e: { code: string }) => e.code,
            ),
          timeoutMs,
        );
        expect(again).toBe('storage_unavailable');
      }
      const status = await page.evaluate(() => (window as Win).trailStatus);
      const storageErrors = (await page.evaluate(
        () => (window as Win).errors.filter((e: any) => e.name === 'TrailStorageError').length,
      )) as number;
      const errors = await pageErrors(page);
      const stored = await rig.stored();
      const lost = sent.filter((id) => !stored.ids.has(id));
      report({
        scenario: `6c IndexedDB ${name}`,
        emitted: sent.length,
        persisted: `memory`,
        stored: sent.length - lost.length,
        duplicatesStored: stored.dupRows,
        duplicatesSent: duplicatesSent(rig.arrivals, new Set(sent)),
        lost: lost.length,
        figure:
          `storage '${status.storage}', ${storageErrors} storage errors reported, ` +
          `${errors.length + threw} exceptions in the page`,
      });
      expect(threw).toBe(0);
      expect(errors).toEqual([]);
      expect(status.storage).toBe('memory');
      expect(storageErrors).toBeGreaterThan(0);
      expect(lost).toEqual([]);
      expect(stored.dupRows).toBe(0);
    } finally {
      await context.close();
    }
  });
}
