import { otlpKeys } from '../../delivery/formats.js';

/** A log record as decoded, not yet validated: an envelope candidate or the reason it is none. */
export type DecodedRecord = Record<string, unknown>;

// Digits of the largest uint64, 18446744073709551615.
const MAX_INT64_DIGITS = 20;

const contextKeys = new Set([
  'project',
  'dataset',
  'item',
  'frame',
  'workflowStage',
  'branch',
  'job',
  'task',
  'annotation',
]);
const labelKeys = new Set(['id', 'feature', 'name']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// OTLP/JSON follows the protobuf JSON mapping: 64-bit ints arrive as decimal strings (or
// numbers), doubles as numbers (or strings for NaN/Infinity). Unknown shapes stay
// undefined so that validation names the field.
function anyValue(value: unknown): unknown {
  if (!isRecord(value)) return undefined;
  if ('stringValue' in value) return value['stringValue'];
  if ('intValue' in value) {
    const raw = value['intValue'];
    // Length first: a 64-bit integer has at most 20 digits, and a test of 16 million is no check.
    return typeof raw === 'string' && raw.length <= MAX_INT64_DIGITS + 1 && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  if ('doubleValue' in value) {
    const raw = value['doubleValue'];
    return typeof raw === 'string' ? Number(raw) : raw;
  }
  if ('boolValue' in value) return value['boolValue'];
  return undefined;
}

// Nanoseconds since the epoch to whole milliseconds, without passing through a float.
function nanosToMs(raw: unknown): unknown {
  // BigInt of a 16-million-digit string takes seconds: an int64 has at most 20 digits.
  if (typeof raw === 'string' && raw.length <= MAX_INT64_DIGITS && /^\d+$/.test(raw))
    return Number(BigInt(raw) / 1_000_000n);
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return Math.floor(raw / 1_000_000);
  return raw;
}

function decodeRecord(record: unknown): DecodedRecord {
  if (!isRecord(record)) return {};
  const attributes = new Map<string, unknown>();
  for (const attribute of Array.isArray(record['attributes']) ? record['attributes'] : []) {
    if (isRecord(attribute) && typeof attribute['key'] === 'string')
      attributes.set(attribute['key'], anyValue(attribute['value']));
  }
  const body = isRecord(record['body']) ? record['body']['stringValue'] : undefined;
  const event: DecodedRecord = {
    id: attributes.get(otlpKeys.id),
    type: record['eventName'] ?? body,
    code: attributes.has(otlpKeys.code) ? attributes.get(otlpKeys.code) : null,
    // Present for custom types (and built-in ones that carry them); absent keys stay absent.
    ...(attributes.has(otlpKeys.category) && { category: attributes.get(otlpKeys.category) }),
    ...(attributes.has(otlpKeys.kind) && { kind: attributes.get(otlpKeys.kind) }),
    time: nanosToMs(record['timeUnixNano']),
    mono: attributes.get(otlpKeys.mono),
    session: attributes.get(otlpKeys.session),
    seq: attributes.get(otlpKeys.seq),
  };
  const actor: Record<string, unknown> = { id: attributes.get(otlpKeys.actorId) };
  if (attributes.has(otlpKeys.actorEmail)) actor['email'] = attributes.get(otlpKeys.actorEmail);
  event['actor'] = actor;
  const context: Record<string, unknown> = {};
  const label: Record<string, unknown> = {};
  // Attribute order is the envelope's key order, so the decoded objects match key for key.
  for (const [key, value] of attributes) {
    if (key.startsWith(otlpKeys.context)) {
      const name = key.slice(otlpKeys.context.length);
      if (contextKeys.has(name)) context[name] = value;
    } else if (key.startsWith(otlpKeys.label)) {
      const name = key.slice(otlpKeys.label.length);
      if (labelKeys.has(name)) label[name] = value;
    }
  }
  event['context'] = context;
  if (Object.keys(label).length > 0) event['label'] = label;
  if (attributes.has(otlpKeys.durationMs)) event['durationMs'] = attributes.get(otlpKeys.durationMs);
  if (attributes.has(otlpKeys.payload)) {
    const text = attributes.get(otlpKeys.payload);
    try {
      event['payload'] = typeof text === 'string' ? JSON.parse(text) : text;
    } catch {
      // Keep the text: validation then reports "payload: expected record" for this record only.
      event['payload'] = text;
    }
  }
  return event;
}

/**
 * Turns an OTLP/HTTP JSON `ExportLogsServiceRequest` made by labeltrail's `encodeOtlp`
 * back into envelope candidates, one per log record, in order. Candidates still need
 * `validateEvent`; records from other producers decode into candidates that fail it.
 * Throws a TypeError when the body is not an ExportLogsServiceRequest at all.
 *
 * @example
 * decodeOtlp(encodeOtlp(events, Date.now(), 'editor', '1.0')); // deep-equals `events`
 */
export function decodeOtlp(body: unknown): DecodedRecord[] {
  if (!isRecord(body) || !Array.isArray(body['resourceLogs'])) {
    throw new TypeError('resourceLogs: expected an array (OTLP ExportLogsServiceRequest)');
  }
  const records: DecodedRecord[] = [];
  for (const resourceLogs of body['resourceLogs']) {
    const scopeLogs =
      isRecord(resourceLogs) && Array.isArray(resourceLogs['scopeLogs']) ? resourceLogs['scopeLogs'] : [];
    for (const scope of scopeLogs) {
      const logRecords = isRecord(scope) && Array.isArray(scope['logRecords']) ? scope['logRecords'] : [];
      for (const record of logRecords) records.push(decodeRecord(record));
    }
  }
  return records;
}
