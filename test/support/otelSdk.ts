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
