import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Connections of a database pool, as `GET /metrics` reports them. */
export interface PoolUse {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** What the collector counts for `GET /metrics`, in Prometheus' text format. */
export interface CollectorMetrics {
  readonly registry: Registry;
  /** One answered request: its route (a fixed name, never the raw path) and status. */
  countRequest(route: string, status: number): void;
  /** Events of one ingest request, by outcome. */
  countEvents(accepted: number, duplicates: number, rejected: number): void;
  /** Time one ingest request spent from body read to answer. */
  observeIngest(seconds: number): void;
}

// Ingest latency buckets, in seconds: a 500-event batch takes a few ms; past a second
// something is wrong (a slow disk, lock waits).
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The collector's metrics in a registry of its own (several collectors in one process keep
 * apart), with Node's process metrics beside them.
 *
 * @example
 * const metrics = createMetrics(() => db.poolUse?.());
 * res.end(await metrics.registry.metrics());
 */
export function createMetrics(poolUse: () => PoolUse | undefined = () => undefined): CollectorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'labeltrail_http_requests_total',
    help: 'HTTP requests answered, by route and status code',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const events = new Counter({
    name: 'labeltrail_events_total',
    help: 'Events received, by outcome: accepted (stored now), duplicate (stored before), rejected',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const ingest = new Histogram({
    name: 'labeltrail_ingest_duration_seconds',
    help: 'Time to validate and store one ingest request',
    buckets: INGEST_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'labeltrail_db_pool_connections',
    help: 'Database pool connections, by state (total, idle, waiting requests); absent for PGlite',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const use = poolUse();
      if (!use) return;
      this.set({ state: 'total' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });
  return {
    registry,
    countRequest: (route, status) => requests.inc({ route, status: String(status) }),
    countEvents: (accepted, duplicates, rejected) => {
      if (accepted > 0) events.inc({ outcome: 'accepted' }, accepted);
      if (duplicates > 0) events.inc({ outcome: 'duplicate' }, duplicates);
      if (rejected > 0) events.inc({ outcome: 'rejected' }, rejected);
    },
    observeIngest: (seconds) => ingest.observe(seconds),
  };
}
