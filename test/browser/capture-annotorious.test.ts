import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { drag, useHarnessAndBrowser, waitFor } from './harness.js';

interface PageEvent {
  type: string;
  code: number | null;
  durationMs?: number;
  label?: { id?: string; feature?: string; name?: string };
  context: { item?: string; project?: string };
  payload?: Record<string, unknown>;
}
interface PageWindow {
  ready?: boolean;
  events: PageEvent[];
  refused: string[];
  errors: string[];
  lifecycle: [string, number][];
  downs: number[];
  anno: {
    getAnnotations(): { id: string; bodies: unknown[]; target: unknown }[];
    updateAnnotation(annotation: unknown): unknown;
    setSelected(id?: string): void;
  };
  capture: { closeItem(): void };
}

const rig = useHarnessAndBrowser();

const events = (page: Page) => page.evaluate(() => (window as unknown as PageWindow).events);
const count = async (page: Page, type: string) => (await events(page)).filter((e) => e.type === type).length;

test('the Annotorious adapter turns real drawing, editing and deleting into label events', async () => {
  const page = await rig.browser.newPage();
  page.on('pageerror', (error) => !/WebSocket/.test(error.message) && console.error('page error:', error));
  await page.goto(`${rig.harness.origin}/test/browser/pages/capture-annotorious.html`);
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true, undefined, { timeout: 20_000 });

  // Draw a box with the mouse, taking about 800 ms from pointer down to release.
  await drag(page, [60, 60], [200, 160], 800);
  await waitFor(async () => (await count(page, 'label.added')) === 1, 10_000, 'label.added');
  const [annotation] = await page.evaluate(() => (window as unknown as PageWindow).anno.getAnnotations());
  expect(annotation).toBeDefined();
  const added = (await events(page)).find((e) => e.type === 'label.added')!;
  const [createdAt, firstDown] = await page.evaluate(() => [
    (window as unknown as PageWindow).lifecycle.find(([name]) => name === 'createAnnotation')![1],
    (window as unknown as PageWindow).downs[0]!,
  ]);
  console.info(
    `drawn box: time taken ${added.durationMs} ms (pointer down → createAnnotation ` +
      `${Math.round(createdAt - firstDown)} ms)`,
  );
  expect(added).toMatchObject({
    code: 0,
    label: { id: annotation!.id },
    context: { item: 'photo-1', project: 'demo' },
  });
  expect(Math.abs(added.durationMs! - (createdAt - firstDown))).toBeLessThanOrEqual(50);
  expect(added.durationMs!).toBeGreaterThanOrEqual(800);

  // Classify it through the annotator (a body change fires updateAnnotation).
  await page.evaluate((id) => {
    const a = (window as unknown as PageWindow).anno.getAnnotations().find((x) => x.id === id)!;
    (window as unknown as PageWindow).anno.updateAnnotation({
      ...a,
      bodies: [{ id: 'b1', annotation: id, purpose: 'classifying', value: 'car' }],
    });
  }, annotation!.id);
  await waitFor(async () => (await count(page, 'label.edited')) >= 1, 10_000, 'label.edited after classifying');
  const classified = (await events(page)).filter((e) => e.type === 'label.edited').at(-1)!;
  expect(classified).toMatchObject({
    code: 1,
    label: { id: annotation!.id, name: 'car', feature: 'car' },
    payload: { changed: 'bodies' },
  });

  // Deselect, then select the box by clicking it and move it with the mouse; deselecting commits the edit.
  await page.keyboard.press('Escape');
  await page.mouse.click(350, 260);
  await page.waitForTimeout(200);
  const editsBefore = await count(page, 'label.edited');
  await page.mouse.click(130, 110);
  await page.waitForTimeout(300);
  await drag(page, [130, 110], [170, 140], 500);
  await page.waitForTimeout(200);
  await page.mouse.click(380, 290);
  await waitFor(async () => (await count(page, 'label.edited')) > editsBefore, 10_000, 'label.edited after moving');
  const moved = (await events(page)).filter((e) => e.type === 'label.edited').at(-1)!;
  console.info(`moved box: edit time taken ${moved.durationMs} ms`);
  expect(moved).toMatchObject({ code: 1, label: { id: annotation!.id, name: 'car' }, payload: { changed: 'target' } });
  expect(moved.durationMs!).toBeGreaterThanOrEqual(700);
  expect(moved.durationMs!).toBeLessThan(5_000);

  // Select it again and delete it with the keyboard.
  await page.mouse.click(170, 140);
  await page.waitForTimeout(300);
  await page.keyboard.press('Delete');
  await waitFor(async () => (await count(page, 'label.deleted')) === 1, 10_000, 'label.deleted');
  expect(await page.evaluate(() => (window as unknown as PageWindow).anno.getAnnotations().length)).toBe(0);

  await page.evaluate(() => (window as unknown as PageWindow).capture.closeItem());
  const all = await events(page);
  expect(all.filter((e) => e.type === 'label.deleted')[0]).toMatchObject({ code: 2, label: { id: annotation!.id } });
  expect(all.filter((e) => e.type.startsWith('figure.')).map((e) => e.type)).toEqual(
    expect.arrayContaining(['figure.created', 'figure.updated', 'figure.disabled']),
  );
  const duration = all.find((e) => e.type === 'item.duration')!;
  expect(duration.payload).toMatchObject({ touched: true });
  expect(duration.payload!.editingMs as number).toBeGreaterThan(0);
  expect(
    await page.evaluate(() => [(window as unknown as PageWindow).refused, (window as unknown as PageWindow).errors]),
  ).toEqual([[], []]);
  await page.close();
});
