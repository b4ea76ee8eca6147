// track() speed against Segment's analytics-next: each library bundled as an application
// build bundles it (minified, its dependencies in), served from a local server that also
// answers both libraries' sends, and timed in its own page of real Chromium in the same run.
// The figure that holds on a shared machine is the ratio of the two, measured round by round.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser } from '../../test/browser/harness.js';
import { summary } from '../pages/common.js';

/** labeltrail's calls per run, in bursts: ~5 ms of calls, timed on a 5 µs page clock. */
export const SPEED_CALLS_PER_RUN = 5_000;
/** analytics-next's: each of its calls takes milliseconds here (cookie reads), so fewer do. */
export const SEGMENT_CALLS_PER_RUN = 200;
/** Timed rounds; each times every call once, so a busy moment on the machine hits all of them. */
export const SPEED_RUNS = 9;
/** Untimed rounds first, so the figures are of optimised code, as in a long editing session. */
export const SPEED_WARMUP_RUNS = 3;

const PAGES = {
  trail: 'bench/pages/speed/trailPage.ts',
  segment: 'bench/pages/speed/segmentPage.ts',
} as const;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

export interface TrackSpeedFigures {
  /** ns per `trail.track('label.added', fields)`. */
  readonly trackNs: ReturnType<typeof summary>;
  /** ns per `trail.label.add(action)`, the same event. */
  readonly helperNs: ReturnType<typeof summary>;
  /** ns per `analytics.track('Label Added', properties)`. */
  readonly segmentNs: ReturnType<typeof summary>;
  /** analytics-next ÷ track(), per round. */
  readonly segmentRatio: ReturnType<typeof summary>;
  /** label.add() ÷ track(), per round. */
  readonly helperRatio: ReturnType<typeof summary>;
}

async function bundlePages(dir: string, minify = true): Promise<void> {
  for (const [name, file] of Object.entries(PAGES)) {
    await build({
      root: process.cwd(),
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir: join(dir, name),
        emptyOutDir: false,
        target: 'es2022',
        minify,
        modulePreload: false,
        rollupOptions: { input: { page: resolve(file) }, output: { entryFileNames: '[name].js' } },
      },
    });
    writeFileSync(join(dir, name, 'index.html'), `<!doctype html><script type="module" src="page.js"></script>`);
  }
}

// Static files from `dir`; every POST (labeltrail's batches, analytics-next's sends) is answered 200.
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      return;
    }
    const path = normalize((req.url ?? '/').split('?')[0]!).replace(/\/$/, '/index.html');
    try {
      const body = readFileSync(join(dir, path));
      // Cross-origin isolated: the page clock then steps in 5 µs, not 100 µs.
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`${url}: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.ready === true, undefined, { timeout: 60_000 });
  return page;
}

const time = (page: Page, kind: string, n = SPEED_CALLS_PER_RUN): Promise<number> =>
  page.evaluate(([kind, n]) => window.timeCalls!(kind, n), [kind, n] as const);

/** Times track(), label.add() and analytics-next's track(), round by round, in one browser. */
export async function measureTrackSpeed(): Promise<TrackSpeedFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-speed-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    await bundlePages(dir);
    server = await serve(dir);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const trail = await open(browser, `${origin}/trail/`);
    const segment = await open(browser, `${origin}/segment/`);
    const track: number[] = [];
    const helper: number[] = [];
    const seg: number[] = [];
    for (let round = 0; round < SPEED_WARMUP_RUNS + SPEED_RUNS; round++) {
      // track() and label.add() take turns going first: the one timed second runs while the
      // trail still writes and sends what the first left, which would count against it alone.
      const [first, second] = round % 2 ? (['helper', 'track'] as const) : (['track', 'helper'] as const);
      const byKind = { [first]: await time(trail, first), [second]: await time(trail, second) };
      const figures = [byKind.track, byKind.helper, await time(segment, 'track', SEGMENT_CALLS_PER_RUN)];
      if (round < SPEED_WARMUP_RUNS) continue;
      track.push(figures[0]!);
      helper.push(figures[1]!);
      seg.push(figures[2]!);
    }
    return {
      trackNs: summary(track),
      helperNs: summary(helper),
      segmentNs: summary(seg),
      segmentRatio: summary(seg.map((s, i) => s / track[i]!)),
      helperRatio: summary(helper.map((h, i) => h / track[i]!)),
    };
  } finally {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((done) => (server ? server.close(() => done(undefined)) : done(undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
}
