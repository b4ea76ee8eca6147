import * as defaults from './defaults.js';
import { TrailConfigError } from './TrailConfigError.js';
import { TrailInputError } from './events/TrailInputError.js';
import type { Actor, EventContext, TrailEvent } from './events/schema.js';
import { Broadcast, type TrailObservable } from './lib/Broadcast.js';
import { eventTypes, isEventType, type EventType } from './events/taxonomy.js';
import type { TrackFields, Tracker } from './events/Tracker.js';
import { actorCheck, checked, contextCheck } from './events/lib/envelopeChecks.js';
import { trackedEvent } from './events/trackedEvent.js';
import type { CustomEventTypes, DefinedEventTypes, TypedTrack } from './events/CustomEventType.js';
import { ENTRIES, type Registry } from './events/lib/definedTypes.js';
import { checkEndpoint } from './delivery/checkEndpoint.js';
import { Deliverer } from './delivery/Deliverer.js';
import { FetchSender, type SendResult } from './delivery/FetchSender.js';
import type { WireFormat } from './delivery/formats.js';
import { holdLeadership } from './delivery/holdLeadership.js';
import { IdbQueue } from './queue/IdbQueue.js';
import { MemoryQueue } from './queue/MemoryQueue.js';
import type { Queue, QueueLimits, RejectedEvent, TakenBatch } from './queue/Queue.js';
import { uuidv7 } from './lib/uuidv7.js';
import { TrailStorageError } from './queue/TrailStorageError.js';
import { TrailDeliveryError } from './delivery/TrailDeliveryError.js';
import { attachCapture, type Capture, type CaptureOptions } from './capture/attachCapture.js';

/** Library version, sent as the OTLP instrumentation scope version. */
export const VERSION = '0.1.0';

// No custom types: the type names are the built-in ones.
type NoTypes = Record<never, never>;

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

/** A snapshot of the pipeline, published on `status$` whenever it changes. */
export interface TrailStatus {
  /** Events stored and not yet acknowledged (all tabs, as last seen by this one). */
  readonly queued: number;
  /** Events in the request now in flight from this tab. */
  readonly inFlight: number;
  /** Events this tab delivered (2xx, not rejected). */
  readonly delivered: number;
  /** Events dropped because the queue was full or too old. */
  readonly dropped: number;
  /** Events the endpoint refused for good (parked, see `rejectedEvents()`). */
  readonly rejected: number;
  /** `track()` calls refused for bad input. */
  readonly refused: number;
  readonly lastError: string | null;
  /** This tab holds the delivery lock. */
  readonly leader: boolean;
  /** `navigator.onLine` as last reported. */
  readonly online: boolean;
  /** Where new events go: IndexedDB, this tab's memory, or (labeltrail/node) a directory's journal. */
  readonly storage: 'opening' | 'indexeddb' | 'memory' | 'file';
}

/**
 * The object `createTrail` returns: the pipeline, plus the capture layer's typed helpers
 * (`label`, `review`, `task`, ...), time in tool (`openItem`, `closeItem`) and `watchVideo`.
 */
