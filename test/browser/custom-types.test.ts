// Custom types end to end in real Chromium: a page logs built-in events, the platform pack's
// and one of its own; the reference collector stores each with its category and kind, and
// GET /v1/categories lists exactly the categories stored in the range.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createCollector, type Collector } from '../../src/collector/index.js';
import type { TrailEvent } from '../../src/events/schema.js';
import { launchBrowser, startHarness, waitFor, type Harness } from './harness.js';

const OWNER = 'owner-token-custom-types';
let harness: Harness;
let browser: Browser;
let collector: Collector;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'labeltrail-custom-'));
  collector = await createCollector({ dataDir, tokens: [{ token: OWNER, user: 'olivia', role: 'owner' }] });
  harness = await startHarness();
  // The collector answers /v1/ itself; the harness serves the page and the library source.
  harness.route(async (req, res) => {
    if (!(req.url ?? '').startsWith('/v1/')) return false;
    await collector.handle(req, res);
    return true;
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await collector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const read = async <T>(path: string): Promise<T> =>
  (await fetch(`${harness.origin}${path}`, { headers: { authorization: `Bearer ${OWNER}` } })).json() as Promise<T>;

test('built-in and custom events reach the collector with category and kind; /v1/categories lists them', async () => {
  const start = Date.now();
  const page = await browser.newPage();
  await page.goto(`${harness.origin}/test/browser/pages/custom-types.html`);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  await page.evaluate((token) => (window as unknown as { start(t: string): void }).start(token), OWNER);
  const sent = await page.evaluate(() => {
    const w = window as unknown as {
      trail: { track(type: string, fields?: object): { id: string } | undefined; flush(o: object): Promise<void> };
      platform: {
        project: { export(p: string, f?: object): { id: string } | undefined };
        dataset: { disable(d: string): { id: string } | undefined };
        model: { infer(m: string, f?: object): { id: string } | undefined };
        user: { login(): { id: string } | undefined };
      };
    };
    const events = [
      w.trail.track('label.added', { context: { item: 'img-1' }, label: { id: 'obj-1', name: 'Car' } }),
      w.trail.track('label.approved', { label: { id: 'obj-1' } }),
      w.platform.user.login(),
      w.platform.project.export('p1', { payload: { format: 'coco' } }),
      w.platform.dataset.disable('d-7'),
      w.platform.model.infer('m-3', { payload: { items: 40 } }),
      w.trail.track('report.printed'),
      // Refused in the page: a misspelt type, and a model action without its model.
      w.trail.track('project.exportd'),
      w.trail.track('model.inference', { payload: {} }),
    ];
    return events.map((e) => e?.id ?? null);
  });
  expect(sent.slice(7)).toEqual([null, null]);
  await page.evaluate(() =>
    (window as unknown as { trail: { flush(o: object): Promise<void> } }).trail.flush({ timeoutMs: 10_000 }),
  );
  const range = `start=${start - 1000}&end=${Date.now() + 1000}`;
  let stored: TrailEvent[] = [];
  await waitFor(
    async () => {
      stored = (await read<{ events: TrailEvent[] }>(`/v1/logs?${range}&order=asc&limit=100`)).events;
      return stored.length === 7;
    },
    15_000,
    'seven stored events',
  );
  expect(stored.map((e) => e.id)).toEqual(sent.slice(0, 7));
  expect(stored.map((e) => [e.type, e.code, e.category, e.kind])).toEqual([
    ['label.added', 0, undefined, undefined],
    ['label.approved', 12, undefined, undefined],
    ['user.login', null, 'user', 'session'],
    ['project.exported', null, 'project', 'create'],
    ['dataset.disabled', null, 'dataset', 'delete'],
    ['model.inference', null, 'model', 'create'],
    ['report.printed', null, 'report', 'system'],
  ]);
  expect(stored[3]).toMatchObject({ context: { project: 'p1' }, payload: { format: 'coco' }, actor: { id: 'olivia' } });
  const { categories } = await read<{ categories: { category: string; events: number }[] }>(`/v1/categories?${range}`);
  expect(categories).toEqual([
    { category: 'dataset', events: 1 },
    { category: 'label', events: 1 },
    { category: 'model', events: 1 },
    { category: 'project', events: 1 },
    { category: 'report', events: 1 },
    { category: 'review', events: 1 },
    { category: 'user', events: 1 },
  ]);
  // Exactly what is in the range: a range before the events lists nothing.
  expect(await read(`/v1/categories?start=${start - 60_000}&end=${start - 1000}`)).toEqual({ categories: [] });
  await page.close();
});
