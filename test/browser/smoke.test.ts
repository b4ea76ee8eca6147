import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startHarness, type Harness } from './harness.js';

let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  harness = await startHarness();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

test('Chromium loads library source through the harness', async () => {
  const page = await browser.newPage();
  await page.goto(`${harness.origin}/test/browser/pages/smoke.html`);
  await page.waitForFunction(() => (window as unknown as { typeCount?: number }).typeCount !== undefined);
  expect(await page.evaluate(() => (window as unknown as { typeCount: number }).typeCount)).toBeGreaterThan(30);
});
