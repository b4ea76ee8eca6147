import protobuf from 'protobufjs';

// The messages of opentelemetry-proto's logs service that a receiver reads, with their field
// numbers (opentelemetry/proto/{collector/logs,logs,common,resource}/v1/*.proto). Field names
// are the JSON mapping's, so a decoded request has the shape of an OTLP/HTTP JSON body and
// goes through the same decoder. Unknown fields (a newer proto) are skipped by the reader.
const descriptor = {
  nested: {
    ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
    ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
    ExportLogsPartialSuccess: {
      fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
    },
    ResourceLogs: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 },
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    Resource: {
      fields: {
        attributes: { rule: 'repeated', type: 'KeyValue', id: 1 },
        droppedAttributesCount: { type: 'uint32', id: 2 },
      },
    },
    ScopeLogs: {
      fields: {
        scope: { type: 'InstrumentationScope', id: 1 },
        logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 },
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    InstrumentationScope: {
      fields: {
        name: { type: 'string', id: 1 },
        version: { type: 'string', id: 2 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
        droppedAttributesCount: { type: 'uint32', id: 4 },
      },
    },
    LogRecord: {
      fields: {
        timeUnixNano: { type: 'fixed64', id: 1 },
        observedTimeUnixNano: { type: 'fixed64', id: 11 },
        severityNumber: { type: 'int32', id: 2 },
        severityText: { type: 'string', id: 3 },
        body: { type: 'AnyValue', id: 5 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 6 },
        droppedAttributesCount: { type: 'uint32', id: 7 },
        flags: { type: 'fixed32', id: 8 },
        traceId: { type: 'bytes', id: 9 },
        spanId: { type: 'bytes', id: 10 },
        eventName: { type: 'string', id: 12 },
      },
    },
    AnyValue: {
      oneofs: {
        value: {
          oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
        },
      },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
    KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
const requestType = root.lookupType('ExportLogsServiceRequest');
const responseType = root.lookupType('ExportLogsServiceResponse');

// As the JSON mapping writes them: 64-bit integers as decimal strings (never a lossy
// float), bytes as base64, and no defaults for absent fields.
const JSON_MAPPING: protobuf.IConversionOptions = { longs: String, bytes: String, defaults: false };

const LENGTH_DELIMITED = 2;

// Fields of one message, as (field number, length-delimited bytes); other wire types skipped.
function* embedded(reader: protobuf.Reader, end: number): Generator<[number, number]> {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if ((tag & 7) !== LENGTH_DELIMITED) {
      reader.skipType(tag & 7);
      continue;
    }
    const length = reader.uint32();
    const at = reader.pos;
    if (at + length > end) throw new RangeError('index out of range');
    yield [tag >>> 3, at + length];
    reader.pos = at + length;
  }
}

/**
 * Counts the log records of a protobuf `ExportLogsServiceRequest` by reading only tags and
 * lengths, so that a body of millions of tiny messages is refused before anything is decoded
 * (a 2-byte message decodes into an object of a hundred bytes or more). Returns Infinity as
 * soon as the records pass `maxRecords`, or the messages holding them three times that.
 * A malformed body counts 0: the decoder then names its problem.
 */
export function countLogRecords(bytes: Uint8Array, maxRecords: number): number {
  const maxMessages = 3 * maxRecords;
  const reader = protobuf.Reader.create(bytes);
  let messages = 0;
  let records = 0;
  try {
    for (const [field, resourceEnd] of embedded(reader, bytes.length)) {
      if (field !== 1) continue;
      if (++messages > maxMessages) return Infinity;
      for (const [scopeField, scopeEnd] of embedded(reader, resourceEnd)) {
        if (scopeField !== 2) continue;
        if (++messages > maxMessages) return Infinity;
        for (const [recordField] of embedded(reader, scopeEnd)) {
          if (recordField !== 2) continue;
          if (++records > maxRecords || ++messages > maxMessages) return Infinity;
        }
      }
    }
  } catch {
    return 0;
  }
  return records;
}

/**
 * Decodes an OTLP/HTTP protobuf `ExportLogsServiceRequest` into the shape of its JSON
 * encoding (`{ resourceLogs: [{ scopeLogs: [{ logRecords: [...] }] }] }`).
 * Throws a TypeError naming the problem when the bytes are not such a message.
 *
 * @example
 * decodeOtlp(decodeLogsRequest(body)); // the same candidates as for the JSON body
 */
export function decodeLogsRequest(bytes: Uint8Array): unknown {
  let message: protobuf.Message;
  try {
    message = requestType.decode(bytes);
  } catch (error) {
    // protobufjs names a truncated or malformed message, or a nesting past its depth limit
    // ("max depth exceeded"); the sender learns which, without a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`body: not an OTLP ExportLogsServiceRequest in protobuf (${reason})`, { cause: error });
  }
  return requestType.toObject(message, JSON_MAPPING);
}

/** Encodes an `ExportLogsServiceResponse`, the answer a protobuf sender expects. */
export function encodeLogsResponse(partialSuccess: { rejectedLogRecords: number; errorMessage: string }): Uint8Array {
  const empty = partialSuccess.rejectedLogRecords === 0 && partialSuccess.errorMessage === '';
  // A full success is an empty message: the spec leaves partial_success unset then.
  return responseType.encode(responseType.fromObject(empty ? {} : { partialSuccess })).finish();
}
