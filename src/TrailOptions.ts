import type { Actor, EventContext } from './events/schema.js';
import type { CustomEventTypes, DefinedEventTypes } from './events/CustomEventType.js';
import type { WireFormat } from './delivery/formats.js';
import type { QueueLimits } from './queue/Queue.js';
import type { CaptureOptions } from './capture/attachCapture.js';

// No custom types: the type names are the built-in ones.
export type NoTypes = Record<never, never>;

/** Options of `createTrail`. Only `endpoint` and `actor` are required. */
export interface TrailOptions<T extends CustomEventTypes = NoTypes> {
  /** Where batches are POSTed: same-origin, https, or loopback. */
  readonly endpoint: string;
  /** Wire format: native JSON batch (default) or OTLP/HTTP JSON logs. */
  readonly format?: WireFormat;
  /** Who acts; every event carries it unless `track` names another. */
  readonly actor: Actor;
  /** Context every event starts from (project, item, workflow stage, ...). */
  readonly context?: EventContext;
  /** Request headers, read at each send and never stored (for bearer tokens). */
  readonly headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Throw from `track()` on bad input instead of refusing it quietly. Default false. */
  readonly strict?: boolean;
  /** Called with every error labeltrail reports (also on `errors$`). */
  readonly onError?: (error: Error) => void;
  /** IndexedDB database name; tabs sharing it share one queue. Default 'labeltrail'. */
  readonly dbName?: string;
  /** OTLP `service.name`. Default 'labeltrail'. */
  readonly serviceName?: string;
  /** Gzip request bodies where the browser can (CompressionStream). Default true. */
  readonly gzip?: boolean;
  readonly queue?: Partial<QueueLimits>;
  readonly batch?: { readonly maxEvents?: number; readonly maxBytes?: number; readonly delayMs?: number };
  readonly retry?: { readonly baseMs?: number; readonly maxMs?: number; readonly timeoutMs?: number };
  /** Largest accepted `payload`, as JSON characters. Default 8 KiB. */
  readonly maxPayloadBytes?: number;
  /** Time-in-tool and capture settings (idle threshold, heartbeat, storage). */
  readonly capture?: CaptureOptions;
  /** Custom event types beside the built-in ones, made by `defineEventTypes` (`labeltrail/types`). */
  readonly types?: DefinedEventTypes<T>;
}
