// The timed loop both pages of the track() speed bench share, so each library is timed by the
// same code: argument objects made before the clock starts and cycled; calls in bursts, as an
// editor makes them, each library's queue left to drain between bursts, outside the clock.

/** Distinct argument objects per page, cycled: the figure is the call's cost, not the bench's objects. */
export const POOL_SIZE = 1000;
/**
 * Calls per timed burst: a few user actions' worth. analytics-next sorts its whole queue on
 * every call and drains it one event per timer task, so a long tight loop would time its
 * queue's growth rather than its call.
 */
const BURST = 10;
/** Before a run, so what the previous run left (writes, sends) finishes outside the clock. */
const SETTLE_MS = 200;

type Call = (i: number) => unknown;

declare global {
  interface Window {
    /** Runs `n` calls of the named kind; ns per call. */
    timeCalls?: (kind: string, n: number) => Promise<number>;
    ready?: boolean;
  }
}

// A task of its own, without the 4 ms clamp nested timers get.
const channel = new MessageChannel();
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

// Requests in flight: a burst starts on a quiet page, as a user's next action usually does.
// (analytics-next reads `document.cookie` in every call, a synchronous trip to the browser
// process that waits behind the page's own requests.)
let inFlight = 0;
const fetch = window.fetch.bind(window);
window.fetch = (...args) => {
  inFlight++;
  return fetch(...args).finally(() => inFlight--);
};

/** `queued` says whether the library still holds events of earlier calls not yet handed on. */
export function exposeTimers(calls: Record<string, Call>, queued: () => boolean = () => false): void {
  const drained = (): boolean => inFlight === 0 && !queued();
  window.timeCalls = async (kind, n) => {
    const call = calls[kind];
    if (!call) throw new Error(`no call named ${kind}`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    let ms = 0;
    for (let done = 0; done < n; done += BURST) {
      const t0 = performance.now();
      for (let i = done; i < done + BURST; i++) call(i % POOL_SIZE);
      ms += performance.now() - t0;
      do await nextTask();
      while (!drained());
    }
    return (ms * 1e6) / (Math.ceil(n / BURST) * BURST);
  };
  window.ready = true;
}
