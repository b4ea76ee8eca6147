import { Subject } from 'rxjs';
import { resolveSettings } from './settings.js';
import { VERSION } from './version.js';
import type { NoTypes, TrailOptions } from './TrailOptions.js';
import { refuser } from './events/refuser.js';
import { TrailInputError } from './events/TrailInputError.js';
import type { Actor, EventContext, TrailEvent } from './events/schema.js';
import type { EventType } from './events/taxonomy.js';
import type { TrackFields, Tracker } from './events/Tracker.js';
import { checked } from './events/lib/envelopeChecks.js';
import { EnvelopeBuilder } from './events/EnvelopeBuilder.js';
import { Deliverer } from './delivery/Deliverer.js';
import { Deliveries } from './delivery/Deliveries.js';
import { pageHandlers } from './delivery/pageHandlers.js';
import { beforeFlushTimeout } from './delivery/beforeFlushTimeout.js';
import { FetchSender } from './delivery/FetchSender.js';
import { statusHooks } from './delivery/statusHooks.js';
import { TabCoordinator } from './delivery/TabCoordinator.js';
import { TrailDeliveryError } from './delivery/TrailDeliveryError.js';
import { waitForFlush } from './delivery/waitForFlush.js';
import { waitForStore } from './delivery/waitForStore.js';
import { dropNotices } from './queue/DropNotices.js';
import type { Queue, RejectedEvent } from './queue/Queue.js';
import { Storage } from './queue/Storage.js';
import { storageHooks } from './delivery/storageHooks.js';
import { TrailStorageError } from './queue/TrailStorageError.js';
import { WriteBuffer } from './queue/WriteBuffer.js';
import { TrailHub, type TrailStatus } from './events/TrailHub.js';
import type { TrailObservable } from './lib/TrailObservable.js';
import { watchPage } from './lib/watchPage.js';
import { attachCapture, type Capture } from './capture/attachCapture.js';
import type { CustomEventTypes, TypedTrack } from './events/CustomEventType.js';

export type { TrailStatus } from './events/TrailHub.js';
export type { TrailOptions } from './TrailOptions.js';

export { VERSION } from './version.js';

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
   * Every accepted event, as it is accepted. Like the other `$` streams, an rxjs Observable:
   * `pipe` operators, `firstValueFrom`, `combineLatest` take it as it is.
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
  /**
   * Resolves when every event accepted so far is acknowledged (or dropped or rejected).
   * Rejects with a `TrailDeliveryError`: `flush_timeout` past `timeoutMs`, `closed` after `close()`.
   */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Events the endpoint refused for good, with its reasons. */
  rejectedEvents(): Promise<RejectedEvent[]>;
  /**
   * Closes the open item, persists what is pending, stops delivering and listening. Returns the
   * same promise however often it is called; `track()` is refused from the first call on.
   */
  close(): Promise<void>;
}

/**
 * A trail with custom types: `track()` also takes their names (and their payload types), and
 * the trail still fits wherever a `Trail` is expected.
 */
export type TypedTrail<T extends CustomEventTypes> = Trail & TypedTrack<T>;

/**
 * Creates a trail: validates and enriches events, keeps them in IndexedDB, and delivers
 * them in batches from one tab at a time. The parts it wires each live in their stage's folder.
 *
 * @example
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-17' } });
 * trail.track('label.added', { context: { item: 'img-3' }, label: { id: 'obj-9', name: 'Car' } });
 */
