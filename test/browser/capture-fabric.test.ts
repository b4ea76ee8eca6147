// The Fabric.js adapter on the real fabric 7 canvas in Chromium, driven with the real mouse and
// keyboard: a host's box tool, fabric's pen, moving and scaling with fabric's own controls, the
// host's Delete key and a saved drawing loaded with loadFromJSON. What is asserted is what
// reached the log endpoint.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { drag, useHarnessAndBrowser, waitFor } from './harness.js';

interface SentEvent {
  id: string;
  type: string;
  seq: number;
  code: number | null;
  durationMs?: number;
  label?: { id?: string; feature?: string; name?: string };
  context: { item?: string; project?: string };
  payload?: Record<string, unknown>;
}
interface PageWindow {
  ready?: boolean;
  loaded: number;
  errors: string[];
  marks: { down: number[]; commit: [string, number][] };
  trail: { flush(): Promise<void> };
  canvas: {
    getActiveObject(): { oCoords: Record<string, { x: number; y: number }> } | undefined;
    getObjects(): { labelId?: string; getCenterPoint(): { x: number; y: number } }[];
    add(object: unknown): void;
    remove(object: unknown): void;
  };
  usePen(): void;
  useBox(): void;
}

const rig = useHarnessAndBrowser();

/** Label events that reached the log endpoint, once each (a retried batch repeats its events), in order. */
async function sentLabels(page: Page): Promise<SentEvent[]> {
  await page.evaluate(() => (window as unknown as PageWindow).trail.flush());
  const byId = new Map<string, SentEvent>();
  for (const request of rig.harness.received) {
    for (const event of (request.body as { events?: SentEvent[] }).events ?? []) byId.set(event.id, event);
  }
  return [...byId.values()].filter((e) => e.type.startsWith('label.')).sort((a, b) => a.seq - b.seq);
}

async function waitForLabels(page: Page, n: number, what: string): Promise<SentEvent[]> {
  let sent: SentEvent[] = [];
  await waitFor(async () => (sent = await sentLabels(page)).length >= n, 10_000, what);
  return sent;
}

/** The time from the last press on the canvas to the last `name` the canvas fired, ms. */
const pressToLast = (page: Page, name: string) =>
  page.evaluate((name) => {
    const { down, commit } = (window as unknown as PageWindow).marks;
    const at = commit.filter(([n]) => n === name).at(-1)![1];
    return Math.round(at - down.at(-1)!);
  }, name);

/** Where an object's centre is on the page (the canvas is at the page's top left). */
const centreOf = (page: Page, labelId: string) =>
  page.evaluate((labelId) => {
    const point = (window as unknown as PageWindow).canvas
      .getObjects()
      .find((o) => o.labelId === labelId)!
      .getCenterPoint();
    return [point.x, point.y] as [number, number];
  }, labelId);

