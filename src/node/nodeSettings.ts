import * as defaults from '../defaults.js';
import { TrailConfigError } from '../TrailConfigError.js';
import type { TrailOptions } from '../createTrail.js';
import type { Actor, EventContext } from '../events/schema.js';
import { TrailInputError } from '../events/TrailInputError.js';
import { actorCheck, checked, contextCheck } from '../events/lib/envelopeChecks.js';
import type { CustomTypeEntry } from '../events/lib/checkEventTypes.js';
import { ENTRIES, type Registry } from '../events/lib/definedTypes.js';
import { checkEndpoint } from '../delivery/checkEndpoint.js';
import type { WireFormat } from '../delivery/formats.js';
import type { DelivererOptions } from '../delivery/Deliverer.js';
import type { QueueLimits } from '../queue/Queue.js';
import { bearerHeaders } from './bearerHeaders.js';

/**
 * Options of labeltrail/node's `createTrail`: the browser's, without IndexedDB and capture,
 * with a directory and a token.
 */
export interface NodeTrailOptions<T extends Record<string, object> = Record<never, never>> extends Omit<
  TrailOptions<never>,
  'dbName' | 'capture' | 'types'
> {
  /** Directory of the durable queue (created if missing); one process at a time uses it. */
  readonly dir: string;
  /** Bearer token sent with every batch, or a function returning it (called at each send). */
  readonly token?: string | (() => string | Promise<string>);
  /** Custom event types, made by `defineEventTypes` (`labeltrail/types`). */
  readonly types?: T;
}

/** A Node trail's options, checked once and with their defaults. */
export interface NodeSettings {
  readonly dir: string;
  readonly url: string;
  readonly format: WireFormat;
  readonly headers: (() => Promise<Record<string, string>>) | undefined;
  readonly strict: boolean;
  readonly serviceName: string;
  readonly gzip: boolean;
  readonly timeoutMs: number;
  readonly limits: QueueLimits;
  readonly batch: DelivererOptions;
  readonly maxPayloadBytes: number;
  readonly actor: Actor;
  readonly context: EventContext;
  readonly types: ReadonlyMap<string, CustomTypeEntry> | undefined;
  readonly onError: ((error: Error) => void) | undefined;
}

function number(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
    throw new TrailConfigError(option, `must be a non-negative number, got ${String(value)}`);
  return value;
}

function part<T>(read: () => T, name: string): T {
  const value = checked(read);
  if (value instanceof TrailInputError) throw new TrailConfigError(value.field || name, value.problem);
  return value;
}

/** Resolves a Node trail's options; throws a `TrailConfigError` naming the first bad one. */
export function nodeSettings(options: NodeTrailOptions<Record<string, object>>): NodeSettings {
  if (!options || typeof options !== 'object') throw new TrailConfigError('options', 'must be an object');
  if (typeof options.dir !== 'string' || options.dir === '')
    throw new TrailConfigError('dir', 'must name the directory of the durable queue');
  const format = options.format ?? 'labeltrail';
  if (format !== 'labeltrail' && format !== 'otlp')
    throw new TrailConfigError('format', `must be 'labeltrail' or 'otlp', got ${String(format)}`);
  if (options.headers !== undefined && typeof options.headers !== 'function')
    throw new TrailConfigError('headers', 'must be a function');
  const types = (options.types as Registry)?.[ENTRIES];
  if (options.types && !types) throw new TrailConfigError('types', 'must come from defineEventTypes');
  const { queue = {}, batch = {}, retry = {} } = options;
  return Object.freeze({
    dir: options.dir,
    url: checkEndpoint(options.endpoint, undefined).href,
    format,
    headers: bearerHeaders(options.token, options.headers),
    strict: options.strict === true,
    serviceName: options.serviceName ?? defaults.SERVICE_NAME,
    gzip: options.gzip !== false,
    timeoutMs: number(retry.timeoutMs, defaults.REQUEST_TIMEOUT_MS, 'retry.timeoutMs'),
    limits: {
      maxEvents: number(queue.maxEvents, defaults.QUEUE_MAX_EVENTS, 'queue.maxEvents'),
      maxBytes: number(queue.maxBytes, defaults.QUEUE_MAX_BYTES, 'queue.maxBytes'),
      maxAgeMs: number(queue.maxAgeMs, defaults.QUEUE_MAX_AGE_MS, 'queue.maxAgeMs'),
    },
    batch: {
      maxEvents: Math.max(1, number(batch.maxEvents, defaults.BATCH_MAX_EVENTS, 'batch.maxEvents')),
      maxBytes: number(batch.maxBytes, defaults.BATCH_MAX_BYTES, 'batch.maxBytes'),
      delayMs: number(batch.delayMs, defaults.BATCH_DELAY_MS, 'batch.delayMs'),
      retryBaseMs: number(retry.baseMs, defaults.RETRY_BASE_MS, 'retry.baseMs'),
      retryMaxMs: number(retry.maxMs, defaults.RETRY_MAX_MS, 'retry.maxMs'),
    },
    maxPayloadBytes: number(options.maxPayloadBytes, defaults.MAX_PAYLOAD_BYTES, 'maxPayloadBytes'),
    actor: part(() => actorCheck(options.actor, 'actor'), 'actor'),
    context: part(() => contextCheck(options.context ?? {}, 'context'), 'context'),
    types,
    onError: options.onError,
  });
}
