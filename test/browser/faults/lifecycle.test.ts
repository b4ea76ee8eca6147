// Scenarios 1 and 2: reload and navigation while delivering, and a killed browser.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../harness.js';
import { ENGINE, engineTest, useEngine } from '../engines/useEngine.js';
import {
  duplicatesSent,
  emit,
  idbIds,
  openTrail,
  pageErrors,
  PAGE,
  percentile,
  report,
  startRig,
  type Rig,
  type Win,
} from './support.js';

const browsers = useEngine();
let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// WebKit keeps a page in the back/forward cache even while one of its IndexedDB requests
// runs (the delivering tab settles batches all the time), and suspends that request there:
// every other page's requests to the queue then wait behind it until the page is restored or
// evicted, so the next page stores nothing durably (its flush times out). The navigation steps
// are left out there; the reload step runs (README, Engines: an open difference).
const leavesMidWrite = ENGINE === 'webkit';
const MID_WRITE_NOTE = leavesMidWrite
  ? ' [in webkit the navigation steps are left out: WebKit suspends an IndexedDB request in flight in the ' +
    "back/forward cache, holding back the next page's queue]"
  : '';

test(`1: reload while a delivery is in flight, navigate away mid-burst${MID_WRITE_NOTE}`, async () => {
  const context = await browsers.engine.newContext();
  try {
    // Every batch is stored, then its answer is held back: a reload catches it in flight.
    rig.fault(() => ({ kind: 'pass', delayAfterStoreMs: 1500 }));
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 20 } });
    const sent: string[] = [];
    const steps: [string, string[]][] = [];
    sent.push(...(await emit(page, 300, 'reload')));
    steps.push(['reload', sent.slice()]);
    await waitFor(() => rig.inFlight() > 0, 10_000, 'a delivery in flight');
    const reloadAt = Date.now();
    await page.reload();
    await page.waitForFunction(() => (window as Win).ready === true);
    rig.fault(undefined);
    await page.evaluate(() => (window as Win).start({ token: 'tok-annotator-u1-0123456789', batch: { delayMs: 20 } }));
    await page.evaluate(() => (window as Win).trail.flush());
    const reloadRecoveryMs = Date.now() - reloadAt;

    // Navigate away mid-burst: the burst is still in the write buffer (or being written)
    // when the page goes; what pagehide sends and what IndexedDB kept must both arrive.
    // Bursts of the last frame ride on the pagehide send, inside the keepalive budget
    // (about 250 events); an older burst is already in IndexedDB.
    const leaves = leavesMidWrite
      ? []
      : ([
          [0, 200],
          [5, 200],
          [80, 600],
        ] as const);
    for (const [delayMs, n] of leaves) {
      const ids = await page.evaluate(
        ({ delayMs, n }) => {
          const ids = (window as Win).emit(n, `away-${delayMs}`) as string[];
          setTimeout(() => location.assign('about:blank'), delayMs);
          return ids;
        },
        { delayMs, n },
      );
      sent.push(...ids);
      steps.push([`away-${delayMs}`, ids]);
      await waitFor(async () => (await page.url()) === 'about:blank', 10_000, 'the page to leave');
      await page.goto(`${rig.origin}${PAGE}`);
      await page.waitForFunction(() => (window as Win).ready === true);
      await page.evaluate(() =>
        (window as Win).start({ token: 'tok-annotator-u1-0123456789', batch: { delayMs: 20 } }),
      );
    }
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    expect(await pageErrors(page)).toEqual([]);
    expect(await idbIds(page)).toEqual([]);

    const stored = await rig.stored();
    const lost = sent.filter((id) => !stored.ids.has(id));
    for (const [name, ids] of steps) {
      const missing = ids.filter((id) => !stored.ids.has(id));
      if (missing.length)
        console.log(
          `${name}: ${missing.length} of ${ids.length} missing; first missing at index ${ids.indexOf(missing[0]!)}`,
        );
    }
    report({
      scenario: '1 reload / navigate mid-burst',
      emitted: sent.length,
      persisted: '—',
      stored: sent.length - lost.length,
      duplicatesStored: stored.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals, new Set(sent)),
      lost: lost.length,
      figure: `reload recovery ${reloadRecoveryMs} ms`,
    });
    expect(lost).toEqual([]);
    expect(stored.dupRows).toBe(0);
  } finally {
    await context.close().catch(() => undefined);
  }
});

