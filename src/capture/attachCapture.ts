import type { Actor, EventContext } from '../events/schema.js';
import type { CaptureTracker } from './CaptureTracker.js';
import { checkCaptureOptions, type CaptureOptions } from './captureSettings.js';
import { createHelpers, type CaptureHelpers } from './helpers.js';
import { ItemTimer, type ItemTimerSnapshot } from './ItemTimer.js';
import { createPageActivity } from './lib/pageActivity.js';
import { guard, type ErrorSink } from './lib/safe.js';
import { Attention } from './time/Attention.js';
import { TabId } from './time/TabId.js';
import { DurableRecords } from './time/DurableRecords.js';
import { TabLocks } from './time/TabLocks.js';
import { uuidv7 } from '../lib/uuidv7.js';
import type { ItemTime } from './ItemTime.js';

/** Everything the capture layer adds to a trail: typed action helpers and time in tool. */
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
  /**
   * Time in tool's extension point, for watchers of media beside the editor (`labeltrail/video`
   * feeds it stalls and playback): see `ItemTime`. An editor never needs it.
   */
  readonly itemTime: ItemTime;
  /** Stops every watcher, closes the open item and removes every listener. */
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

// The timer and attention behind `ItemTime`: guarded, since watchers call it from media events.
function timeHooks(timer: ItemTimer, attention: Attention, onError: ErrorSink): ItemTime {
  return {
    get item() {
      return timer.item;
    },
    get context() {
      return timer.context;
    },
    stalled: (source, stalled, at) => guard(onError, () => timer.setStalled(source, stalled, at))(),
    playback: (source, playing, at) => guard(onError, () => attention.playback(source, playing, at))(),
    listen: (listener) => guard(onError, () => timer.listen(listener))() ?? (() => {}),
    report: (error) => guard(onError, () => onError(error))(),
  };
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
  const itemTime = timeHooks(timer, attention, onError);

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
    itemTime,
    dispose() {
      guard(onError, () => {
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
export type { CaptureOptions } from './captureSettings.js';
export type { ItemTime, ItemTimeListener } from './ItemTime.js';
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
