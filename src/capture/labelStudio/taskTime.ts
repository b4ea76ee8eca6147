import type { ItemTimerSnapshot } from '../ItemTimer.js';

/** The time of the open task, in whole milliseconds. */
export interface TaskTime {
  /** The task (the open item), if one is open. */
  readonly task: string | undefined;
  /** What a team can pay by: active + stalled (waiting on media the user asked for). */
  readonly countedMs: number;
  readonly activeMs: number;
  readonly stalledMs: number;
  /** Not counted: no input for the idle time, the page hidden, or another window in front. */
  readonly idleMs: number;
  readonly hiddenMs: number;
  readonly blurredMs: number;
  /** Wall-clock time since the task opened: every bucket together, as a lead time counts. */
  readonly openMs: number;
}

/**
 * The counted time of the task open in the trail, with its breakdown: what a host can store
 * with the annotation instead of Label Studio's lead time, which counts idle, hidden and
 * other-tab time too.
 *
 * @example
 * onSubmitAnnotation: (store, annotation) => save(annotation, { countedMs: taskTime(trail).countedMs })
 */
export function taskTime(trail: { timeInTool(): ItemTimerSnapshot }): TaskTime {
  const { item, buckets } = trail.timeInTool();
  const ms = (value: number) => Math.round(value);
  return {
    task: item,
    countedMs: ms(buckets.active + buckets.stalled),
    activeMs: ms(buckets.active),
    stalledMs: ms(buckets.stalled),
    idleMs: ms(buckets.idle),
    hiddenMs: ms(buckets.hidden),
    blurredMs: ms(buckets.blurred),
    openMs: ms(buckets.active + buckets.stalled + buckets.idle + buckets.hidden + buckets.blurred),
  };
}
