import type { TrailEvent } from '../events/schema.js';

/** Wire format of a delivery request: labeltrail's native JSON batch or OTLP/HTTP JSON logs. */
export type WireFormat = 'labeltrail' | 'otlp';

/** The native batch body: `POST endpoint` with `Content-Type: application/json`. */
export interface NativeBatch {
  readonly batchId: string;
  /** Client wall-clock time of the send, UTC ms; lets a receiver estimate clock skew. */
  readonly sentAt: number;
  readonly events: readonly TrailEvent[];
}

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

interface KeyValue {
  key: string;
  value: AnyValue;
}

/** Instrumentation scope name used in OTLP `scopeLogs`; receivers can route on it. */
export const OTLP_SCOPE = 'labeltrail';
// INFO: every labeltrail event records something that happened, none is an error.
const SEVERITY_INFO = 9;

function str(key: string, value: string | undefined, into: KeyValue[]): void {
  if (value !== undefined) into.push({ key, value: { stringValue: value } });
}

function int(key: string, value: number | undefined | null, into: KeyValue[]): void {
  // OTLP/JSON encodes 64-bit integers as decimal strings (protobuf JSON mapping).
  if (value !== undefined && value !== null) into.push({ key, value: { intValue: String(value) } });
}

function double(key: string, value: number | undefined, into: KeyValue[]): void {
  if (value !== undefined) into.push({ key, value: { doubleValue: value } });
}

function nanos(ms: number): string {
  return `${BigInt(Math.round(ms)) * 1_000_000n}`;
}

/**
 * Attribute keys of an OTLP log record, one per envelope field. `session.id`, `user.id`
 * and `user.email` follow OpenTelemetry semantic conventions; the rest are namespaced.
 */
export const otlpKeys = {
  id: 'labeltrail.id',
  code: 'labeltrail.code',
  category: 'labeltrail.category',
  kind: 'labeltrail.kind',
  mono: 'labeltrail.mono_ms',
  session: 'session.id',
  seq: 'labeltrail.seq',
  actorId: 'user.id',
  actorEmail: 'user.email',
  context: 'labeltrail.context.',
  label: 'labeltrail.label.',
  durationMs: 'labeltrail.duration_ms',
  payload: 'labeltrail.payload',
} as const;

function toLogRecord(event: TrailEvent, observedMs: number) {
  const attributes: KeyValue[] = [];
  str(otlpKeys.id, event.id, attributes);
  int(otlpKeys.code, event.code, attributes);
  str(otlpKeys.category, event.category, attributes);
  str(otlpKeys.kind, event.kind, attributes);
  double(otlpKeys.mono, event.mono, attributes);
  str(otlpKeys.session, event.session, attributes);
  int(otlpKeys.seq, event.seq, attributes);
  str(otlpKeys.actorId, event.actor.id, attributes);
  str(otlpKeys.actorEmail, event.actor.email, attributes);
  for (const [key, value] of Object.entries(event.context)) {
    if (typeof value === 'number') int(otlpKeys.context + key, value, attributes);
    else str(otlpKeys.context + key, value, attributes);
  }
  for (const [key, value] of Object.entries(event.label ?? {})) str(otlpKeys.label + key, value, attributes);
  double(otlpKeys.durationMs, event.durationMs, attributes);
  // The payload travels as one JSON string so that nested values survive unchanged.
  if (event.payload !== undefined) str(otlpKeys.payload, JSON.stringify(event.payload), attributes);
  return {
    timeUnixNano: nanos(event.time),
    observedTimeUnixNano: nanos(observedMs),
    severityNumber: SEVERITY_INFO,
    severityText: 'INFO',
    eventName: event.type,
    body: { stringValue: event.type },
    attributes,
  };
}

/** Encodes events as an OTLP/HTTP JSON `ExportLogsServiceRequest`. */
export function encodeOtlp(events: readonly TrailEvent[], sentAt: number, serviceName: string, version: string) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeLogs: [
          {
            scope: { name: OTLP_SCOPE, version },
            logRecords: events.map((event) => toLogRecord(event, sentAt)),
          },
        ],
      },
    ],
  };
}

/** Encodes events as the native batch. */
export function encodeNative(events: readonly TrailEvent[], sentAt: number, batchId: string): NativeBatch {
  return { batchId, sentAt, events };
}
