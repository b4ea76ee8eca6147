// The driver layer's contract: what a real-browser test asks of an engine, whichever engine
// runs it. Each engine (chromium.ts, firefox.ts, webkit.ts) answers with its own protocol;
// a step an engine cannot take is listed in its `lacks` with the reason, and the test that
// needs it is skipped under a name that says so (see engineTest in useEngine.ts).

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** Steps not every engine can take under automation. */
export type Step =
  /** The browser's own offline switch (`navigator.onLine` false, requests refused). */
  | 'offline'
  /** Kill the browser process and start it again on the same profile, storage kept. */
  | 'restart'
  /** Crash one tab's renderer while the others live on. */
  | 'crash'
  /** Make the page report `document.visibilityState === 'hidden'`. */
  | 'hide'
  /** Shrink the origin's storage quota. */
  | 'quota';

export interface EngineMouse {
  move(x: number, y: number): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

/** One tab (a top-level window in WebKit). */
export interface EnginePage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): Promise<string>;
  /** Runs `fn` in the page with one JSON argument; a returned promise is awaited there. */
  evaluate<R>(fn: () => R): Promise<Awaited<R>>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  /** Polls `fn` in the page every 50 ms until it returns a truthy value. */
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }): Promise<void>;
  waitForTimeout(ms: number): Promise<void>;
  /** Brings this page in front and focuses it (and shows it again after `hide`). */
  bringToFront(): Promise<void>;
  /** Hides the page the way the engine can: another page in front, or the window minimized. */
  hide(): Promise<void>;
  /** Crashes this tab's renderer and resolves once it is gone. */
  crash(): Promise<void>;
  readonly mouse: EngineMouse;
  close(): Promise<void>;
}

/** Pages that share storage, locks and channels: a browser context, or WebKit's session. */
export interface EngineContext {
  newPage(): Promise<EnginePage>;
  setOffline(offline: boolean): Promise<void>;
  /** Sets the storage quota of `origin` in this context; without `bytes`, lifts the override. */
  setQuota(origin: string, bytes?: number): Promise<void>;
  close(): Promise<void>;
}

/** A context on a profile kept on disk, whose browser process a test may kill. */
export interface ProfileContext extends EngineContext {
  /** SIGKILLs the browser process and waits until it is gone. */
  kill(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  newContext(): Promise<EngineContext>;
  /** A browser on the profile in `dir` (created if empty). */
  openProfile(dir: string): Promise<ProfileContext>;
  close(): Promise<void>;
}

/** What each engine cannot do under automation, with the reason: known before it starts, so test names can say it. */
export const LACKS: Readonly<Record<EngineName, Partial<Record<Step, string>>>> = {
  chromium: {
    hide: 'headless Chromium keeps a page behind another visible',
  },
  firefox: {
    crash: 'WebDriver BiDi has no command to crash one tab',
    quota: 'Firefox sets its storage quota per profile at start, not per origin from the driver',
  },
  webkit: {
    offline: "WebKitGTK's WebDriver has no network switch",
    restart: 'MiniBrowser under --automation keeps no storage across a restart (ephemeral, no data-directory option)',
    crash: "WebKitGTK's WebDriver has no command to crash one page",
    quota: "WebKitGTK's WebDriver cannot set an origin's storage quota",
  },
};

export const ENGINE_NAMES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** The engine this Vitest project runs in: LABELTRAIL_ENGINE, Chromium unless set. */
export function engineName(): EngineName {
  const name = process.env['LABELTRAIL_ENGINE'] ?? 'chromium';
  if (!(ENGINE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`LABELTRAIL_ENGINE must be one of ${ENGINE_NAMES.join(', ')}; got '${name}'`);
  }
  return name as EngineName;
}

/** Thrown by a driver asked for a step its engine lacks. */
export function lacking(engine: EngineName, step: Step): Error {
  return new Error(`${engine} cannot take the step '${step}': ${LACKS[engine][step] ?? 'not built'}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
