import { describe, expect, it } from 'vitest';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { encodeOtlp, otlpKeys } from '../../src/delivery/formats.js';
import { sampleEvents as events, sdkRecords } from '../support/otelSdk.js';
import type { TrailEvent } from '../../src/events/schema.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';

// Checks labeltrail's OTLP/HTTP JSON encoding against the OpenTelemetry JS SDK: the same
// events are emitted through an SDK LoggerProvider and serialised with the SDK's own JSON
// serializer, and the two request bodies are compared after parsing them as a receiver would.

const SERVICE = 'annotator-web';
const VERSION = '0.1.0';
const SENT_AT = 1_767_225_660_123;

/** Emits the events through the SDK and returns the SDK serializer's JSON request, parsed. */
function officialRequest(input: readonly TrailEvent[]): unknown {
  const records = sdkRecords(input, SERVICE, VERSION, SENT_AT);
  // No span context is emitted, so the serializer leaves flags, traceId, spanId and
  // schemaUrl undefined and JSON.stringify drops them: they need no normalising.
  const bytes = JsonLogsSerializer.serializeRequest(records);
  if (!bytes) throw new Error('serializer returned nothing');
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** labeltrail's request as it goes over the wire, parsed. */
function ourRequest(input: readonly TrailEvent[]): unknown {
  return JSON.parse(JSON.stringify(encodeOtlp(input, SENT_AT, SERVICE, VERSION)));
}

interface WireValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface WireKeyValue {
  key: string;
  value: WireValue;
}
interface WireRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  eventName: string;
  attributes: WireKeyValue[];
  droppedAttributesCount?: number;
  [field: string]: unknown;
}
interface WireRequest {
  resourceLogs: {
    resource: { attributes: WireKeyValue[]; droppedAttributesCount?: number };
    scopeLogs: { scope: { name: string; version: string }; logRecords: WireRecord[] }[];
  }[];
}

// Attributes the envelope defines as doubles. JS numbers carry no int/double distinction,
// so the SDK picks intValue whenever a value happens to be whole; labeltrail keeps each key
// at one kind so that a backend sees a stable column type.
const doubleKeys = new Set<string>([otlpKeys.mono, otlpKeys.durationMs]);

function byKey(a: WireKeyValue, b: WireKeyValue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Puts a request into the form both sides are compared in. Applied to both requests;
 * every rule only removes a difference that OTLP gives no meaning to.
 */
function normalise(request: unknown): WireRequest {
  const copy = structuredClone(request) as WireRequest;
  for (const resourceLogs of copy.resourceLogs) {
    const resource = resourceLogs.resource;
    // droppedAttributesCount 0 is the proto3 default: sending it and omitting it are the same message.
    if (resource.droppedAttributesCount === 0) delete resource.droppedAttributesCount;
    // A repeated KeyValue is a map with unique keys; its order carries nothing.
    resource.attributes.sort(byKey);
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) {
        if (record.droppedAttributesCount === 0) delete record.droppedAttributesCount;
        record.attributes.sort(byKey);
        for (const { key, value } of record.attributes) {
          const whole = value.intValue;
          // Only exact integers are rewritten, so a lossy number still fails the comparison.
          if (typeof whole !== 'number' || !Number.isSafeInteger(whole)) continue;
          if (doubleKeys.has(key)) {
            delete value.intValue;
            value.doubleValue = whole;
          } else {
            // The SDK writes int64 as a JSON number. labeltrail sends the decimal string that
            // the OTLP spec gives as the JSON form of int64 (and that the Collector itself
            // writes); the protobuf JSON mapping the Collector parses with accepts both.
            value.intValue = String(whole);
          }
        }
      }
    }
  }
  return copy;
}

function records(request: unknown): WireRecord[] {
  return (request as WireRequest).resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
}

const NANOS_PER_MS = 1_000_000n;

