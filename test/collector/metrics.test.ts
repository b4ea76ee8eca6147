import { expect, test } from 'vitest';
import { createMetrics } from '../../src/collector/http/metrics.js';

test('counts requests by route and status, events by outcome, and ingest time, in Prometheus text', async () => {
  const metrics = createMetrics(() => ({ total: 4, idle: 3, waiting: 0 }));
  metrics.countRequest('ingest', 200);
  metrics.countRequest('ingest', 200);
  metrics.countRequest('logs', 400);
  metrics.countEvents(498, 1, 1);
  metrics.countEvents(0, 500, 0);
  metrics.observeIngest(0.004);
  const text = await metrics.registry.metrics();
  expect(text).toContain('labeltrail_http_requests_total{route="ingest",status="200"} 2');
  expect(text).toContain('labeltrail_http_requests_total{route="logs",status="400"} 1');
  expect(text).toContain('labeltrail_events_total{outcome="accepted"} 498');
  expect(text).toContain('labeltrail_events_total{outcome="duplicate"} 501');
  expect(text).toContain('labeltrail_events_total{outcome="rejected"} 1');
  expect(text).toContain('labeltrail_ingest_duration_seconds_bucket{le="0.005"} 1');
  expect(text).toContain('labeltrail_ingest_duration_seconds_count 1');
  expect(text).toContain('labeltrail_db_pool_connections{state="idle"} 3');
  expect(text).toContain('process_cpu_user_seconds_total');
});

test('leaves the pool out where there is none, and keeps two collectors apart', async () => {
  const first = createMetrics();
  const second = createMetrics();
  first.countRequest('health', 200);
  expect(await first.registry.metrics()).not.toMatch(/labeltrail_db_pool_connections\{/);
  expect(await second.registry.metrics()).not.toContain('labeltrail_http_requests_total{');
});
