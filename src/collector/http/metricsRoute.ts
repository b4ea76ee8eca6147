import type { Auth } from './createAuth.js';
import type { CollectorMetrics } from './metrics.js';
import type { RouteHandler } from './Router.js';

/** `GET /metrics` in Prometheus' text format, for owner, admin and `metrics` tokens (never public). */
export function metricsRoute(auth: Auth, metrics: CollectorMetrics): RouteHandler {
  return async ({ req, res }) => {
    auth.requireMetricsReader(auth.authenticate(req));
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(text);
  };
}
