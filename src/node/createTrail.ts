import { Subject } from 'rxjs';
import type { Trail } from '../createTrail.js';
import { VERSION } from '../version.js';
import type { CustomEventTypes, DefinedEventTypes, TypedTrack } from '../events/CustomEventType.js';
import { EnvelopeBuilder } from '../events/EnvelopeBuilder.js';
import type { TrailEvent } from '../events/schema.js';
import type { TrackFields } from '../events/Tracker.js';
import { refuser } from '../events/refuser.js';
import { TrailInputError } from '../events/TrailInputError.js';
import { checked } from '../events/lib/envelopeChecks.js';
import { Deliverer } from '../delivery/Deliverer.js';
import { FetchSender } from '../delivery/FetchSender.js';
import { statusHooks } from '../delivery/statusHooks.js';
import { TrailDeliveryError } from '../delivery/TrailDeliveryError.js';
import { waitForFlush } from '../delivery/waitForFlush.js';
import { dropNotices } from '../queue/DropNotices.js';
import { TrailStorageError } from '../queue/TrailStorageError.js';
import type { QueueLimits } from '../queue/Queue.js';
import { WriteBuffer } from '../queue/WriteBuffer.js';
import { TrailHub } from '../events/TrailHub.js';
import { TrailConfigError } from '../TrailConfigError.js';
import { DiskWriter } from './DiskWriter.js';
import { FileQueue } from './FileQueue.js';
import { nodeSettings, type NodeTrailOptions } from './nodeSettings.js';

export type { NodeTrailOptions } from './nodeSettings.js';

/** A Node trail: the browser trail's pipeline (no capture layer: no DOM, no video, no time in tool). */
export type NodeTrail = Pick<
  Trail,
  | 'session'
  | 'track'
  | 'events$'
  | 'status$'
  | 'errors$'
  | 'setContext'
  | 'setActor'
  | 'flush'
  | 'rejectedEvents'
  | 'close'
>;

// The queue in `dir`, opened now: a directory that is busy or cannot be read or written is a
// configuration problem, reported at once.
function openQueue(dir: string, limits: QueueLimits): FileQueue {
  try {
    return FileQueue.open(dir, limits);
  } catch (error) {
    if (error instanceof TrailConfigError) throw error;
    throw new TrailConfigError('dir', `${dir} cannot be used: ${(error as Error).message}`);
  }
}

/**
 * Creates a trail for Node (a backend, a worker, a script): the browser trail's checks,
 * envelope, batching, retry and wire formats, with its queue in an append-only journal in
 * `dir`, each write synced to disk. Events whose write completed survive a process kill
 * and are delivered after a restart on the same directory. Call `close()` before a script
 * ends (after `flush()` to deliver first); a plain exit still writes what was pending.
 *
 * @example
 * const trail = createTrail({ dir: '.data/trail', endpoint: 'https://logs.example/v1/logs',
 *   token: process.env.LABELTRAIL_TOKEN, actor: { id: 'export-service' }, types: platformTypes });
 * trail.track('project.exported', { context: { project: 'p1' }, payload: { format: 'coco' } });
 */
export function createTrail<const T extends CustomEventTypes = Record<never, never>>(
  options: NodeTrailOptions<DefinedEventTypes<T>>,
): NodeTrail & TypedTrack<T> {
  const settings = nodeSettings(options);
  const { url, format, gzip, timeoutMs, serviceName, headers, limits, batch } = settings;
  const disk = new DiskWriter(openQueue(settings.dir, limits), limits.maxEvents);
  const { queue } = disk;
  const hub = new TrailHub(settings.onError);
  const envelope = new EnvelopeBuilder(settings.actor, settings.context, settings.maxPayloadBytes, settings.types);
  const sender = new FetchSender({ url, format, gzip, timeoutMs, serviceName, version: VERSION, headers });
  const settled$ = new Subject<void>();
  let closing: Promise<void> | undefined;
  const drops = dropNotices(
    (count, reason) => track('trail.dropped', { payload: { count, reason } }),
    (n) => hub.count('dropped', n),
  );
  const hooks = statusHooks(hub, (seqs) => {
    drops.report();
    const upTo = seqs[envelope.session];
    if (upTo !== undefined) buffer.settled(upTo);
    settled$.next();
  });
  // The process holds its queue's directory, so it is the one deliverer; nothing unloads.
  const deliverer = new Deliverer(queue, sender, batch, hooks, () => false);
  deliverer.setEnabled(true);
  hub.set({ storage: 'file', leader: true, online: true });
  void queue.totals().then((t) => hub.set({ queued: t.events }));

  const buffer = new WriteBuffer(
    async (chunks) => {
      const result = await disk.write(chunks);
      hub.set({ queued: result.totals.events });
      drops.dropped(chunks.flat(), result);
      deliverer.nudge();
    },
    (error) => hub.report(new TrailStorageError('write', error)),
  );

  const refuse = refuser(hub, settings.strict);
  function track(type: string, fields?: TrackFields): TrailEvent | undefined {
    if (closing) return refuse(new TrailInputError('', 'the trail is closed', String(type), 'closed'));
    const event = checked(() => envelope.build(type, fields), typeof type === 'string' ? type : undefined);
    if (event instanceof TrailInputError) return refuse(event);
    disk.accepted(event);
    buffer.push(event);
    hub.event(event);
    return event;
  }

  async function flush(flushOptions?: { timeoutMs?: number }): Promise<void> {
    if (closing) throw new TrailDeliveryError(undefined, 'the trail is closed', 0, 'closed');
    const deadline = Date.now() + (flushOptions?.timeoutMs ?? Infinity);
    const drain = async (): Promise<void> => {
      await buffer.persist();
      // Everything written so far: by this process, or left by an earlier one.
      const upTo = Math.max(disk.lastKey, await queue.highestKey());
      deliverer.now();
      const unreadable = (error: unknown): void => hub.report(new TrailStorageError('read', error));
      const targets = () => [{ queue, upToKey: () => upTo }];
      const closed = () => closing !== undefined;
      const timeoutMs = deadline === Infinity ? undefined : Math.max(0, deadline - Date.now());
      await waitForFlush({ targets, settled$, closed, timeoutMs, unreadable });
    };
    const notices = drops.sent;
    await drain();
    // A notice the delivery made room for reports drops of before this flush: it goes too.
    if (drops.sent !== notices) await drain();
  }
  async function shutdown(): Promise<void> {
    await buffer.close();
    // A request in flight is answered (within retry.timeoutMs) before the queue closes.
    await deliverer.stop();
    await queue.close();
    disk.close();
    hub.set({ storage: 'closed' });
    settled$.complete();
    hub.complete();
  }

  return {
    session: envelope.session,
    track,
    events$: hub.events$,
    status$: hub.status$,
    errors$: hub.errors$,
    setContext: (patch) => refuse(envelope.setContext(patch), false),
    setActor: (actor) => refuse(envelope.setActor(actor), false),
    flush,
    rejectedEvents: () => queue.rejected(),
    close: () => (closing ??= shutdown()),
  } as NodeTrail & TypedTrack<T>;
}