/** Rebuilds the envelope from one log record; throws on an attribute it does not know. */
function decodeRecord(record: WireRecord): TrailEvent {
  const time = BigInt(record.timeUnixNano);
  if (time % NANOS_PER_MS !== 0n) throw new Error(`time ${record.timeUnixNano} is not whole milliseconds`);
  const values = new Map(record.attributes.map(({ key, value }) => [key, value]));
  if (values.size !== record.attributes.length) throw new Error('duplicate attribute key');
  const take = (key: string): WireValue | undefined => {
    const value = values.get(key);
    values.delete(key);
    return value;
  };
  const text = (key: string): string | undefined => take(key)?.stringValue;
  const integer = (key: string): number | undefined => {
    const value = take(key)?.intValue;
    return value === undefined ? undefined : Number(value);
  };
  const real = (key: string): number | undefined => take(key)?.doubleValue;
  const prefixed = (prefix: string): Record<string, string | number> | undefined => {
    const out: Record<string, string | number> = {};
    for (const [key, value] of [...values]) {
      if (!key.startsWith(prefix)) continue;
      take(key);
      out[key.slice(prefix.length)] = value.intValue !== undefined ? Number(value.intValue) : value.stringValue!;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };

  const email = text(otlpKeys.actorEmail);
  const label = prefixed(otlpKeys.label);
  const durationMs = real(otlpKeys.durationMs);
  const payload = text(otlpKeys.payload);
  const event = {
    id: text(otlpKeys.id),
    type: record.eventName,
    code: integer(otlpKeys.code) ?? null,
    time: Number(time / NANOS_PER_MS),
    mono: real(otlpKeys.mono),
    session: text(otlpKeys.session),
    seq: integer(otlpKeys.seq),
    actor: { id: text(otlpKeys.actorId), ...(email !== undefined && { email }) },
    context: prefixed(otlpKeys.context) ?? {},
    ...(label !== undefined && { label }),
    ...(durationMs !== undefined && { durationMs }),
    ...(payload !== undefined && { payload: JSON.parse(payload) as unknown }),
  };
  if (values.size > 0) throw new Error(`attributes outside the envelope: ${[...values.keys()].join(', ')}`);
  const valid = validateEvent(event);
  if (valid instanceof TrailInputError) throw valid;
  return valid;
}

describe('encodeOtlp against the OpenTelemetry JS SDK', () => {
  it('uses valid labeltrail events as fixtures', () => {
    for (const event of events) expect(validateEvent(event)).toStrictEqual(event);
  });

  it('produces the request the SDK serializer produces for the same log records', () => {
    expect(normalise(ourRequest(events))).toStrictEqual(normalise(officialRequest(events)));
  });

  it('keeps resource, scope and per-record fields where a receiver looks for them', () => {
    const request = ourRequest(events) as WireRequest;
    expect(request.resourceLogs).toHaveLength(1);
    const [resourceLogs] = request.resourceLogs;
    expect(resourceLogs!.resource.attributes).toStrictEqual([{ key: 'service.name', value: { stringValue: SERVICE } }]);
    expect(resourceLogs!.scopeLogs).toHaveLength(1);
    expect(resourceLogs!.scopeLogs[0]!.scope).toStrictEqual({ name: 'labeltrail', version: VERSION });
    const sent = records(request);
    expect(sent.map((record) => record.eventName)).toStrictEqual(events.map((event) => event.type));
    for (const record of sent) {
      expect(record.observedTimeUnixNano).toBe('1767225660123000000');
      expect(record.severityNumber).toBe(SeverityNumber.INFO);
      expect(record.body).toStrictEqual({ stringValue: record.eventName });
    }
  });

  it('sends int64 fields as decimal strings and doubles as numbers', () => {
    for (const record of records(ourRequest(events))) {
      expect(record.timeUnixNano).toMatch(/^[1-9]\d*$/);
      expect(record.observedTimeUnixNano).toMatch(/^[1-9]\d*$/);
      for (const { value } of record.attributes) {
        expect(Object.keys(value)).toHaveLength(1);
        if ('intValue' in value) expect(value.intValue).toMatch(/^(0|[1-9]\d*)$/);
        if ('doubleValue' in value) expect(Number.isFinite(value.doubleValue)).toBe(true);
      }
    }
  });

  it('carries every envelope field, so each event can be rebuilt from its record', () => {
    expect(records(ourRequest(events)).map(decodeRecord)).toStrictEqual(events);
  });

  it('tells apart requests that differ in a single attribute value', () => {
    // Guards the normalisation: it must not make different records compare equal.
    const changed = events.map((event, index) => (index === 3 ? { ...event, seq: event.seq - 1 } : event));
    expect(normalise(ourRequest(events))).not.toStrictEqual(normalise(officialRequest(changed)));
  });
});
