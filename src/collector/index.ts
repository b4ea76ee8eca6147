// Node-only entry (`labeltrail/collector`): never import it from browser code.
export { createCollector } from './createCollector.js';
export type { Collector, CollectorMiddleware, CollectorOptions } from './createCollector.js';
export { collectorMiddleware } from './collectorMiddleware.js';
export type { LazyCollectorMiddleware } from './collectorMiddleware.js';
export { collectorVitePlugin } from './collectorVitePlugin.js';
export type { CollectorVitePlugin, DevServerLike } from './collectorVitePlugin.js';
export { decodeOtlp } from './ingest/decodeOtlp.js';
export type { DecodedRecord } from './ingest/decodeOtlp.js';
export { loadTokens } from './loadTokens.js';
export type { CollectorRole, CollectorToken } from './loadTokens.js';
export { generateDevTokens } from './generateDevTokens.js';
export type { SqlClient, SqlQueryable, SqlResult } from './SqlClient.js';
export { csvColumns } from './query/csvRows.js';
export { reviewTypes } from './store/reviewTypes.js';
export type {
  ActivityStats,
  DayStats,
  ReviewRates,
  StatsReport,
  TimeBreakdown,
  UserStats,
} from './query/computeStats.js';
export type { NativeIngestResult, OtlpIngestResult, Rejection } from './ingest/ingestBatch.js';
export type { EventPage } from './query/queryPage.js';
