// The driver layer's contract, in whichever engine this run names: what the other
// real-browser tests rely on (values and errors out of a page, shared storage between a
// context's pages, hiding, the offline switch) holds.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type Harness } from '../harness.js';
import { engineTest, ENGINE, useEngine } from './useEngine.js';

const rig = useEngine();
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const PAGE = '/test/browser/pages/driver.html';
type Win = Window & {
  typeCount?: number;
  seen?: string[];
  writeKey(db: string, value: string): Promise<void>;
  readKey(db: string): Promise<string>;
};

test(`${ENGINE}: a page loads the library's source; values and errors come out of evaluate`, async () => {
  const context = await rig.engine.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${harness.origin}${PAGE}`);
    await page.waitForFunction(() => (window as unknown as Win).typeCount !== undefined);
    expect(await page.evaluate(() => (window as unknown as Win).typeCount)).toBeGreaterThan(30);
    expect(await page.evaluate((n) => Promise.resolve({ twice: n * 2, list: [n] }), 21)).toEqual({
      twice: 42,
      list: [21],
    });
    await expect(page.evaluate(() => Promise.reject(new Error('refused here')))).rejects.toThrow('refused here');
    expect(await page.url()).toBe(`${harness.origin}${PAGE}`);
  } finally {
    await context.close();
  }
});

test(`${ENGINE}: two pages of a context share IndexedDB and BroadcastChannel`, async () => {
  const context = await rig.engine.newContext();
  try {
    const [a, b] = [await context.newPage(), await context.newPage()];
    for (const page of [a, b]) {
      await page.goto(`${harness.origin}${PAGE}`);
      await page.waitForFunction(() => (window as unknown as Win).typeCount !== undefined);
    }
    await b.evaluate(() => {
      (window as unknown as Win).seen = [];
      new BroadcastChannel('driver').onmessage = (e) => (window as unknown as Win).seen!.push(String(e.data));
    });
    await a.evaluate(() => new BroadcastChannel('driver').postMessage('hello'));
    await b.waitForFunction(() => (window as unknown as Win).seen!.length > 0);
    expect(await b.evaluate(() => (window as unknown as Win).seen)).toEqual(['hello']);
    await a.evaluate(() => (window as unknown as Win).writeKey('driver-db', 'from a'));
    expect(await b.evaluate(() => (window as unknown as Win).readKey('driver-db'))).toBe('from a');
  } finally {
    await context.close();
  }
});

engineTest(`${ENGINE}: hide() makes the page hidden, bringToFront() visible again`, ['hide'], async () => {
  const context = await rig.engine.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${harness.origin}${PAGE}`);
    await page.hide();
    await page.waitForFunction(() => document.visibilityState === 'hidden', undefined, { timeout: 5_000 });
    await page.bringToFront();
    await page.waitForFunction(() => document.visibilityState === 'visible', undefined, { timeout: 5_000 });
  } finally {
    await context.close();
  }
});

engineTest(`${ENGINE}: the offline switch refuses requests and reports navigator.onLine`, ['offline'], async () => {
  const context = await rig.engine.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${harness.origin}${PAGE}`);
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const answer = (origin: string) =>
      fetch(`${origin}/v1/logs`, { method: 'POST', body: '{}' }).then(
        (r) => r.status,
        () => 'refused',
      );
    expect(await page.evaluate(answer, harness.origin)).toBe('refused');
    await context.setOffline(false);
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  } finally {
    await context.close();
  }
});

// Kill and restart on a profile is proven by the fault suite's scenario 2, in each engine that can.
