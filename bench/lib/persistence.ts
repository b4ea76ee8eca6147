// Persistence throughput: labeltrail's queue as a ratio to raw idb, measured in one page.
import type { BenchBrowser } from './browser.js';
import { summary } from '../pages/common.js';

/** Enough events for 20 chunks: the per-transaction overhead and the cloning both show. */
export const PERSIST_EVENTS = 10_000;
/** Rounds alternate raw and queue so that drift on a shared machine hits both alike. */
export const PERSIST_ROUNDS = 11;

type Win = Record<string, (...args: unknown[]) => Promise<number>>;

export interface PersistenceFigures {
  readonly events: number;
  readonly rawMs: ReturnType<typeof summary>;
  readonly queueMs: ReturnType<typeof summary>;
  /** raw time / queue time per round: 1 means as fast as raw idb. */
  readonly ratio: ReturnType<typeof summary>;
  readonly queueEventsPerSecond: number;
}

export async function measurePersistence(bench: BenchBrowser): Promise<PersistenceFigures> {
  const page = await bench.open('persist.html');
  await page.evaluate((n) => (window as unknown as Win).makeEvents!(n), PERSIST_EVENTS);
  // One unmeasured round of each warms IndexedDB and the JIT.
  await page.evaluate(() => (window as unknown as Win).rawIdb!());
  await page.evaluate(() => (window as unknown as Win).labeltrailQueue!());
  const raw: number[] = [];
  const queue: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < PERSIST_ROUNDS; i++) {
    const r = await page.evaluate(() => (window as unknown as Win).rawIdb!());
    const q = await page.evaluate(() => (window as unknown as Win).labeltrailQueue!());
    raw.push(r);
    queue.push(q);
    ratios.push(r / q);
  }
  await page.context().close();
  const queueMs = summary(queue);
  return {
    events: PERSIST_EVENTS,
    rawMs: summary(raw),
    queueMs,
    ratio: summary(ratios),
    queueEventsPerSecond: Math.round(PERSIST_EVENTS / (queueMs.median / 1000)),
  };
}
