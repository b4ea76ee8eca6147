// How a real-browser test file gets its engine: the one its Vitest project names
// (LABELTRAIL_ENGINE), started before the file's first test and closed after its last.
import { afterAll, beforeAll, test, type TestOptions } from 'vitest';
import { engineName, LACKS, type Engine, type EngineName, type Step } from './engine.js';
import { launchChromium } from './chromium.js';
import { launchFirefox } from './firefox.js';
import { launchWebKit } from './webkit.js';

const LAUNCH: Record<EngineName, () => Promise<Engine>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
};

/** The engine of this run, without starting it: for test names and step choices. */
export const ENGINE: EngineName = engineName();

/** The reason this run's engine cannot take `step`, or undefined when it can. */
export function lacks(step: Step): string | undefined {
  return LACKS[ENGINE][step];
}

/** The started engine of this file. */
export function useEngine(): { readonly engine: Engine } {
  const current = {} as { engine: Engine };
  beforeAll(async () => {
    current.engine = await LAUNCH[ENGINE]();
  });
  afterAll(async () => {
    await current.engine?.close();
  });
  return current;
}

/**
 * A test that needs `steps`: run where the engine can take them all; elsewhere skipped, its
 * name saying which step and why, so a skip is never silent.
 */
export function engineTest(
  name: string,
  steps: readonly Step[],
  fn: () => Promise<void>,
  options: TestOptions = {},
): void {
  const missing = steps.filter((step) => lacks(step));
  if (missing.length === 0) {
    test(name, options, fn);
    return;
  }
  const reasons = missing.map((step) => `${step}: ${lacks(step)}`).join('; ');
  test.skip(`${name} [skipped in ${ENGINE}: ${reasons}]`, fn);
}

/** A name suffix for a test that runs in every engine but leaves out a step here, with why. */
export function leftOut(step: Step, what: string): string {
  const reason = lacks(step);
  return reason ? ` [in ${ENGINE} ${what}: ${reason}]` : '';
}

/** A test run in Chromium alone; in the other engines skipped, its name giving `reason`. */
export function chromiumOnly(name: string, reason: string, fn: () => Promise<void>, options: TestOptions = {}): void {
  if (ENGINE === 'chromium') test(name, options, fn);
  else test.skip(`${name} [skipped in ${ENGINE}: ${reason}]`, fn);
}

/** A test Chromium runs elsewhere already: skipped there, its name giving `reason`. */
export function beyondChromium(name: string, reason: string, fn: () => Promise<void>, options: TestOptions = {}): void {
  if (ENGINE !== 'chromium') test(name, options, fn);
  else test.skip(`${name} [skipped in chromium: ${reason}]`, fn);
}
