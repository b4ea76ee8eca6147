import { expect, test } from 'vitest';

import { useHarnessAndBrowser } from './harness.js';

const rig = useHarnessAndBrowser();

test('Chromium loads library source through the harness', async () => {
  const page = await rig.browser.newPage();
  await page.goto(`${rig.harness.origin}/test/browser/pages/smoke.html`);
  await page.waitForFunction(() => (window as unknown as { typeCount?: number }).typeCount !== undefined);
  expect(await page.evaluate(() => (window as unknown as { typeCount: number }).typeCount)).toBeGreaterThan(30);
});
