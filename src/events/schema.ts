import * as z from 'zod/mini';
import { eventTypes, type EventType } from './taxonomy.js';

// Identifiers are opaque strings from the host editor; the bound keeps one bad value
// from bloating every row it lands in.
const MAX_ID_LENGTH = 512;

const id = z.string().check(z.minLength(1), z.maxLength(MAX_ID_LENGTH));
const optionalId = z.optional(id);
const nonNegative = z.number().check(z.gte(0));
const count = z.int().check(z.gte(0));

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
});

export const labelSchema = z.strictObject({
  id: optionalId,
  feature: optionalId,
  name: optionalId,
});

const typeNames = Object.keys(eventTypes) as [EventType, ...EventType[]];

/** The envelope every labeltrail event has, on the client, on the wire and at the collector. */
export const eventSchema = z
  .strictObject({
    id: z.uuid({ version: 'v7' }),
    type: z.enum(typeNames),
    code: z.nullable(z.int().check(z.gte(0))),
    time: z.int().check(z.gte(0)),
    mono: nonNegative,
    session: z.uuid(),
    seq: count,
    actor: actorSchema,
    context: contextSchema,
    label: z.optional(labelSchema),
    durationMs: z.optional(nonNegative),
    payload: z.optional(z.record(z.string(), z.unknown())),
  })
  .check(
    z.refine((event) => eventTypes[event.type].code === event.code, {
      message: 'code does not match the action number of type',
      path: ['code'],
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
};

export type Actor = z.infer<typeof actorSchema>;
export type EventContext = z.infer<typeof contextSchema>;
export type LabelRef = z.infer<typeof labelSchema>;
export type TrailEvent = z.infer<typeof eventSchema>;
