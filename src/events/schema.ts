import * as z from 'zod/mini';
import { eventKinds, type EventType } from './taxonomy.js';
import { typeRules } from './lib/typeRules.js';
import {
  CATEGORY_NAME,
  isKeyText,
  KEY_TEXT_PROBLEM,
  MAX_CATEGORY_LENGTH,
  MAX_ID_BYTES,
  MAX_MEASURE,
  MAX_TIME_MS,
  MAX_TYPE_LENGTH,
  payloadProblem,
  TYPE_NAME,
} from './limits.js';

// Identifiers are opaque strings from the host editor, bounded in UTF-8 bytes (limits.ts says
// why); maxLength in characters is implied by the bytes, and keeps the bound in the JSON Schema.
const id = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_ID_BYTES), z.refine(isKeyText, { message: KEY_TEXT_PROBLEM }));
const optionalId = z.optional(id);
const nonNegative = z.number().check(z.gte(0), z.lte(MAX_MEASURE));
const count = z.int().check(z.gte(0));
// The payload's nesting, strings and size, as the browser checks them (one function for both).
const payload = z.record(z.string(), z.unknown()).check(
  z.superRefine((value, ctx) => {
    const problem = payloadProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

export const actorSchema = z.strictObject({
  id,
  email: z.optional(z.email()),
});

export const contextSchema = z.strictObject({
  project: optionalId,
  dataset: optionalId,
  item: optionalId,
  frame: z.optional(count),
  workflowStage: optionalId,
  branch: optionalId,
  job: optionalId,
  task: optionalId,
  annotation: optionalId,
});

export const labelSchema = z.strictObject({
  id: optionalId,
  feature: optionalId,
  name: optionalId,
});

/**
 * The envelope every labeltrail event has, on the client, on the wire and at the collector.
 * `type` is a built-in type or a custom one; custom types carry their `category` and `kind`.
 */
export const eventSchema = z
  .strictObject({
    id: z.uuid({ version: 'v7' }),
    type: z.string().check(z.maxLength(MAX_TYPE_LENGTH), z.regex(TYPE_NAME)),
    code: z.nullable(z.int().check(z.gte(0))),
    category: z.optional(z.string().check(z.maxLength(MAX_CATEGORY_LENGTH), z.regex(CATEGORY_NAME))),
    kind: z.optional(z.enum(eventKinds)),
    time: z.int().check(z.gte(0), z.lte(MAX_TIME_MS)),
    mono: nonNegative,
    session: z.uuid(),
    seq: count,
    actor: actorSchema,
    context: contextSchema,
    label: z.optional(labelSchema),
    durationMs: z.optional(nonNegative),
    payload: z.optional(payload),
  })
  .check(
    z.superRefine((event, ctx) => {
      for (const [field, message] of typeRules(event))
        ctx.addIssue({ code: 'custom', message, path: [field], input: event[field] });
    }),
  );

/**
 * Payload shapes for the types that carry one; other types accept any small JSON object.
 * Extra keys are allowed so a newer client can add detail an older collector keeps as is.
 */
export const payloadSchemas: Partial<Record<EventType, z.ZodMiniType>> = {
  'trail.dropped': z.looseObject({ count: z.int().check(z.gte(1)), reason: z.string() }),
  'item.duration': z.looseObject({
    durationMs: nonNegative,
    seconds: nonNegative,
    editingMs: nonNegative,
    touched: z.boolean(),
    reason: z.optional(z.enum(['closed', 'next', 'disposed', 'recovered'])),
    openMs: z.optional(nonNegative),
    resumedMs: z.optional(nonNegative),
    recovered: z.optional(z.boolean()),
    activeMs: z.optional(nonNegative),
    stalledMs: z.optional(nonNegative),
    idleMs: z.optional(nonNegative),
    hiddenMs: z.optional(nonNegative),
    blurredMs: z.optional(nonNegative),
  }),
  // Every key optional, and the payload too: a plain `track('item.opened')` is valid.
  'item.opened': z.optional(z.looseObject({ resumed: z.optional(z.boolean()), resumedMs: z.optional(nonNegative) })),
  'item.review_status': z.looseObject({ status: id }),
  'video.buffering': z.looseObject({
    durationMs: nonNegative,
    startFrame: z.optional(count),
    startTime: z.optional(nonNegative),
    endedBy: z.optional(z.enum(['playing', 'pause', 'seek', 'source', 'stop'])),
    waiting: z.optional(z.boolean()),
  }),
  'video.seeking': z.looseObject({
    fromFrame: count,
    toFrame: count,
    durationMs: nonNegative,
    settleMs: z.optional(nonNegative),
    shownFrame: z.optional(count),
    fromTime: z.optional(nonNegative),
    toTime: z.optional(nonNegative),
    seeks: z.optional(z.int().check(z.gte(1))),
  }),
  'video.bitrate_warning': z.looseObject({
    reason: z.enum(['downswitch', 'below_floor', 'dropped_frames']),
    bitrate: z.optional(nonNegative),
    fromBitrate: z.optional(nonNegative),
    level: z.optional(count),
    floor: z.optional(nonNegative),
    sustainedMs: z.optional(nonNegative),
    droppedFrames: z.optional(count),
    totalFrames: z.optional(count),
    ratio: z.optional(nonNegative),
  }),
  'video.startup': z.looseObject({ durationMs: nonNegative, startFrame: z.optional(count) }),
  'video.error': z.looseObject({
    source: z.enum(['media', 'hls']),
    fatal: z.boolean(),
    code: z.optional(count),
    type: optionalId,
    details: optionalId,
    message: z.optional(z.string()),
    startup: z.optional(z.boolean()),
  }),
  'video.summary': z.looseObject({
    startupMs: z.optional(nonNegative),
    playingMs: nonNegative,
    rebufferCount: count,
    rebufferMs: nonNegative,
    rebufferRatio: nonNegative,
    seekCount: count,
    seekP50Ms: z.optional(nonNegative),
    seekMaxMs: z.optional(nonNegative),
    droppedFrames: z.optional(count),
    totalFrames: z.optional(count),
    droppedRatio: z.optional(nonNegative),
    errors: z.optional(count),
  }),
};

export type Actor = z.infer<typeof actorSchema>;
export type EventContext = z.infer<typeof contextSchema>;
export type LabelRef = z.infer<typeof labelSchema>;
export type TrailEvent = z.infer<typeof eventSchema>;
