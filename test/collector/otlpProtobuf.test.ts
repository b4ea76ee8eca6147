import { describe, expect, test } from 'vitest';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import protobuf from 'protobufjs';
import { decodeOtlp } from '../../src/collector/ingest/decodeOtlp.js';
import { decodeLogsRequest, encodeLogsResponse } from '../../src/collector/ingest/otlpProtobuf.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { prng } from '../support/randomInput.js';
import { sampleEvents as events, sdkRecords } from '../support/otelSdk.js';

// The protobuf decoder is checked against OpenTelemetry JS's own serializers: the same SDK
// records serialised as protobuf and as JSON must decode into the same envelope candidates.

function serialized(serializer: typeof JsonLogsSerializer): Uint8Array {
  const bytes = serializer.serializeRequest(sdkRecords(events, 'annotator-web', '0.1.0', 1_767_225_660_123));
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

describe('decodeLogsRequest', () => {
  test("decodes the SDK's protobuf request into the candidates its JSON request decodes into", () => {
    const fromProtobuf = decodeOtlp(decodeLogsRequest(serialized(ProtobufLogsSerializer)));
    const fromJson = decodeOtlp(JSON.parse(new TextDecoder().decode(serialized(JsonLogsSerializer))));
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromProtobuf.map((candidate) => validateEvent(candidate))).toEqual(events);
  });

  test('keeps 64-bit times exact, as decimal strings', () => {
    const request = decodeLogsRequest(serialized(ProtobufLogsSerializer)) as {
      resourceLogs: { scopeLogs: { logRecords: { timeUnixNano: string }[] }[] }[];
    };
    const times = request.resourceLogs[0]!.scopeLogs[0]!.logRecords.map((record) => record.timeUnixNano);
    expect(times).toEqual(events.map((event) => `${event.time}000000`));
  });

  test('refuses bytes that are not a request with a TypeError naming the body, whatever they are', () => {
    const good = serialized(ProtobufLogsSerializer);
    const random = prng(11);
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const bytes = good.slice(0, Math.floor(random() * good.length));
      for (let flips = Math.floor(random() * 4); flips > 0; flips--) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      try {
        decodeLogsRequest(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/^body: not an OTLP ExportLogsServiceRequest in protobuf/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  test("refuses a value nested past the reader's depth limit with a TypeError naming it", () => {
    // AnyValue → ArrayValue → AnyValue ..., 1,000 levels deep in a log body.
    let value: Uint8Array = Uint8Array.of(0x0a, 0x00); // AnyValue { stringValue: "" }
    const wrap = (field: number, inner: Uint8Array): Uint8Array => {
      const writer = protobuf.Writer.create();
      writer.uint32((field << 3) | 2).bytes(inner);
      return writer.finish();
    };
    for (let depth = 0; depth < 1000; depth++) value = wrap(5, wrap(1, value)); // arrayValue.values
    const request = wrap(1, wrap(2, wrap(2, wrap(5, value))));
    expect(() => decodeLogsRequest(request)).toThrow(
      /not an OTLP ExportLogsServiceRequest in protobuf \(max depth exceeded\)/,
    );
  });
});

describe('encodeLogsResponse', () => {
  const responseType = protobuf.Root.fromJSON({
    nested: {
      Response: { fields: { partialSuccess: { type: 'Partial', id: 1 } } },
      Partial: { fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
    },
  }).lookupType('Response');

  test('a full success is the empty message; a partial one carries the count and the message', () => {
    expect(encodeLogsResponse({ rejectedLogRecords: 0, errorMessage: '' })).toHaveLength(0);
    const bytes = encodeLogsResponse({ rejectedLogRecords: 2, errorMessage: 'actor.id: required' });
    expect(responseType.toObject(responseType.decode(bytes), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 2, errorMessage: 'actor.id: required' },
    });
  });
});
