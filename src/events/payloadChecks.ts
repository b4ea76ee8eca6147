import type { EventType } from './taxonomy.js';
import { bool, count, id, nonNegative, object, oneOf, optional, positiveCount, str, type Check } from './lib/checks.js';

/**
 * Payload shapes for the types that carry one, as `payloadSchemas` in `schema.ts` states
 * them; other types accept any plain JSON object. Extra keys are allowed so a newer client
 * can add detail an older collector keeps as is.
 */
export const payloadChecks: Partial<Record<EventType, Check>> = {
  'trail.dropped': object({ count: positiveCount, reason: str }, false),
  'item.duration': object(
    {
      durationMs: nonNegative,
      seconds: nonNegative,
      editingMs: nonNegative,
      touched: bool,
      reason: optional(oneOf(['closed', 'next', 'disposed', 'recovered'])),
      openMs: optional(nonNegative),
      resumedMs: optional(nonNegative),
      recovered: optional(bool),
      activeMs: optional(nonNegative),
      stalledMs: optional(nonNegative),
      idleMs: optional(nonNegative),
      hiddenMs: optional(nonNegative),
      blurredMs: optional(nonNegative),
    },
    false,
  ),
  // Every key optional, and the payload too: a plain `track('item.opened')` is valid.
  'item.opened': optional(object({ resumed: optional(bool), resumedMs: optional(nonNegative) }, false)),
  'item.review_status': object({ status: id }, false),
  'video.buffering': object(
    {
      durationMs: nonNegative,
      startFrame: optional(count),
      startTime: optional(nonNegative),
      endedBy: optional(oneOf(['playing', 'pause', 'seek', 'source', 'stop'])),
      waiting: optional(bool),
    },
    false,
  ),
  'video.seeking': object(
    {
      fromFrame: count,
      toFrame: count,
      durationMs: nonNegative,
      settleMs: optional(nonNegative),
      shownFrame: optional(count),
      fromTime: optional(nonNegative),
      toTime: optional(nonNegative),
      seeks: optional(positiveCount),
    },
    false,
  ),
  'video.bitrate_warning': object(
    {
      reason: oneOf(['downswitch', 'below_floor', 'dropped_frames']),
      bitrate: optional(nonNegative),
      fromBitrate: optional(nonNegative),
      level: optional(count),
      floor: optional(nonNegative),
      sustainedMs: optional(nonNegative),
      droppedFrames: optional(count),
      totalFrames: optional(count),
      ratio: optional(nonNegative),
    },
    false,
  ),
  'video.startup': object({ durationMs: nonNegative, startFrame: optional(count) }, false),
  'video.error': object(
    {
      source: oneOf(['media', 'hls']),
      fatal: bool,
      code: optional(count),
      type: optional(id),
      details: optional(id),
      message: optional(str),
      startup: optional(bool),
    },
    false,
  ),
  'video.summary': object(
    {
      startupMs: optional(nonNegative),
      playingMs: nonNegative,
      rebufferCount: count,
      rebufferMs: nonNegative,
      rebufferRatio: nonNegative,
      seekCount: count,
      seekP50Ms: optional(nonNegative),
      seekMaxMs: optional(nonNegative),
      droppedFrames: optional(count),
      totalFrames: optional(count),
      droppedRatio: optional(nonNegative),
      errors: optional(count),
    },
    false,
  ),
};
