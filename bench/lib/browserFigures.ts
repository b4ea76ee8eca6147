// The browser figures of `npm run bench`: track() cost, sustained load, wire size.
import type { CDPSession, Page } from 'playwright-core';
import type { BenchBrowser } from './browser.js';
import { summary } from '../pages/common.js';

/** Events per timed loop: long enough that timer resolution (~5 µs in a page) is noise. */
export const TRACK_EVENTS_PER_RUN = 20_000;
export const TRACK_RUNS = 15;
/** Unmeasured runs first, so the figures are of optimised code as in a long editing session. */
export const TRACK_WARMUP_RUNS = 3;
export const SUSTAINED_RATE = 1000;
export const SUSTAINED_SECONDS = 10;
export const SUSTAINED_RUNS = 3;
/** A long task, per the Long Tasks API. */
export const LONG_TASK_MS = 50;
export const WIRE_EVENTS = 10_000;

type Win = Record<string, (...args: unknown[]) => Promise<unknown>>;
const call = <T>(page: Page, name: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(({ name, args }) => (window as unknown as Win)[name]!(...args), { name, args }) as Promise<T>;

async function runs(page: Page, fn: string): Promise<ReturnType<typeof summary>> {
  for (let i = 0; i < TRACK_WARMUP_RUNS; i++) await call(page, fn, TRACK_EVENTS_PER_RUN);
  const ns: number[] = [];
  for (let i = 0; i < TRACK_RUNS; i++) ns.push(await call<number>(page, fn, TRACK_EVENTS_PER_RUN));
  return summary(ns);
}

export interface TrackFigures {
  readonly bareNs: ReturnType<typeof summary>;
  readonly withCaptureNs: ReturnType<typeof summary>;
  readonly helperWithCaptureNs: ReturnType<typeof summary>;
}

export async function measureTrack(bench: BenchBrowser): Promise<TrackFigures> {
  const page = await bench.open('track.html');
  const bareNs = await runs(page, 'measureTrack');
  if (!(await call<boolean>(page, 'attachCaptureWork'))) throw new Error('the benchmark video did not start');
  const withCaptureNs = await runs(page, 'measureTrack');
  const helperWithCaptureNs = await runs(page, 'measureHelper');
  await page.context().close();
  return { bareNs, withCaptureNs, helperWithCaptureNs };
}

interface DriveResult {
  sent: number;
  inTrackMs: number;
  longTasks: { start: number; duration: number }[];
}

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

export interface SustainedFigures {
  readonly rate: number;
  readonly seconds: number;
  /** Long tasks seen while labeltrail ran, per run, and while the no-op driver ran. */
  readonly longTasks: ReturnType<typeof summary>;
  readonly longTasksBaseline: ReturnType<typeof summary>;
  readonly longestTaskMs: number;
  /** Main-thread task time with labeltrail minus the same driver with a no-op, ms per 10 s. */
  readonly attributableMs: ReturnType<typeof summary>;
  /** Time spent inside track() calls alone, ms per 10 s. */
  readonly inTrackMs: ReturnType<typeof summary>;
}

export async function measureSustained(bench: BenchBrowser): Promise<SustainedFigures> {
  const page = await bench.open('sustained.html');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (!(await call<boolean>(page, 'startVideo'))) throw new Error('the benchmark video did not start');
  const attributable: number[] = [];
  const inTrack: number[] = [];
  const longs: number[] = [];
  const baseLongs: number[] = [];
  let longest = 0;
  for (let i = 0; i < SUSTAINED_RUNS; i++) {
    // Baseline and measured runs alternate, each 10 s, same page, same video.
    const b0 = await taskMs(cdp);
    const base = await call<DriveResult>(page, 'drive', SUSTAINED_RATE, SUSTAINED_SECONDS, false);
    const b1 = await taskMs(cdp);
    const withTrail = await call<DriveResult>(page, 'drive', SUSTAINED_RATE, SUSTAINED_SECONDS, true);
    const t1 = await taskMs(cdp);
    attributable.push(Math.max(0, t1 - b1 - (b1 - b0)));
    inTrack.push(withTrail.inTrackMs);
    longs.push(withTrail.longTasks.filter((t) => t.duration > LONG_TASK_MS).length);
    baseLongs.push(base.longTasks.filter((t) => t.duration > LONG_TASK_MS).length);
    for (const t of withTrail.longTasks) longest = Math.max(longest, t.duration);
  }
  await page.context().close();
  return {
    rate: SUSTAINED_RATE,
    seconds: SUSTAINED_SECONDS,
    longTasks: summary(longs),
    longTasksBaseline: summary(baseLongs),
    longestTaskMs: longest,
    attributableMs: summary(attributable),
    inTrackMs: summary(inTrack),
  };
}

export interface WireFigures {
  readonly format: string;
  readonly events: number;
  readonly requests: number;
  readonly requestsPer10k: number;
  readonly plainBytesPerEvent: number;
  readonly gzipBytesPerEvent: number;
}

export async function measureWire(bench: BenchBrowser): Promise<WireFigures[]> {
  const figures: WireFigures[] = [];
  for (const format of ['labeltrail', 'otlp']) {
    bench.harness.received.length = 0;
    const page = await bench.open('wire.html');
    await call(page, 'send', format, WIRE_EVENTS);
    await page.context().close();
    const requests = bench.harness.received.filter((r) => r.path === '/v1/logs');
    const events = bench.harness.eventIds().length;
    // The body as sent before compression: the decoded JSON, serialised as the client does.
    const plain = requests.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.body)), 0);
    // What went on the wire with gzip on (the default); bodies under the threshold go plain.
    const gz = requests.reduce((n, r) => n + r.rawBytes, 0);
    figures.push({
      format,
      events,
      requests: requests.length,
      requestsPer10k: Math.round((requests.length / events) * 10_000 * 10) / 10,
      plainBytesPerEvent: Math.round((plain / events) * 10) / 10,
      gzipBytesPerEvent: Math.round((gz / events) * 10) / 10,
    });
  }
  return figures;
}
