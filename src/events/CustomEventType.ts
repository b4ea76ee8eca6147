import type { EventKind, EventType } from './taxonomy.js';
import type { TrailEvent } from './schema.js';
import type { TrackFields } from './Tracker.js';

/**
 * What a payload check answers: nothing when the payload is fine; else the problem, as a
 * sentence (the refusal names `payload`) or with the field under `payload` it is about.
 */
export type PayloadProblem = string | { readonly field: string; readonly problem: string } | undefined | void;

/**
 * An event type an integrator adds beside the built-in ones. It takes no action code (the
 * codes are the label-log table's): receivers learn its `category` and `kind` from the
 * envelope, which carries them.
 */
export interface CustomEventType<P extends object = Record<string, unknown>> {
  /** The subject, as an activity log filters by it: one lower-case word (`project`). */
  readonly category: string;
  /** What an activity log colours by, one of the built-in kinds. */
  readonly kind: EventKind;
  /** A sentence for people (activity logs, documentation); it is not sent with events. */
  readonly description?: string;
  /**
   * Checks the payload (undefined when the call gave none) after the envelope's own checks
   * and limits; answers the problem, or nothing when the payload is fine. A method, so that
   * a check typed for a narrower payload still fits.
   */
  payload?(payload: P | undefined): PayloadProblem;
}

/**
 * Custom event types by name. The payload is `any` here only so that a check written inline
 * can read its payload's keys, and one typed for a narrower payload (an interface) still fits.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CustomEventTypes = Readonly<Record<string, CustomEventType<Record<string, any>>>>;

declare const defined: unique symbol;

/** Custom event types checked by `defineEventTypes`: the only kind `createTrail` takes. */
export type DefinedEventTypes<T extends CustomEventTypes> = T & { readonly [defined]: true };

/** The type names a trail accepts: the built-in ones and those of its custom types. */
export type TypeName<T extends CustomEventTypes> = EventType | (keyof T & string);

/** The payload `track()` takes for a type: what its check is typed for, else any JSON object. */
export type PayloadOf<T extends CustomEventTypes, K extends string> = K extends keyof T
  ? T[K] extends { payload?(payload: infer P): unknown }
    ? string extends keyof NonNullable<P>
      ? Record<string, unknown>
      : NonNullable<P>
    : Record<string, unknown>
  : Record<string, unknown>;

/**
 * `track()` of a trail with custom types: their names beside the built-in ones, each with the
 * payload its check is typed for. An overload beside the built-in `track()`, so such a trail
 * still is a `Trail`.
 */
export interface TypedTrack<T extends CustomEventTypes> {
  track<K extends TypeName<T>>(type: K, fields?: TrackFields<PayloadOf<T, K>>): TrailEvent | undefined;
}
