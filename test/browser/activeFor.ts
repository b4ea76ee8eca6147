// Real mouse input through the browser's input pipeline: what the time-in-tool tests call
// "active". Any driver's page will do (playwright's, or the engines' layer).

/** What `activeFor` needs of a page. */
export interface MovingPage {
  readonly mouse: { move(x: number, y: number): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
}

/** Moves the mouse across the editor every `everyMs` (100 ms) for `ms`. */
export async function activeFor(page: MovingPage, ms: number, everyMs = 100): Promise<void> {
  const until = Date.now() + ms;
  let x = 100;
  while (Date.now() < until) {
    x = x >= 700 ? 100 : x + 7;
    await page.mouse.move(x, 300);
    await page.waitForTimeout(everyMs);
  }
}