export interface Trail extends Tracker, Omit<Capture, 'dispose'> {
  /** This page's session id; every event carries it with a gap-free `seq`. */
  readonly session: string;
  /** Emit an event. Synchronous, no I/O; returns the accepted event or undefined. */
  track(type: EventType, fields?: TrackFields): TrailEvent | undefined;
  /**
   * Every accepted event, as it is accepted. Like the other `$` streams: `subscribe`, `pipe`
   * through rxjs operators, or `from(trail.events$)` for any Observable library.
   */
  readonly events$: TrailObservable<TrailEvent>;
  /** Queue and delivery figures; a new subscriber gets the current status first. */
  readonly status$: TrailObservable<TrailStatus>;
  /** TrailInputError, TrailStorageError, TrailDeliveryError as they happen. */
  readonly errors$: TrailObservable<Error>;
  /**
   * Merge into the context of later events (e.g. the item now open). Checked now: a bad patch
   * is reported (thrown when `strict`) and the context stays as it was.
   */
  setContext(patch: Partial<EventContext>): void;
  /** The actor of later events; checked now, like `setContext`. */
  setActor(actor: Actor): void;
  /** Resolves when every event accepted so far is acknowledged (or dropped or rejected). */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Events the endpoint refused for good, with its reasons. */
  rejectedEvents(): Promise<RejectedEvent[]>;
  /** Closes the open item, persists what is pending, stops delivering and listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * A trail with custom types: `track()` also takes their names (and their payload types), and
 * the trail still fits wherever a `Trail` is expected.
 */
export type TypedTrail<T extends CustomEventTypes> = Trail & TypedTrack<T>;

type ChannelMessage = { t: 'nudge' } | { t: 'flush' } | { t: 'settled'; seqs: Record<string, number> };

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TrailConfigError(option, `must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

function highestSeqs(events: readonly TrailEvent[]): Record<string, number> {
  const seqs: Record<string, number> = {};
  for (const e of events) if (!(e.seq <= (seqs[e.session] ?? -1))) seqs[e.session] = e.seq;
  return seqs;
}

/**
 * Creates a trail: validates and enriches events, keeps them in IndexedDB, and delivers
 * them in batches from one tab at a time.
 *
 * @example
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-17' } });
 * trail.track('label.added', { context: { item: 'img-3' }, label: { id: 'obj-9', name: 'Car' } });
 */
export function createTrail<const T extends CustomEventTypes = NoTypes>(options: TrailOptions<T>): TypedTrail<T> {
  if (!options || typeof options !== 'object') throw new TrailConfigError('options', 'must be an object');
  // Checked by defineEventTypes, which keeps its entries under ENTRIES: anything else is refused.
  const customTypes = (options.types as Registry)?.[ENTRIES];
  if (options.types && !customTypes) throw new TrailConfigError('types', 'must come from defineEventTypes');
  const base = typeof location === 'undefined' ? undefined : location.href;
  const url = checkEndpoint(options.endpoint, base).href;
  const format = options.format ?? 'labeltrail';
  if (format !== 'labeltrail' && format !== 'otlp')
    throw new TrailConfigError('format', "must be 'labeltrail' or 'otlp'");
  if (options.headers !== undefined && typeof options.headers !== 'function') {
    throw new TrailConfigError('headers', 'must be a function');
  }
  const limits: QueueLimits = {
    maxEvents: positive(options.queue?.maxEvents, defaults.QUEUE_MAX_EVENTS, 'queue.maxEvents'),
    maxBytes: positive(options.queue?.maxBytes, defaults.QUEUE_MAX_BYTES, 'queue.maxBytes'),
    maxAgeMs: positive(options.queue?.maxAgeMs, defaults.QUEUE_MAX_AGE_MS, 'queue.maxAgeMs'),
  };
  const batch = {
    maxEvents: Math.max(1, positive(options.batch?.maxEvents, defaults.BATCH_MAX_EVENTS, 'batch.maxEvents')),
    maxBytes: positive(options.batch?.maxBytes, defaults.BATCH_MAX_BYTES, 'batch.maxBytes'),
    delayMs: positive(options.batch?.delayMs, defaults.BATCH_DELAY_MS, 'batch.delayMs'),
    retryBaseMs: positive(options.retry?.baseMs, defaults.RETRY_BASE_MS, 'retry.baseMs'),
    retryMaxMs: positive(options.retry?.maxMs, defaults.RETRY_MAX_MS, 'retry.maxMs'),
  };
  const maxPayload = positive(options.maxPayloadBytes, defaults.MAX_PAYLOAD_BYTES, 'maxPayloadBytes');
  const strict = options.strict === true;
  const dbName = options.dbName ?? defaults.DB_NAME;

  // The actor and context are checked, and copied, when they are set: not again per event,
  // and a later change to the caller's objects does not reach the events.
  const initialActor = checked(() => actorCheck(options.actor, 'actor'));
  if (initialActor instanceof TrailInputError)
    throw new TrailConfigError(initialActor.field || 'actor', initialActor.problem);
  const initialContext = checked(() => contextCheck(options.context ?? {}, 'context'));
  if (initialContext instanceof TrailInputError)
    throw new TrailConfigError(initialContext.field || 'context', initialContext.problem);
  let actor: Actor = initialActor;
  let context: EventContext = initialContext;

  const session = uuidv7();
  const started = performance.now();
  let seq = 0;
  let closed = false;

  const events$ = new Broadcast<TrailEvent>();
  const errors$ = new Broadcast<Error>();
  let status: TrailStatus = {
    queued: 0,
    inFlight: 0,
    delivered: 0,
    dropped: 0,
    rejected: 0,
    refused: 0,
    lastError: null,
    leader: false,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    storage: 'opening',
  };
  const status$ = new Broadcast<TrailStatus>({ value: status });
  const setStatus = (patch: Partial<TrailStatus>): void => {
    status = { ...status, ...patch };
    status$.next(status);
  };

  const report = (error: Error): void => {
    setStatus({ lastError: error.message });
    errors$.next(error);
    try {
      options.onError?.(error);
    } catch {
      // The integrator's handler must not break the pipeline.
    }
  };

  const sender = new FetchSender({
    url,
    format,
    gzip: options.gzip !== false,
    timeoutMs: positive(options.retry?.timeoutMs, defaults.REQUEST_TIMEOUT_MS, 'retry.timeoutMs'),
    serviceName: options.serviceName ?? defaults.SERVICE_NAME,
    version: VERSION,
    headers: options.headers,
  });

  // Events accepted but not yet written (one frame at most), and this tab's events not yet
  // known to be settled: both are what `pagehide` sends, since nothing async finishes then.
  const buffer: TrailEvent[] = [];
  // Chunks cut from the buffer and not yet taken by a write.
  const unwritten: TrailEvent[][] = [];
  let unsettled: TrailEvent[] = [];
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  const lastKey = new Map<Queue, number>();
  const settled$ = new Broadcast<void>();

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`labeltrail:${dbName}`) : undefined;
  const post = (message: ChannelMessage): void => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel only loses a nudge; the deliverer's timers catch up.
    }
  };

  const forgetSettled = (seqs: Record<string, number>): void => {
    const upTo = seqs[session];
    if (upTo === undefined) return;
    let n = 0;
    while (n < unsettled.length && unsettled[n]!.seq <= upTo) n++;
    if (n) unsettled = unsettled.slice(n);
  };

  const hooks = {
    settled(taken: TakenBatch, result: SendResult, totals: { events: number }) {
      const rejected = result.rejected.size + result.rejectedUnnamed;
      setStatus({
        queued: totals.events,
        delivered: status.delivered + (result.ok ? taken.events.length - rejected : 0),
        rejected: status.rejected + rejected,
      });
      if (rejected) report(new TrailDeliveryError(result.status, result.reason ?? 'events rejected', rejected));
      reportDrops();
      const seqs = highestSeqs(taken.events);
      forgetSettled(seqs);
      post({ t: 'settled', seqs });
      settled$.next();
    },
    failed(result: SendResult, retryInMs: number) {
      report(
        new TrailDeliveryError(
          result.status,
          `${result.reason ?? 'failed'}; retrying in ${Math.round(retryInMs)} ms`,
          0,
        ),
      );
    },
    inFlight(n: number) {
      if (status.inFlight !== n) setStatus({ inFlight: n });
    },
    broken(error: unknown) {
      report(new TrailStorageError('read', error));
    },
  };
  const hidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const delivererFor = (queue: Queue): Deliverer => new Deliverer(queue, sender, batch, hooks, hidden);

  let memory: Deliverer | undefined;
  const memoryDeliverer = (): Deliverer => {
    if (!memory) {
      memory = delivererFor(new MemoryQueue(limits));
      // Only this tab can see its memory: it delivers it whether or not it leads.
      memory.setEnabled(!closed);
      setStatus({ storage: 'memory' });
    }
    return memory;
  };

  let shared: Deliverer | undefined;
  let releaseLock: (() => void) | undefined;
  // Some browsers' IndexedDB open can hang without an answer; waiting for it would keep
  // every event in the write buffer forever. A queue that opens too late is closed.
  const openQueue = new Promise<IdbQueue>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error('IndexedDB did not open in time'));
    }, defaults.IDB_OPEN_TIMEOUT_MS);
    IdbQueue.open(dbName, limits).then(
      (queue) => {
        clearTimeout(timer);
        if (late) queue.close();
        else resolve(queue);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  const opened: Promise<void> = openQueue.then(
    (queue) => {
      if (closed) return queue.close();
      shared = delivererFor(queue);
      setStatus({ storage: 'indexeddb' });
      releaseLock = holdLeadership(`labeltrail:deliver:${dbName}`, (leader) => {
        shared?.setEnabled(leader && !closed);
        setStatus({ leader });
      });
      void queue.totals().then(
        (t) => setStatus({ queued: t.events }),
        () => undefined,
      );
    },
    (error: unknown) => {
      report(new TrailStorageError('open', error));
      memoryDeliverer();
    },
  );

  // Drops that no notice has reported yet. A notice written into a full queue displaces
  // one more event; reporting that at once would make notices displace each other forever,
  // so such drops wait for the next notice, or for a delivery that makes room.
  const unreported = { queue_full: 0, expired: 0 };
  const reportDrops = (): void => {
    for (const reason of ['queue_full', 'expired'] as const) {
      const count = unreported[reason];
      if (count === 0) continue;
      unreported[reason] = 0;
      track('trail.dropped', { payload: { count, reason } });
    }
  };
  const dropped = (
    events: readonly TrailEvent[],
    full: number,
    expired: number,
    notices?: { queue_full: number; expired: number },
  ): void => {
    setStatus({ dropped: status.dropped + full + expired });
    // A dropped notice takes its count with it: report that count again.
    unreported.queue_full += full + (notices?.queue_full ?? 0);
    unreported.expired += expired + (notices?.expired ?? 0);
    if (events.some((e) => e.type !== 'trail.dropped')) reportDrops();
  };

  const write = async (list: TrailEvent[][]): Promise<void> => {
    if (list.length === 0) return;
    await opened;
    const chunks = list.map((events) => ({ events, bytes: JSON.stringify(events).length }));
    const events = list.length === 1 ? list[0]! : list.flat();
    let target = shared && status.storage === 'indexeddb' ? shared : memoryDeliverer();
    let result;
    try {
      result = await target.queue.appendChunks(chunks, Date.now());
    } catch (error) {
      // Quota exceeded, storage refused, connection lost for good: keep going in memory.
      report(new TrailStorageError('write', error));
      target = memoryDeliverer();
      result = await target.queue.appendChunks(chunks, Date.now());
    }
    lastKey.set(target.queue, result.key);
    setStatus({ queued: result.totals.events });
    if (result.droppedFull || result.droppedExpired)
      dropped(events, result.droppedFull, result.droppedExpired, result.droppedNotices);
    if (target.isEnabled) target.nudge();
    if (target === shared) post({ t: 'nudge' });
  };

  /** Starts writing everything buffered; resolves when it is stored. */
  const persist = (): Promise<void> => {
    clearTimeout(writeTimer);
    writeTimer = undefined;
    if (buffer.length === 0) return writing;
    while (buffer.length) {
      const events = buffer.splice(0, defaults.WRITE_CHUNK_MAX_EVENTS);
      unsettled.push(...events);
      unwritten.push(events);
    }
    if (unsettled.length > defaults.UNLOAD_MEMORY_MAX_EVENTS)
      unsettled = unsettled.slice(-defaults.UNLOAD_MEMORY_MAX_EVENTS);
    // Each write takes every chunk not yet taken, so the chunks of a burst that pile up while
    // one write runs go together in the next: one transaction, not one per chunk.
    writing = writing
      .then(() => write(unwritten.splice(0)))
      .catch((error: unknown) => report(new TrailStorageError('write', error)));
    return writing;
  };

  // A bad actor or context is reported (thrown in strict mode) and the previous one kept:
  // the events that follow are not refused because of it.
  const refuseSetting = (error: TrailInputError): void => {
    report(error);
    if (strict) throw error;
  };

  const refuse = (error: TrailInputError): undefined => {
    setStatus({ refused: status.refused + 1 });
    report(error);
    if (strict) throw error;
    return undefined;
  };

  function track(type: string, fields?: TrackFields): TrailEvent | undefined {
    // Input that throws while it is read (a getter, a Proxy, a cyclic or BigInt value where a
    // type name belongs) is refused like any other bad input.
    const result = checked(() => accept(type, fields), typeof type === 'string' ? type : undefined);
    return result instanceof TrailInputError ? refuse(result) : result;
  }

  /** The accepted event, or why it is refused. */
  function accept(type: string, fields?: TrackFields): TrailEvent | TrailInputError {
    if (closed) return new TrailInputError('', 'the trail is closed', String(type));
    // A custom type's builder, or the built-in one (which takes only built-in types).
    const build = customTypes?.get(type) ?? (isEventType(type) ? trackedEvent : undefined);
    if (!build) return new TrailInputError('type', `unknown event type ${JSON.stringify(type)}`);
    if (fields !== undefined && (typeof fields !== 'object' || fields === null)) {
      return new TrailInputError('fields', 'must be an object', type);
    }
    const id = uuidv7();
    const time = Date.now();
    const mono = Math.round((performance.now() - started) * 1000) / 1000;
    if (fields?.payload !== undefined) {
      let size: number;
      try {
        size = JSON.stringify(fields.payload).length;
      } catch {
        return new TrailInputError('payload', 'is not serialisable as JSON', type);
      }
      if (size > maxPayload) return new TrailInputError('payload', `is ${size} bytes, more than ${maxPayload}`, type);
    }
    const code = eventTypes[type as EventType]?.code ?? null;
    const event = build(id, type as EventType, code, time, mono, session, seq, actor, context, fields);
    if (event instanceof TrailInputError) return event;
    seq++;
    buffer.push(event);
    if (buffer.length >= defaults.WRITE_CHUNK_MAX_EVENTS) void persist();
    else writeTimer ??= setTimeout(persist, defaults.WRITE_DELAY_MS);
    events$.next(event);
    return event;
  }

  const deliverers = (): Deliverer[] => [shared, memory].filter((d): d is Deliverer => d !== undefined);

  const onMessage = (message: MessageEvent<ChannelMessage>): void => {
    const data = message.data;
    if (data?.t === 'nudge') shared?.nudge();
    else if (data?.t === 'flush') shared?.now();
    else if (data?.t === 'settled') {
      forgetSettled(data.seqs);
      settled$.next();
    }
  };
  const onOnline = (): void => {
    setStatus({ online: true });
    for (const d of deliverers()) d.resetBackoff();
  };
  const onOffline = (): void => setStatus({ online: false });
  const refreshHeaders = (): void => {
    sender
      .headers()
      .catch((error: unknown) => report(new TrailDeliveryError(undefined, `headers() failed: ${String(error)}`, 0)));
  };
  const onVisibility = (): void => {
    void persist();
    // The page may be closed soon after it is hidden: have fresh headers for pagehide.
    if (hidden()) refreshHeaders();
    for (const d of deliverers()) d.now();
  };
  // pagehide, not unload: unload listeners keep the page out of the back/forward cache.
  const onPageHide = (): void => {
    // Newest first: the keepalive budget may not fit them all, and the newest are the ones
    // whose IndexedDB write may not finish before the page is torn down.
    const pending = [...unsettled, ...buffer].reverse();
    void persist();
    if (pending.length) sender.sendOnUnload(pending);
  };

  refreshHeaders();
  channel?.addEventListener('message', onMessage);
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
  }

  const flush = async (flushOptions?: { timeoutMs?: number }): Promise<void> => {
    await opened;
    await persist();
    // Everything stored so far, by this tab or an earlier page or another tab.
    // A queue that cannot be read (IndexedDB failing under us) holds nothing this flush can
    // wait for: its failure is reported, and new events already go to memory.
    const unreadable = (error: unknown): number => {
      report(new TrailStorageError('read', error));
      return 0;
    };
    const targets = await Promise.all(
      deliverers().map(
        async (d) =>
          [d.queue, Math.max(lastKey.get(d.queue) ?? 0, await d.queue.highestKey().catch(unreadable))] as const,
      ),
    );
    const done = async (): Promise<boolean> => {
      for (const [queue, key] of targets)
        if (key > 0 && (await queue.pendingUpTo(key).catch(unreadable)) > 0) return false;
      return true;
    };
    const deadline = flushOptions?.timeoutMs === undefined ? Infinity : Date.now() + flushOptions.timeoutMs;
    for (const d of deliverers()) d.now();
    post({ t: 'flush' });
    while (!(await done())) {
      if (Date.now() > deadline)
        throw new TrailDeliveryError(undefined, `flush timed out after ${flushOptions?.timeoutMs} ms`, 0);
      // Woken by a settled batch (here or in the delivering tab), or by a slow poll.
      await new Promise<void>((resolve) => {
        const sub = settled$.subscribe(() => {
          sub.unsubscribe();
          resolve();
        });
        setTimeout(() => {
          sub.unsubscribe();
          resolve();
        }, 250);
      });
    }
  };

  const pipeline: Omit<Trail, keyof Omit<Capture, 'dispose'>> = {
    session,
    track,
    events$: events$.asObservable(),
    status$: status$.asObservable(),
    errors$: errors$.asObservable(),
    setContext(patch) {
      const next = checked(() => contextCheck({ ...context, ...patch }, 'context'));
      if (next instanceof TrailInputError) refuseSetting(next);
      else context = next;
    },
    setActor(next) {
      const checkedActor = checked(() => actorCheck(next, 'actor'));
      if (checkedActor instanceof TrailInputError) refuseSetting(checkedActor);
      else actor = checkedActor;
    },
    flush,
    async rejectedEvents() {
      await opened;
      const lists = await Promise.all(deliverers().map((d) => d.queue.rejected()));
      return lists.flat().sort((a, b) => a.at - b.at);
    },
    async close() {
      if (closed) return;
      capture.dispose(); // emits the open item's duration while tracking still works
      await persist();
      closed = true;
      await opened;
      // A request in flight is answered (within retry.timeoutMs) before the queue closes.
      await Promise.all(deliverers().map((d) => d.stop()));
      releaseLock?.();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('pagehide', onPageHide);
        document.removeEventListener('visibilitychange', onVisibility);
      }
      shared?.queue.close();
      events$.complete();
      status$.complete();
      errors$.complete();
    },
  };
  const capture = attachCapture(
    { track },
    { onError: (error) => report(error instanceof Error ? error : new Error(String(error))), ...options.capture },
  );
  const { dispose: _dispose, ...captureApi } = capture;
  return Object.assign(pipeline, captureApi) as TypedTrail<T>;
}