engineTest('2: browser killed (SIGKILL) during a burst, restarted on the same profile', ['restart'], async () => {
  const dir = mkdtempSync(join(tmpdir(), `labeltrail-${ENGINE}-profile-`));
  rig.resetRecording();
  const before = await rig.stored();
  let context = await browsers.engine.openProfile(dir);
  try {
    // The endpoint is down during the burst, so everything written stays in IndexedDB.
    rig.fault(() => ({ kind: 'answer', status: 503 }));
    const page = await openTrail(context, rig.origin, { retry: { baseMs: 60_000 } });
    await page.waitForFunction(() => (window as Win).trailStatus?.storage === 'indexeddb');
    await page.evaluate(() => (window as Win).startProbe());
    // ~20 events every 4 ms (about 5,000 a second) until the browser dies.
    await page.evaluate(() => (window as Win).startEmitting(20, 4, 'crash'));
    await sleep(1500);
    const snapshot = await page.evaluate(() => {
      const w = window as Win;
      const accepted = w.accepted.slice() as string[];
      const durable = w.durableAt as Map<string, number>;
      const acceptedAt = w.acceptedAt as Map<string, number>;
      const windows: number[] = [];
      for (const [id, at] of durable) {
        const acc = acceptedAt.get(id);
        if (acc !== undefined) windows.push(at - acc);
      }
      return { accepted, persisted: [...durable.keys()], windows, now: performance.now() };
    });
    await context.kill();

    // Start again on the same profile; first look at what the disk kept, then deliver.
    rig.fault(undefined);
    const restartAt = Date.now();
    context = await browsers.engine.openProfile(dir);
    const again = await context.newPage();
    await again.goto(`${rig.origin}${PAGE}`);
    await again.waitForFunction(() => (window as Win).ready === true);
    const onDisk = new Set(await idbIds(again));
    await again.evaluate(() => (window as Win).start({ token: 'tok-annotator-u1-0123456789', batch: { delayMs: 20 } }));
    await again.evaluate(() => (window as Win).trail.flush({ timeoutMs: 60_000 }));
    const recoveryMs = Date.now() - restartAt;

    const stored = await rig.stored();
    const persistedBeforeKill = snapshot.persisted;
    const lost = persistedBeforeKill.filter((id) => !stored.ids.has(id));
    const lostOnDisk = [...onDisk].filter((id) => !stored.ids.has(id));
    // Accepted before the snapshot, yet not on disk after the kill: the crash window.
    const inWindowAtSnapshot = snapshot.accepted.filter((id) => !snapshot.persisted.includes(id)).length;
    const acceptedNotDurable = snapshot.accepted.filter((id) => !onDisk.has(id) && !stored.ids.has(id)).length;
    const emitted = new Set([...snapshot.accepted, ...onDisk]);
    const p50 = percentile(snapshot.windows, 50);
    const max = Math.max(...snapshot.windows);
    report({
      scenario: '2 browser SIGKILL mid-burst',
      emitted: emitted.size,
      persisted: onDisk.size,
      stored: [...emitted].filter((id) => stored.ids.has(id)).length,
      duplicatesStored: stored.dupRows - before.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals),
      lost: lost.length + lostOnDisk.length,
      figure:
        `recovery ${recoveryMs} ms; accept→durable p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
        `${inWindowAtSnapshot} events in the window at the snapshot; ${acceptedNotDurable} of the ` +
        `snapshot's accepted not on disk`,
    });
    expect(lost).toEqual([]);
    expect(lostOnDisk).toEqual([]);
    expect(stored.dupRows).toBe(0);
    // Events accepted well before the kill are on disk: the window is about a frame plus a write.
    expect(acceptedNotDurable).toBe(0);
    expect(p50).toBeLessThan(100);
  } finally {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