test('the Fabric adapter logs one event per user action on a real fabric canvas, and none for a load', async () => {
  const page = await rig.browser.newPage({ viewport: { width: 500, height: 400 } });
  page.on('pageerror', (error) => !/WebSocket/.test(error.message) && console.error('page error:', error));
  await page.goto(`${rig.harness.origin}/test/browser/pages/capture-fabric.html`);
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true, undefined, { timeout: 20_000 });
  const label = { id: 'box-1', feature: 'car', name: 'Car' };

  // Draw a box with the host's box tool (it adds the Rect at the press and grows it), ~800 ms.
  await drag(page, [60, 60], [200, 160], 800);
  await page.waitForTimeout(100);
  let sent = await waitForLabels(page, 1, 'label.added of the box');
  const drawnMs = await pressToLast(page, 'mouse:up');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ type: 'label.added', code: 0, label, context: { item: 'photo-1', project: 'demo' } });
  expect(sent[0]!.durationMs!).toBeGreaterThanOrEqual(800);
  expect(Math.abs(sent[0]!.durationMs! - drawnMs)).toBeLessThanOrEqual(50);

  // Move it: press inside it and drag, ~500 ms; fabric fires object:modified once, at the release.
  await drag(page, await centreOf(page, 'box-1'), [170, 140], 500);
  sent = await waitForLabels(page, 2, 'label.edited of the move');
  const movedMs = await pressToLast(page, 'object:modified');
  expect(sent[1]).toMatchObject({ type: 'label.edited', code: 1, label, payload: { transform: 'drag' } });
  expect(sent[1]!.durationMs!).toBeGreaterThanOrEqual(500);
  expect(Math.abs(sent[1]!.durationMs! - movedMs)).toBeLessThanOrEqual(50);

  // Scale it by its bottom-right control, ~400 ms.
  const corner = await page.evaluate(() => (window as unknown as PageWindow).canvas.getActiveObject()!.oCoords.br!);
  await drag(page, [corner.x, corner.y], [corner.x + 40, corner.y + 30], 400);
  sent = await waitForLabels(page, 3, 'label.edited of the scale');
  expect(sent[2]).toMatchObject({ type: 'label.edited', label, payload: { transform: 'scale' } });
  expect(sent[2]!.durationMs!).toBeGreaterThanOrEqual(400);
  expect(sent[2]!.durationMs!).toBeLessThan(2_000);

  // A stroke with fabric's pen: fabric adds the path before its mouse:up.
  await page.evaluate(() => (window as unknown as PageWindow).usePen());
  await drag(page, [60, 230], [180, 270], 500);
  sent = await waitForLabels(page, 4, 'label.added of the stroke');
  expect(sent[3]).toMatchObject({ type: 'label.added', label: { id: 'box-2', feature: 'car', name: 'Car' } });
  expect(sent[3]!.durationMs!).toBeGreaterThanOrEqual(500);
  await page.evaluate(() => (window as unknown as PageWindow).useBox());

  // Select the box with a click (the pen dropped the selection) and delete it with the Delete key.
  await page.mouse.click(...(await centreOf(page, 'box-1')));
  await page.keyboard.press('Delete');
  sent = await waitForLabels(page, 5, 'label.deleted');
  expect(sent[4]).toMatchObject({ type: 'label.deleted', code: 2, label });

  // Load the saved drawing with the host's button: a click, then a clear and adds by fabric.
  await page.click('#load');
  await page.waitForFunction(() => (window as unknown as PageWindow).loaded === 1);
  await page.waitForTimeout(300);
  expect(await sentLabels(page)).toHaveLength(5);

  // The loaded box is a label like any other: moving it is an edit with its saved label.
  await drag(page, await centreOf(page, 'saved-1'), [340, 110], 400);
  sent = await waitForLabels(page, 6, 'label.edited of the loaded box');
  expect(sent[5]).toMatchObject({
    type: 'label.edited',
    label: { id: 'saved-1', feature: 'tree', name: 'Tree' },
    payload: { transform: 'drag' },
  });

  // A script's add and removal, with no input near them, log nothing.
  await page.waitForTimeout(1_100);
  await page.evaluate(() => {
    const { canvas } = window as unknown as PageWindow;
    const [saved] = canvas.getObjects().filter((o) => o.labelId === 'saved-1');
    canvas.remove(saved);
    canvas.add(saved);
  });
  await page.waitForTimeout(200);
  const all = await sentLabels(page);
  expect(all.map((e) => `${e.type} ${e.label?.id}`)).toEqual([
    'label.added box-1',
    'label.edited box-1',
    'label.edited box-1',
    'label.added box-2',
    'label.deleted box-1',
    'label.edited saved-1',
  ]);
  console.info(`fabric: time taken ${all.map((e) => e.durationMs ?? '-').join(', ')} ms`);
  expect(await page.evaluate(() => (window as unknown as PageWindow).errors)).toEqual([]);
  await page.close();
});
