import { SeverityNumber, type LogAttributes } from '@opentelemetry/api-logs';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLP_SCOPE, otlpKeys } from '../../src/delivery/formats.js';
import type { TrailEvent } from '../../src/events/schema.js';

// labeltrail events as an OpenTelemetry JS SDK user would emit them: the oracle for the OTLP
// encodings (labeltrail's JSON encoder, the collector's protobuf decoder).

/** The attributes an SDK user would set for a labeltrail event, typed as JS values. */
export function sdkAttributes(event: TrailEvent): LogAttributes {
  const attributes: LogAttributes = {
    [otlpKeys.id]: event.id,
    [otlpKeys.mono]: event.mono,
    [otlpKeys.session]: event.session,
    [otlpKeys.seq]: event.seq,
    [otlpKeys.actorId]: event.actor.id,
  };
  if (event.code !== null) attributes[otlpKeys.code] = event.code;
  if (event.actor.email !== undefined) attributes[otlpKeys.actorEmail] = event.actor.email;
  for (const [key, value] of Object.entries(event.context)) attributes[otlpKeys.context + key] = value;
  for (const [key, value] of Object.entries(event.label ?? {})) attributes[otlpKeys.label + key] = value;
  if (event.durationMs !== undefined) attributes[otlpKeys.durationMs] = event.durationMs;
  if (event.payload !== undefined) attributes[otlpKeys.payload] = JSON.stringify(event.payload);
  return attributes;
}

/** Emits the events through an SDK LoggerProvider and returns the records it made. */
export function sdkRecords(
  input: readonly TrailEvent[],
  service: string,
  version: string,
  sentAt: number,
): ReadableLogRecord[] {
  const records: ReadableLogRecord[] = [];
  const collect: LogRecordProcessor = {
    onEmit: (record) => void records.push(record),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    processors: [collect],
  });
  const logger = provider.getLogger(OTLP_SCOPE, version);
  for (const event of input) {
    logger.emit({
      // Date rather than a number: the SDK reads small numbers as performance.now() offsets.
      timestamp: new Date(event.time),
      observedTimestamp: new Date(sentAt),
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      eventName: event.type,
      body: event.type,
      attributes: sdkAttributes(event),
    });
  }
  return records;
}

const SESSION = '3f2b8c1e-9a4d-4e6f-b1c2-d3e4f5a6b7c8';

/** Envelopes that exercise every OTLP attribute kind: code or none, whole and fractional doubles, the largest seq. */
export const sampleEvents: TrailEvent[] = [
  {
    id: '019b7a10-0000-7000-8000-000000000001',
    type: 'label.added',
    code: 0,
    time: 1_767_225_600_000,
    mono: 1523.4567,
    session: SESSION,
    seq: 0,
    actor: { id: 'u-17', email: 'ann@example.com' },
    context: { project: 'p-1', dataset: 'd-2', item: 'img-0042', frame: 12, workflowStage: 'annotate' },
    label: { id: 'l-9', feature: 'f-car', name: 'Car' },
    payload: { geometry: { type: 'box', points: [1, 2.5, 30, 40] }, note: 'ünïcødé ✓' },
  },
  {
    // code null: figure events have no label-log action number, so no code attribute is sent.
    id: '019b7a10-0001-7000-9000-000000000002',
    type: 'figure.updated',
    code: null,
    time: 1_767_225_601_250,
    // A whole-number monotonic reading and duration: both must still travel as doubles.
    mono: 5000,
    session: SESSION,
    seq: 1,
    actor: { id: 'u-17' },
    context: { item: 'vid-7', frame: 0, workflowStage: 'annotate' },
    label: { id: 'l-10' },
    durationMs: 250,
  },
  {
    id: '019b7a10-0002-7000-a000-000000000003',
    type: 'item.duration',
    code: null,
    time: 1_767_225_659_999,
    mono: 61_002.125,
    session: SESSION,
    seq: 2,
    actor: { id: 'reviewer@corp', email: 'rev@example.org' },
    context: { item: 'img-0042', workflowStage: 'review', task: 't-3' },
    durationMs: 1520.5,
    payload: { durationMs: 1520.5, seconds: 1.5205, editingMs: 900, touched: true },
  },
  {
    id: '019b7a10-0003-7000-b000-000000000004',
    type: 'label.rejected',
    code: 13,
    time: 1_767_225_660_000,
    mono: 61_003,
    session: SESSION,
    seq: 9_007_199_254_740_991,
    actor: { id: 'u-18' },
    context: {},
  },
];
