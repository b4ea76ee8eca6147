import {
  BATCH_DELAY_MS,
  BATCH_MAX_BYTES,
  BATCH_MAX_EVENTS,
  DB_NAME,
  MAX_PAYLOAD_BYTES,
  QUEUE_MAX_AGE_MS,
  QUEUE_MAX_BYTES,
  QUEUE_MAX_EVENTS,
  REQUEST_TIMEOUT_MS,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  SERVICE_NAME,
} from './defaults.js';
import { TrailConfigError } from './TrailConfigError.js';
import { TrailInputError } from './events/TrailInputError.js';
import type { Actor, EventContext } from './events/schema.js';
import { actorCheck, checked, contextCheck } from './events/lib/envelopeChecks.js';
import { checkEndpoint } from './delivery/checkEndpoint.js';
import type { WireFormat } from './delivery/formats.js';
import type { QueueLimits } from './queue/Queue.js';
import type { CaptureOptions } from './capture/attachCapture.js';
import { checkCaptureOptions } from './capture/captureSettings.js';
import { numbers } from './lib/optionChecks.js';
import type { CustomTypeEntry } from './events/lib/checkEventTypes.js';
import { ENTRIES, type Registry } from './events/lib/definedTypes.js';
import type { TrailOptions } from './TrailOptions.js';

/** Delivery timing, as the deliverer and the storage retry use it. */
export interface BatchSettings {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly delayMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** The options a trail's pipeline takes in the browser and in Node alike, checked and defaulted. */
export interface PipelineSettings {
  readonly url: string;
  readonly format: WireFormat;
  readonly headers: TrailOptions['headers'];
  readonly strict: boolean;
  readonly serviceName: string;
  readonly gzip: boolean;
  readonly timeoutMs: number;
  readonly limits: QueueLimits;
  readonly batch: BatchSettings;
  readonly maxPayloadBytes: number;
  readonly actor: Actor;
  readonly context: EventContext;
  readonly onError: TrailOptions['onError'];
  /** Custom types by name, as `defineEventTypes` checked them. */
  readonly types: ReadonlyMap<string, CustomTypeEntry> | undefined;
}

/** Every option of `createTrail`, checked and with its default filled in; frozen. */
export interface Settings extends PipelineSettings {
  readonly dbName: string;
  readonly capture: CaptureOptions;
}

/** The options `pipelineSettings` reads: the browser trail's, less IndexedDB and capture. */
export type PipelineOptions = Omit<TrailOptions<never>, 'dbName' | 'capture'>;

function envelopePart<T>(check: () => T, name: string): T {
  // Checked, and copied, once: a later change to the caller's objects does not reach the events.
  const value = checked(check);
  if (value instanceof TrailInputError) throw new TrailConfigError(value.field || name, value.problem);
  return value;
}

function checkFunction(value: unknown, option: string, why: string): void {
  if (value !== undefined && typeof value !== 'function') throw new TrailConfigError(option, why);
}

/** Resolves `createTrail`'s options once; throws a `TrailConfigError` naming the first bad one. */
export function resolveSettings(options: TrailOptions<never>): Settings {
  if (!options || typeof options !== 'object') throw new TrailConfigError('options', 'must be an object');
  const base = typeof location === 'undefined' ? undefined : location.href;
  return Object.freeze({
    ...pipelineSettings(options, base),
    dbName: options.dbName ?? DB_NAME,
    capture: checkCaptureOptions(options.capture ?? {}),
  });
}

/**
 * Resolves the pipeline's options (endpoint against `base`, format, headers, limits, batching,
 * retry, envelope, custom types); throws a `TrailConfigError` naming the first bad one.
 */
export function pipelineSettings(options: PipelineOptions, base: string | undefined): PipelineSettings {
  if (!options || typeof options !== 'object') throw new TrailConfigError('options', 'must be an object');
  // Checked by defineEventTypes, which keeps its entries under ENTRIES: anything else is refused.
  const types = (options.types as Registry)?.[ENTRIES];
  if (options.types && !types) throw new TrailConfigError('types', 'must come from defineEventTypes');
  const format = options.format ?? 'labeltrail';
  if (format !== 'labeltrail' && format !== 'otlp')
    throw new TrailConfigError('format', "must be 'labeltrail' or 'otlp'");
  checkFunction(options.headers, 'headers', 'must be a function');
  checkFunction(options.onError, 'onError', 'must be a function');
  const { queue = {}, batch = {}, retry = {} } = options;
  const r = numbers(retry, 'retry.', {
    baseMs: [RETRY_BASE_MS, 1],
    maxMs: [RETRY_MAX_MS, 1],
    timeoutMs: [REQUEST_TIMEOUT_MS, 1],
  });
  const b = numbers(batch, 'batch.', {
    maxEvents: [BATCH_MAX_EVENTS, 0],
    maxBytes: [BATCH_MAX_BYTES, 1],
    delayMs: [BATCH_DELAY_MS, 0],
  });
  return Object.freeze({
    url: checkEndpoint(options.endpoint, base).href,
    format,
    headers: options.headers,
    strict: options.strict === true,
    serviceName: options.serviceName ?? SERVICE_NAME,
    gzip: options.gzip !== false,
    timeoutMs: r.timeoutMs,
    limits: Object.freeze(
      numbers(queue, 'queue.', {
        maxEvents: [QUEUE_MAX_EVENTS, 0],
        maxBytes: [QUEUE_MAX_BYTES, 0],
        maxAgeMs: [QUEUE_MAX_AGE_MS, 0],
      }),
    ),
    batch: Object.freeze({
      ...b,
      maxEvents: Math.max(1, b.maxEvents),
      retryBaseMs: r.baseMs,
      retryMaxMs: Math.max(r.baseMs, r.maxMs),
    }),
    ...numbers(options, '', { maxPayloadBytes: [MAX_PAYLOAD_BYTES, 0] }),
    actor: envelopePart(() => actorCheck(options.actor, 'actor'), 'actor'),
    context: envelopePart(() => contextCheck(options.context ?? {}, 'context'), 'context'),
    onError: options.onError,
    types,
  });
}
