// The demo driven end to end as QA would: real Chromium, the real demo server (Vite, the
// fault switches and the collector on PGlite in a temp directory), real mouse input.
// Afterwards the collector is read as an admin and every accepted event must be there once.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { drag, launchBrowser, waitFor } from './harness.js';
import { runDemoBackend } from '../../demo/backend.js';
import { readCollectorLogs } from '../support/readCollectorLogs.js';

const SHOTS = join(process.cwd(), 'test-results/demo');

let server: DemoServer;
let browser: Browser;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'labeltrail-demo-'));
  mkdirSync(SHOTS, { recursive: true });
  server = await startDemoServer({ port: 0, dataDir: join(dataDir, 'db'), logLevel: 'silent' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function setFault(mode: string): Promise<void> {
  const response = await fetch(`${server.url}__demo/faults`, { method: 'POST', body: JSON.stringify({ mode }) });
  expect(await response.json()).toEqual({ mode });
}

/** Types of the events the page accepted (from `trail.events$`), kept in sessionStorage across reloads. */
const accepted = (page: Page) =>
  page.evaluate(
    () => JSON.parse(sessionStorage.getItem('labeltrail-demo:accepted') ?? '[]') as { id: string; type: string }[],
  );
const countOf = async (page: Page, type: string) => (await accepted(page)).filter((e) => e.type === type).length;
const waitForCount = (page: Page, type: string, n: number) =>
  waitFor(async () => (await countOf(page, type)) >= n, 10_000, `${n} × ${type}`);
const ready = (page: Page) =>
  page.waitForFunction(() => (window as { demo?: { ready?: boolean } }).demo?.ready === true, undefined, {
    timeout: 20_000,
  });
const storedInIdb = async (page: Page) =>
  Number((await page.locator('[data-queue=summary]').getAttribute('data-events')) ?? '0');

const readCollector = () => readCollectorLogs(server.url, server.config.admin.token);

test('QA session: label, review, video, faults and a reload; the collector holds every event once', async () => {
  const started = Date.now();
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await ready(page);

  // --- Image task: draw two boxes, relabel one, move one, review both, delete one.
  const box = (await page.locator('.task-image').boundingBox())!;
  const at = (x: number, y: number): [number, number] => [box.x + x, box.y + y];
  await drag(page, at(40, 40), at(160, 130), 600);
  await waitForCount(page, 'label.added', 1);
  // A new box stays selected; the next pointer down on the image would only deselect it.
  await page.keyboard.press('Escape');
  await page.mouse.click(...at(200, 280));
  await page.waitForTimeout(200);
  await page.click('.picker button[data-class="f-person"]');
  await drag(page, at(230, 60), at(340, 200), 600);
  await waitForCount(page, 'label.added', 2);
  await page.keyboard.press('Escape');
  await page.mouse.click(...at(200, 280));
  await page.waitForTimeout(200);
  // Relabel the first box through its row in the list.
  await page.locator('.boxes tr[data-id]').nth(0).locator('select').selectOption('f-sign');
  await waitForCount(page, 'label.edited', 1);
  // Move the second box with the mouse; deselecting commits the edit.
  await page.mouse.click(...at(285, 130));
  await page.waitForTimeout(300);
  await drag(page, at(285, 130), at(265, 150), 500);
  await page.waitForTimeout(200);
  await page.mouse.click(...at(200, 285));
  await waitForCount(page, 'label.edited', 2);
  await page.locator('.boxes tr[data-id]').nth(0).locator('button.approve').click();
  await page.locator('.boxes tr[data-id]').nth(1).locator('button.reject').click();
  await waitForCount(page, 'label.rejected', 1);
  await page.locator('.boxes tr[data-id]').nth(1).locator('button.delete').click();
  await waitForCount(page, 'label.deleted', 1);
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: join(SHOTS, 'editor.png') });

  // --- Offline: a new box is held in IndexedDB, the delivery fails, then drains.
  await setFault('offline');
  await page.mouse.click(...at(380, 20));
  await page.waitForTimeout(200);
  await drag(page, at(60, 170), at(180, 260), 500);
  await waitForCount(page, 'label.added', 3);
  await waitFor(async () => (await page.locator('.deliveries tr.fail').count()) > 0, 15_000, 'a failed delivery');
  await waitFor(async () => (await storedInIdb(page)) > 0, 5_000, 'events held in IndexedDB');
  await page.waitForTimeout(1_100); // the switches show the server's mode within a second
  expect(await page.locator('input[name=fault][value=offline]').isChecked()).toBe(true);
  await page.locator('#inspector').screenshot({ path: join(SHOTS, 'inspector-offline.png') });
  await setFault('none');
  await waitFor(async () => (await storedInIdb(page)) === 0, 15_000, 'the queue to drain');

  // --- 429 with Retry-After while switching to the video task (which closes the image: item.duration).
  await setFault('error-429');
  await page.click('.items button[data-item="vid-clip"]');
  await waitFor(
    async () => (await page.locator('.deliveries tr.fail', { hasText: '429' }).count()) > 0,
    10_000,
    'a delivery answered 429',
  );
  await setFault('none');
  await page.waitForSelector('video.task-video');
  await page.waitForFunction(() => document.querySelector('video')!.readyState >= 2, undefined, { timeout: 10_000 });
  await page.click('button[data-action="play"]');
  await page.waitForFunction(() => document.querySelector('video')!.currentTime > 1.1, undefined, { timeout: 10_000 });
  // From now on segments are held back: the player runs dry at the next segment boundary.
  await setFault('video-slow');
  await waitForCount(page, 'video.buffering', 1);
  await setFault('none');
  await page.click('button[data-action="play"]'); // pause
  await page.locator('.seekbar').fill('150');
  await waitForCount(page, 'video.seeking', 1);
  await page.waitForTimeout(1_000); // past the seek merge window: the next seek is its own
  await page.click('button[data-action="frame-forward"]');
  await waitForCount(page, 'video.seeking', 2);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(SHOTS, 'video.png') });

  // --- Reload while offline: what was stored survives and is delivered afterwards.
  await page.waitForTimeout(1_000);
  await setFault('offline');
  await page.click('button[data-action="frame-back"]');
  await waitForCount(page, 'video.seeking', 3);
  await waitFor(async () => (await storedInIdb(page)) > 0, 5_000, 'events held before the reload');
  await Promise.all([page.waitForEvent('load'), page.click('button[data-action="reload"]')]);
  await ready(page);
  await setFault('none');
  await page.click('.items button.secondary'); // close the item: its time in tool is reported
  await waitForCount(page, 'item.duration', 2);
  await page.evaluate(() =>
    (window as unknown as { demo: { trail: { flush(o: object): Promise<void> } } }).demo.trail.flush({
      timeoutMs: 20_000,
    }),
  );

  // --- The collector holds every accepted event exactly once, with the right fields.
  const ids = await accepted(page);
  const stored = await readCollector();
  const storedIds = stored.map((e) => e.id);
  expect(new Set(storedIds).size).toBe(storedIds.length);
  expect([...storedIds].sort()).toEqual(ids.map((e) => e.id).sort());
  const of = (type: string) => stored.filter((e) => e.type === type);
  expect(stored.every((e) => e.actor.id === 'ann-1')).toBe(true);
  const codes: Record<string, number> = {
    'label.added': 0,
    'label.edited': 1,
    'label.deleted': 2,
    'label.approved': 12,
    'label.rejected': 13,
    'video.buffering': 30,
    'video.seeking': 32,
  };
  for (const [type, code] of Object.entries(codes)) {
    expect(of(type).length, type).toBeGreaterThan(0);
    expect(
      of(type).every((e) => e.code === code),
      type,
    ).toBe(true);
  }
  expect(of('label.added')).toHaveLength(3);
  expect(of('label.deleted')).toHaveLength(1);
  for (const type of ['label.added', 'label.edited', 'label.deleted', 'label.approved', 'label.rejected']) {
    expect(
      of(type).every((e) => e.context.item === 'img-photo'),
      type,
    ).toBe(true);
  }
  for (const e of of('label.added')) expect(e.durationMs!).toBeGreaterThan(0);
  expect(of('label.added').map((e) => e.label?.name)).toEqual(['Car', 'Person', 'Person']);
  expect(of('label.edited').map((e) => e.payload?.changed)).toEqual(expect.arrayContaining(['bodies', 'target']));
  expect(of('label.edited').find((e) => e.payload?.changed === 'bodies')?.label?.name).toBe('Sign');
  expect(of('label.approved')[0]!.label?.name).toBe('Sign');
  expect(of('label.rejected')[0]!.label?.name).toBe('Person');
  for (const e of stored.filter((e) => e.type.startsWith('video.'))) {
    expect(e.context.item, e.type).toBe('vid-clip');
    expect(typeof e.context.frame, e.type).toBe('number');
  }
  const buffering = of('video.buffering')[0]!;
  expect(buffering.payload!.durationMs as number).toBeGreaterThanOrEqual(500);
  expect(of('video.seeking').map((e) => e.payload!.toFrame)).toEqual([150, 151, 150]);
  // The seek bar was used after playing past 1.1 s (frame 27).
  expect(of('video.seeking')[0]!.payload!.fromFrame as number).toBeGreaterThanOrEqual(27);
  expect(of('label.edited').find((e) => e.payload?.changed === 'target')!.durationMs!).toBeGreaterThan(0);
  const durations = of('item.duration');
  expect(durations.map((e) => e.context.item)).toEqual(['img-photo', 'vid-clip']);
  for (const e of durations) expect((e.payload as { durationMs: number }).durationMs).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);

  // --- A backend logs platform actions through labeltrail/node, with its own token.
  const backend = await runDemoBackend(server.url, join(dataDir, 'backend'));
  expect(backend.map((e) => e.type)).toEqual(['project.exported', 'model.inference', 'member.added']);

  // --- The activity log shows them all, colour-coded, with the reviewer chart.
  const log = await context.newPage();
  await log.goto(`${server.url}activity.html`);
  await log.waitForFunction(() => (window as { activity?: { ready?: boolean } }).activity?.ready === true, undefined, {
    timeout: 20_000,
  });
  expect(await log.locator('table.log tbody tr').count()).toBe(Math.min(50, stored.length + backend.length));
  // The backend's events beside the editor's, coloured by the kind they carry, and their
  // categories in the filter (read from GET /v1/categories).
  expect(await log.locator('tr[data-type="project.exported"] .action.kind-create').count()).toBe(1);
  expect(await log.locator('tr[data-type="label.added"]').count()).toBeGreaterThan(0);
  const categories = await log
    .locator('select[name=category] option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(categories).toEqual(expect.arrayContaining(['project', 'model', 'member', 'label', 'review', 'video']));
  expect(await log.locator('.action.kind-create').count()).toBeGreaterThan(0);
  expect(await log.locator('[data-chart=rates] svg rect.approved').count()).toBeGreaterThan(0);
  await log.screenshot({ path: join(SHOTS, 'activity.png'), fullPage: true });
  await log.selectOption('select[name=category]', 'review');
  await waitFor(async () => (await log.locator('table.log tbody tr').count()) === 2, 10_000, 'the review filter');
  console.info(`demo e2e: ${stored.length} events checked in ${Date.now() - started} ms`);
  await context.close();
});
