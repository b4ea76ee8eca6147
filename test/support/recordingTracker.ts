// A Tracker for tests that builds a complete envelope for every call, checks it with the
// real schema and records it, so tests see exactly what the core would accept.
import type { TrackFields, Tracker } from '../../src/events/Tracker.js';
import type { EventType } from '../../src/events/taxonomy.js';
import { eventTypes } from '../../src/events/taxonomy.js';
import type { TrailEvent } from '../../src/events/schema.js';
import { validateEvent } from '../../src/events/validateEvent.js';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function uuidV7(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface RecordingTracker extends Tracker {
  readonly events: TrailEvent[];
  /** Problems of refused events (a test fails on any). */
  readonly refused: string[];
  ofType(type: EventType): TrailEvent[];
}

export function createRecordingTracker(): RecordingTracker {
  const session = uuidV7();
  const events: TrailEvent[] = [];
  const refused: string[] = [];
  let seq = 0;
  return {
    events,
    refused,
    ofType: (type) => events.filter((e) => e.type === type),
    track(type: EventType, fields: TrackFields = {}) {
      const candidate = {
        id: uuidV7(),
        type,
        code: eventTypes[type]?.code ?? null,
        time: Date.now(),
        mono: performance.now(),
        session,
        seq: seq++,
        actor: fields.actor ?? { id: 'tester' },
        context: { ...fields.context },
        ...(fields.label ? { label: fields.label } : {}),
        ...(fields.durationMs !== undefined ? { durationMs: fields.durationMs } : {}),
        ...(fields.payload ? { payload: fields.payload } : {}),
      };
      const result = validateEvent(candidate);
      if (result instanceof Error) {
        refused.push(result.message);
        return undefined;
      }
      events.push(result);
      return result;
    },
  };
}
