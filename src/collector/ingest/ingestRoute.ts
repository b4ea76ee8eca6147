import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorToken } from '../loadTokens.js';
import type { Auth } from '../http/createAuth.js';
import { mediaTypeOf, readJsonBody, readRawBody, type BodyLimits } from '../http/readJsonBody.js';
import { HttpError } from '../http/HttpError.js';
import { MAX_BATCH_EVENTS } from '../defaults.js';
import { countLogRecords, decodeLogsRequest, encodeLogsResponse } from './otlpProtobuf.js';
import type { IngestOutcome, OtlpIngestResult } from './ingestBatch.js';
import type { RouteHandler } from '../http/Router.js';
import { sendJson } from '../http/sendJson.js';
import type { SqlClient } from '../SqlClient.js';
import { ingestBatch } from './ingestBatch.js';

export interface IngestDeps {
  readonly db: SqlClient;
  readonly auth: Auth;
  readonly limits: BodyLimits;
  /** Team of each user with one, from the token list. */
  readonly teamOfUser: ReadonlyMap<string, string>;
  readonly now: () => number;
  /** Told how many rows each batch stored (maintenance counts them for ANALYZE). */
  readonly onStored: (rows: number) => void;
  /** Told each answer and how long checking and storing took, in seconds (metrics). */
  readonly onIngested?: (outcome: IngestOutcome, seconds: number) => void;
}

const PROTOBUF = 'application/x-protobuf';

// An OTLP/HTTP protobuf body, decoded into the shape of its JSON form; counted first, so that
// a body of millions of tiny messages is refused before it is decoded.
async function readProtobufBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const bytes = await readRawBody(req, limits);
  if (countLogRecords(bytes, MAX_BATCH_EVENTS) > MAX_BATCH_EVENTS) {
    throw new HttpError(413, `body holds more than ${MAX_BATCH_EVENTS} log records; send smaller batches`);
  }
  try {
    return decodeLogsRequest(bytes);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
}

/**
 * `POST /v1/logs`: authenticate, read the body (JSON, or OTLP protobuf), check and store its
 * events, answer per event in the body's own encoding, as OTLP/HTTP asks.
 */
export function ingestRoute(deps: IngestDeps): RouteHandler {
  return async ({ req, res }) => {
    const token: CollectorToken = deps.auth.authenticate(req);
    deps.auth.requireWriter(token);
    const protobuf = mediaTypeOf(req) === PROTOBUF;
    const body = protobuf ? await readProtobufBody(req, deps.limits) : await readJsonBody(req, deps.limits);
    const started = performance.now();
    const { answer, stored, outcome } = await ingestBatch(deps.db, body, token, deps.teamOfUser, deps.now());
    deps.onIngested?.(outcome, (performance.now() - started) / 1000);
    // A protobuf body decodes only into the OTLP shape, so its answer is always an OTLP one.
    if (protobuf) sendProtobuf(res, encodeLogsResponse((answer as OtlpIngestResult).partialSuccess));
    else sendJson(res, 200, answer);
    deps.onStored(stored);
  };
}

function sendProtobuf(res: ServerResponse, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': PROTOBUF, 'content-length': bytes.length });
  res.end(bytes);
}