export function createTrail<const T extends CustomEventTypes = NoTypes>(options: TrailOptions<T>): TypedTrail<T> {
  const settings = resolveSettings(options as TrailOptions<never>);
  const { url, format, gzip, timeoutMs, serviceName, headers, dbName, limits, batch } = settings;
  const hub = new TrailHub(settings.onError);
  const envelope = new EnvelopeBuilder(settings.actor, settings.context, settings.maxPayloadBytes, settings.types);
  const sender = new FetchSender({ url, format, gzip, timeoutMs, serviceName, version: VERSION, headers });
  const settled$ = new Subject<void>();
  let closing: Promise<void> | undefined;

  const onSettled = (seqs: Record<string, number>): void => {
    const upTo = seqs[envelope.session];
    if (upTo !== undefined) buffer.settled(upTo);
    settled$.next();
  };
  const hooks = statusHooks(hub, (seqs) => {
    drops.report();
    onSettled(seqs);
    tabs.post({ t: 'settled', seqs });
  });
  const hidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const tabs = new TabCoordinator(dbName, {
    nudge: () => deliveries.shared?.nudge(),
    flush: () => deliveries.shared?.now(),
    settled: onSettled,
    leader(leader) {
      deliveries.lead(leader);
      hub.set({ leader });
    },
  });
  const storage = new Storage(
    { dbName, limits, ...batch },
    storageHooks(hub, () => deliveries),
  );
  const deliverer = (queue: Queue): Deliverer => new Deliverer(queue, sender, batch, hooks, hidden);
  const deliveries: Deliveries = new Deliveries(deliverer, storage.memory, tabs);
  const drops = dropNotices(
    (count, reason) => track('trail.dropped', { payload: { count, reason } }),
    (n) => hub.count('dropped', n),
  );
  const buffer = new WriteBuffer(
    async (list) => {
      const { queue, result } = await storage.write(list);
      hub.set({ queued: result.totals.events });
      drops.dropped(list.flat(), result);
      deliveries.stored(queue);
    },
    (error) => hub.report(new TrailStorageError('write', error)),
    hidden,
  );

  const refuse = refuser(hub, settings.strict);
  // `time` only from the capture layer (`trackAt`); the public `track` gives none.
  function accept(type: string, fields: TrackFields | undefined, time: number | undefined): TrailEvent | undefined {
    if (closing) return refuse(new TrailInputError('', 'the trail is closed', String(type), 'closed'));
    // Input that throws while it is read (a getter, a Proxy) is refused like any other bad input.
    const event = checked(() => envelope.build(type, fields, time), typeof type === 'string' ? type : undefined);
    if (event instanceof TrailInputError) return refuse(event);
    buffer.push(event);
    hub.event(event);
    return event;
  }
  function track(type: string, fields?: TrackFields): TrailEvent | undefined {
    return accept(type, fields, undefined);
  }

  const stopWatching = watchPage(pageHandlers({ hub, buffer, sender, deliveries }));
  const unreadable = (error: unknown): number => (hub.report(new TrailStorageError('read', error)), 0);
  function flush(flushOptions?: { timeoutMs?: number }): Promise<void> {
    if (closing) return Promise.reject(new TrailDeliveryError(undefined, 'the trail is closed', 0, 'closed'));
    return beforeFlushTimeout(flushAll(flushOptions?.timeoutMs), flushOptions?.timeoutMs, storage);
  }
  async function flushAll(timeoutMs: number | undefined): Promise<void> {
    const started = Date.now();
    const left = () => (timeoutMs === undefined ? undefined : Math.max(0, timeoutMs - (Date.now() - started)));
    await buffer.persist();
    await storage.ready;
    const unseen = storage.unseen;
    const drain = async (ms: number | undefined): Promise<void> => {
      const targets = await storage.flushTargets(unreadable);
      deliveries.now();
      tabs.post({ t: 'flush' });
      const closed = () => closing !== undefined;
      await waitForFlush({ targets, settled$, closed, timeoutMs: ms, statedMs: timeoutMs, unreadable });
    };
    const notices = drops.sent;
    await drain(left());
    // A notice the delivery made room for reports drops of before this flush: it goes too.
    if (drops.sent !== notices) await buffer.persist().then(() => drain(left()));
    // What this tab could see is delivered; earlier pages' events may wait in a store that was shut.
    if (!unseen) return;
    await waitForStore(storage, left());
    await drain(left());
  }
  async function shutdown(): Promise<void> {
    disposeCapture(); // emits the open item's duration while tracking still works
    await buffer.close();
    await storage.ready;
    // A request in flight is answered (within retry.timeoutMs) before the queue closes.
    await deliveries.stop();
    tabs.close();
    stopWatching();
    await storage.close();
    settled$.complete();
    hub.complete();
  }

  const onError = (error: unknown) => hub.report(error instanceof Error ? error : new Error(String(error)));
  const { dispose: disposeCapture, ...capture } = attachCapture(
    { track, trackAt: accept },
    { ...settings.capture, onError },
    () => envelope.actor,
  );
  const pipeline: Omit<Trail, keyof Omit<Capture, 'dispose'>> = {
    session: envelope.session,
    track,
    events$: hub.events$,
    status$: hub.status$,
    errors$: hub.errors$,
    setContext: (patch) => refuse(envelope.setContext(patch), false),
    setActor: (actor) => refuse(envelope.setActor(actor), false),
    flush,
    async rejectedEvents() {
      await storage.ready;
      const lists = await Promise.all(deliveries.all().map((d) => d.queue.rejected()));
      return lists.flat().sort((a, b) => a.at - b.at);
    },
    close: () => (closing ??= shutdown()),
  };
  return Object.assign(pipeline, capture) as TypedTrail<T>;
}
