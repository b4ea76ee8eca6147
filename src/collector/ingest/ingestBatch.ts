import type { TrailEvent } from '../../events/schema.js';
import { checkEvent } from './checkEvent.js';
import { decodeOtlp } from './decodeOtlp.js';
import type { CollectorToken } from '../loadTokens.js';
import type { SqlClient } from '../SqlClient.js';
import { HttpError } from '../http/HttpError.js';
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
  readonly rejected: Rejection[];
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

/**
 * Validates, authorises and stores one request body. Invalid or impersonating events are
 * rejected one by one; all valid ones are stored in a single transaction. Returns the
 * answer to send and how many rows were stored.
 */
export async function ingestBatch(
  db: SqlClient,
  body: unknown,
  token: CollectorToken,
  teamOfUser: ReadonlyMap<string, string>,
  receivedMs: number,
): Promise<{ answer: NativeIngestResult | OtlpIngestResult; stored: number }> {
  let candidates: unknown[];
  let format: 'native' | 'otlp';
  if (isRecord(body) && Array.isArray(body['resourceLogs'])) {
    format = 'otlp';
    candidates = decodeOtlp(body);
  } else if (isRecord(body) && Array.isArray(body['events'])) {
    format = 'native';
    candidates = body['events'];
  } else {
    throw new HttpError(
      400,
      'body is neither a labeltrail batch ({ batchId, sentAt, events: [...] }) nor an OTLP ExportLogsServiceRequest ({ resourceLogs: [...] })',
    );
  }

  const rejected: Rejection[] = [];
  const valid: StoredEventInput[] = [];
  const mayWriteForOthers = token.role === 'admin' || token.role === 'owner';
  for (const candidate of candidates) {
    const rawId = isRecord(candidate) && typeof candidate['id'] === 'string' ? candidate['id'] : null;
    const result = checkEvent(candidate);
    if (result instanceof Error) {
      rejected.push({ id: rawId, reason: result.message });
      continue;
    }
    const event: TrailEvent = result;
    if (!mayWriteForOthers && event.actor.id !== token.user) {
      rejected.push({
        id: event.id,
        reason: `actor.id: the token of user "${token.user}" (role ${token.role}) may only write that user's own events, not those of "${event.actor.id}"`,
      });
      continue;
    }
    valid.push({ event, team: teamOfUser.get(event.actor.id) ?? null });
  }

  const accepted = await insertEvents(db, valid, receivedMs);
  if (format === 'native')
    return { answer: { accepted, duplicates: valid.length - accepted, rejected }, stored: accepted };
  const listed = rejected
    .slice(0, MAX_REASONS_IN_MESSAGE)
    .map((r) => `${r.id ?? '(no id)'}: ${r.reason}`)
    .join('; ');
  const more = rejected.length > MAX_REASONS_IN_MESSAGE ? `; and ${rejected.length - MAX_REASONS_IN_MESSAGE} more` : '';
  return {
    answer: {
      partialSuccess: {
        rejectedLogRecords: rejected.length,
        errorMessage:
          rejected.length === 0
            ? ''
            : `${rejected.length} of ${candidates.length} log records rejected: ${listed}${more}`,
      },
    },
    stored: accepted,
  };
}
