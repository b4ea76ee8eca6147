import type { Auth } from './http/createAuth.js';
import { healthRoute } from './http/healthRoute.js';
import type { CollectorMetrics } from './http/metrics.js';
import { metricsRoute } from './http/metricsRoute.js';
import type { BodyLimits } from './http/readJsonBody.js';
import { readyRoute } from './http/readyRoute.js';
import { Router } from './http/Router.js';
import { ingestRoute } from './ingest/ingestRoute.js';
import type { Maintenance } from './maintenance/createMaintenance.js';
import { addReadRoutes } from './query/readRoutes.js';
import type { SqlClient } from './SqlClient.js';
import type { StorageKind } from './store/openStore.js';

/** What the routes need: the store, who may do what, and where figures go. */
export interface RouterDeps {
  readonly db: SqlClient;
  readonly storage: StorageKind;
  readonly auth: Auth;
  readonly limits: BodyLimits;
  /** Team of each user with one, from the token list. */
  readonly teamOfUser: ReadonlyMap<string, string>;
  /** The database's cursor secret. */
  readonly secret: Buffer;
  readonly now: () => number;
  readonly maintenance: Pick<Maintenance, 'noteInserted'>;
  readonly metrics: CollectorMetrics;
}

/** Every endpoint of the collector, each one `add` (see docs/collector.md, Endpoints). */
export function collectorRouter(deps: RouterDeps): Router {
  const { db, auth, metrics } = deps;
  const health = healthRoute(deps.storage);
  const router = new Router()
    .add('GET', '/v1/health', health)
    // HEAD is GET without a body; Node drops the body itself.
    .add('HEAD', '/v1/health', health)
    .add('GET', '/v1/ready', readyRoute(db))
    .add('GET', '/metrics', metricsRoute(auth, metrics))
    .add(
      'POST',
      '/v1/logs',
      ingestRoute({
        db,
        auth,
        limits: deps.limits,
        teamOfUser: deps.teamOfUser,
        now: deps.now,
        onStored: deps.maintenance.noteInserted,
        onIngested: ({ accepted, duplicates, rejected }, seconds) => {
          metrics.observeIngest(seconds);
          metrics.countEvents(accepted, duplicates, rejected);
        },
      }),
    );
  addReadRoutes(router, { db, auth, secret: deps.secret });
  return router;
}
