import type { Auth } from '../http/createAuth.js';
import type { RequestContext, Router } from '../http/Router.js';
import { sendJson } from '../http/sendJson.js';
import type { SqlClient } from '../SqlClient.js';
import { computeStats } from './computeStats.js';
import { listCategories } from './listCategories.js';
import { parseLogFilter } from './logFilter.js';
import { queryPage } from './queryPage.js';
import { pageParams, tzParam } from './queryParams.js';
import { streamCsv } from './streamCsv.js';

export interface ReadDeps {
  readonly db: SqlClient;
  readonly auth: Auth;
  /** Signs and checks cursors. */
  readonly secret: Buffer;
}

/**
 * Adds the read endpoints, owner and admin tokens only: `GET /v1/logs`, `/v1/logs.csv`,
 * `/v1/stats` and `/v1/categories`.
 */
export function addReadRoutes(router: Router, deps: ReadDeps): Router {
  const { db, auth, secret } = deps;
  const reader = (context: RequestContext) => auth.requireReader(auth.authenticate(context.req));
  return router
    .add('GET', '/v1/logs', async (context) => {
      reader(context);
      const params = context.url.searchParams;
      const filter = parseLogFilter(params, true);
      const result = await queryPage(db, { filter, ...pageParams(params), secret });
      sendJson(context.res, 200, {
        events: result.events.map((stored) => stored.event),
        nextCursor: result.nextCursor,
      });
    })
    .add('GET', '/v1/logs.csv', async (context) => {
      reader(context);
      const params = context.url.searchParams;
      const filter = parseLogFilter(params, true);
      await streamCsv(db, context.res, filter, pageParams(params), secret);
    })
    .add('GET', '/v1/stats', async (context) => {
      reader(context);
      const params = context.url.searchParams;
      const filter = parseLogFilter(params, false);
      sendJson(context.res, 200, await computeStats(db, filter, { tzOffsetMs: tzParam(params) }));
    })
    .add('GET', '/v1/categories', async (context) => {
      reader(context);
      // A range is required, as for listings: the answer is what happened in it.
      const categories = await listCategories(db, parseLogFilter(context.url.searchParams, true));
      sendJson(context.res, 200, { categories });
    });
}
