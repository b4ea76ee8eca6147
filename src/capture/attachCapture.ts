import type { Actor, EventContext } from '../events/schema.js';
import type { CaptureTracker } from './CaptureTracker.js';
import { checkCaptureOptions } from './captureSettings.js';
import { createHelpers, type CaptureHelpers } from './helpers.js';
import { ItemTimer, type ItemTimerSnapshot } from './ItemTimer.js';
import { createPageActivity } from './lib/pageActivity.js';
import { guard, type ErrorSink } from './lib/safe.js';
import { Attention } from './time/Attention.js';
import { TabId } from './time/TabId.js';
import { DurableRecords } from './time/DurableRecords.js';
import { TabLocks } from './time/TabLocks.js';
import { uuidv7 } from '../lib/uuidv7.js';
import { createVideoWatches } from './videoWatches.js';
import type { WatchVideoOptions } from './watchVideo.js';

/** Options of the capture layer (`createTrail({ capture })`); defaults in `capture/defaults.ts`. */
export interface CaptureOptions {
  /** No input for this long pauses time in tool; the idle gap is never counted. Default 60 s. */
  readonly idleMs?: number;
  /** Running totals are persisted this often; a crash loses at most this much. Default 5 s. */
  readonly heartbeatMs?: number;
  /** localStorage key for the open item's running totals. */
  readonly storageKey?: string;
  /** A reload within this long of the last save continues the item's count. Default 30 min. */
  readonly resumeWindowMs?: number;
  /** Where running totals live; `null` disables persistence. Default `window.localStorage`. */
  readonly storage?: Storage | null;
  /** Where this tab's id is kept, so that only its reload resumes its count. Default `window.sessionStorage`. */
  readonly tabStorage?: Storage | null;
  /** The window whose input, focus and visibility count. Default the global `window`. */
  readonly window?: Window;
  /** Receives failures of capture code, which never throws into the editor. */
  readonly onError?: ErrorSink;
}

/**
 * Everything the capture layer adds to a trail: typed action helpers, time in tool and
 * video watching.
 */
export interface Capture extends CaptureHelpers {
  /**
   * An item was opened in the editor: emits `item.opened` and starts its time-in-tool timer.
   * Opening another item closes the current one first (the user moved on).
   */
  openItem(item: string, context?: Partial<EventContext>): void;
  /** The item was closed: stops its timer and emits `item.duration`. */
  closeItem(): void;
  /** What the timer has counted for the open item so far. */
  timeInTool(): ItemTimerSnapshot;
  /** Emits buffering, seeking, startup and bitrate events for `video`; returns the stop function. */
  watchVideo(video: HTMLMediaElement, options?: WatchVideoOptions): () => void;
  /** Closes the open item, stops every video watch and removes every listener. */
  dispose(): void;
}

function defaultStorage(win: Window | undefined, which: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return win?.[which] ?? undefined;
  } catch {
    // Storage access throws in sandboxed frames and some privacy modes.
    return undefined;
  }
}

function reportToConsole(error: unknown): void {
  if (typeof console !== 'undefined') console.warn('labeltrail capture:', error);
}

/**
 * Attaches the capture layer to a tracker (a trail). The returned object's members are
 * merged into the trail, so `trail.label.add(...)`, `trail.openItem(...)` and so on work.
 *
 * @example
 * const capture = attachCapture(trail, { idleMs: 30_000 });
 * capture.openItem('image-17', { project: 'p1' });
 * capture.label.begin();                     // first pointer down of the box tool
 * capture.label.add({ id: 'box-1', feature: 'car', name: 'Car' }); // durationMs measured
 * const stop = capture.watchVideo(videoElement, { fps: 25 });
 */
export function attachCapture(
  tracker: CaptureTracker,
  given: CaptureOptions = {},
  actor: () => Actor | undefined = () => undefined,
): Capture {
  const options = checkCaptureOptions(given);
  const win = options.window ?? (typeof window === 'undefined' ? undefined : window);
  const onError = options.onError ?? reportToConsole;
  const activity = createPageActivity(win);
  const { storageKey, heartbeatMs } = options;
  const attention = new Attention(activity, {
    window: win,
    idleMs: options.idleMs,
    channel: `${storageKey}:attention`,
    page: uuidv7(),
    actor: () => actor()?.id,
    onError,
  });
  const tabStorage =
    options.tabStorage === null ? undefined : (options.tabStorage ?? defaultStorage(win, 'sessionStorage'));
  const tab = new TabId(tabStorage, win, onError);
  const timer = new ItemTimer(tracker, attention, {
    heartbeatMs,
    storageKey,
    resumeWindowMs: options.resumeWindowMs,
    storage: options.storage === null ? undefined : (options.storage ?? defaultStorage(win, 'localStorage')),
    window: win,
    tab: tab.id,
    actor,
    locks: new TabLocks(`${storageKey}:tab:`, heartbeatMs, onError),
    // Only beside the default localStorage: a Storage of the integrator's is where they want records.
    durable: options.storage === undefined && win ? new DurableRecords(storageKey, onError) : undefined,
    onError,
  });
  const helpers = createHelpers(tracker, timer, attention, onError);
  const videos = createVideoWatches(tracker, timer, onError);

  return {
    label: helpers.label,
    classification: helpers.classification,
    attribute: helpers.attribute,
    review: helpers.review,
    task: helpers.task,
    consensus: helpers.consensus,
    labeling: helpers.labeling,
    figure: helpers.figure,
    tag: helpers.tag,
    openItem: (item, context) => guard(onError, () => timer.openItem(item, context))(),
    closeItem: () => guard(onError, () => timer.closeItem('closed'))(),
    timeInTool: () => timer.snapshot(),
    watchVideo: (video, videoOptions) => videos.watch(video, videoOptions),
    dispose() {
      guard(onError, () => {
        videos.stopAll();
        timer.dispose();
        tab.dispose();
        helpers.dispose();
        attention.dispose();
        activity.dispose();
      })();
    },
  };
}

export type { ItemTimerSnapshot } from './ItemTimer.js';
export type { WatchVideoOptions, HlsLike, HlsEventData } from './watchVideo.js';
export type {
  ActionPlace,
  AnnotationHelpers,
  CaptureHelpers,
  ConsensusHelpers,
  FigureHelpers,
  LabelAction,
  LabelingHelpers,
  ReviewHelpers,
  ReviewTarget,
  TagAction,
  TagHelpers,
  TaskAction,
  TaskHelpers,
} from './helpers.js';
