import type { TrailEvent } from '../../events/schema.js';
import { checkEvent } from './checkEvent.js';
import { decodeOtlp } from './decodeOtlp.js';
import type { CollectorToken } from '../loadTokens.js';
import type { SqlClient } from '../SqlClient.js';
import { MAX_BATCH_EVENTS, MAX_REASON_LENGTH, MAX_REJECTIONS_LISTED } from '../defaults.js';
import { HttpError } from '../http/HttpError.js';
import { countOtlpRecords } from './countOtlpRecords.js';
import { insertEvents, type StoredEventInput } from './insertEvents.js';

/** One refused event: its id as sent (null when it had none) and why. */
export interface Rejection {
  readonly id: string | null;
  readonly reason: string;
}

/** Answer to a native batch. */
export interface NativeIngestResult {
  /** Events stored now. */
  readonly accepted: number;
  /** Valid events already stored (a resend, or repeated within the batch); not stored again. */
  readonly duplicates: number;
  /** The first MAX_REJECTIONS_LISTED rejections. */
  readonly rejected: Rejection[];
  /** How many were rejected in all; present only when `rejected` lists fewer. */
  readonly rejectedCount?: number;
}

/** What became of the events of one request, for metrics. */
export interface IngestOutcome {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/** Answer to an OTLP body, as ExportLogsServiceResponse; rejected 0 and "" means full success. */
export interface OtlpIngestResult {
  readonly partialSuccess: { readonly rejectedLogRecords: number; readonly errorMessage: string };
}

// How many reasons an OTLP errorMessage lists before summarising the rest.
const MAX_REASONS_IN_MESSAGE = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A reason quotes the value it refuses (an unknown type, say): cut, so an answer stays small.
const cut = (reason: string): string =>
  reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;

/** The candidate events of a body, or a 400 (neither shape) or a 413 (too many events). */
function candidatesOf(body: unknown): { format: 'native' | 'otlp'; candidates: unknown[] } {
  const tooMany = (n: number) =>
    new HttpError(413, `batch holds ${n} events, more than ${MAX_BATCH_EVENTS}; send smaller batches`);
  if (isRecord(body) && Array.isArray(body['resourceLogs'])) {
    // Counted before decoding: a body of two million empty records is refused in one pass.
    const n = countOtlpRecords(body['resourceLogs']);
    if (n > MAX_BATCH_EVENTS) throw tooMany(n);
    return { format: 'otlp', candidates: decodeOtlp(body) };
  }
  if (isRecord(body) && Array.isArray(body['events'])) {
    if (body['events'].length > MAX_BATCH_EVENTS) throw tooMany(body['events'].length);
    return { format: 'native', candidates: body['events'] };
  }
  throw new HttpError(
    400,
    'body is neither a labeltrail batch ({ batchId, sentAt, events: [...] }) ' +
      'nor an OTLP ExportLogsServiceRequest ({ resourceLogs: [...] })',
  );
}

/** Checks each candidate: the events to store, and the rejections of the others (in order). */
function checkCandidates(
  candidates: readonly unknown[],
  token: CollectorToken,
  teamOfUser: ReadonlyMap<string, string>,
): { valid: StoredEventInput[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const valid: StoredEventInput[] = [];
  const mayWriteForOthers = token.role === 'admin' || token.role === 'owner';
  for (const candidate of candidates) {
    const rawId = isRecord(candidate) && typeof candidate['id'] === 'string' ? candidate['id'] : null;
    const result = checkEvent(candidate);
    if (result instanceof Error) {
      rejected.push({ id: rawId === null ? null : cut(rawId), reason: cut(result.message) });
      continue;
    }
    const event: TrailEvent = result;
    if (!mayWriteForOthers && event.actor.id !== token.user) {
      rejected.push({
        id: event.id,
        reason: cut(
          `actor.id: the token of user "${token.user}" (role ${token.role}) may only write that user's own events, ` +
            `not those of "${event.actor.id}"`,
        ),
      });
      continue;
    }
    valid.push({ event, team: teamOfUser.get(event.actor.id) ?? null });
  }
  return { valid, rejected };
}

function otlpAnswer(rejected: readonly Rejection[], total: number): OtlpIngestResult {
  const listed = rejected
    .slice(0, MAX_REASONS_IN_MESSAGE)
    .map((r) => `${r.id ?? '(no id)'}: ${r.reason}`)
    .join('; ');
  const more = rejected.length > MAX_REASONS_IN_MESSAGE ? `; and ${rejected.length - MAX_REASONS_IN_MESSAGE} more` : '';
  return {
    partialSuccess: {
      rejectedLogRecords: rejected.length,
      errorMessage:
        rejected.length === 0 ? '' : `${rejected.length} of ${total} log records rejected: ${listed}${more}`,
    },
  };
}

/**
 * Validates, authorises and stores one request body. Invalid or impersonating events, and
 * events the database refuses, are rejected one by one; all others are stored in a single
 * transaction. Returns the answer to send and how many rows were stored.
 */
export async function ingestBatch(
  db: SqlClient,
  body: unknown,
  token: CollectorToken,
  teamOfUser: ReadonlyMap<string, string>,
  receivedMs: number,
): Promise<{ answer: NativeIngestResult | OtlpIngestResult; stored: number; outcome: IngestOutcome }> {
  const { format, candidates } = candidatesOf(body);
  const { valid, rejected } = checkCandidates(candidates, token, teamOfUser);
  const { inserted, refused } = await insertEvents(db, valid, receivedMs);
  for (const { index, reason } of refused) rejected.push({ id: valid[index]!.event.id, reason });
  const duplicates = valid.length - refused.length - inserted;
  const outcome = { accepted: inserted, duplicates, rejected: rejected.length };
  if (format === 'otlp') return { answer: otlpAnswer(rejected, candidates.length), stored: inserted, outcome };
  const listed = rejected.length > MAX_REJECTIONS_LISTED ? rejected.slice(0, MAX_REJECTIONS_LISTED) : rejected;
  const answer: NativeIngestResult =
    listed === rejected
      ? { accepted: inserted, duplicates, rejected }
      : { accepted: inserted, duplicates, rejected: listed, rejectedCount: rejected.length };
  return { answer, stored: inserted, outcome };
}
