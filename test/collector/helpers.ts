import { randomBytes } from 'node:crypto';
import type { TrailEvent } from '../../src/events/schema.js';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import {
  createCollector,
  type Collector,
  type CollectorOptions,
  type CollectorToken,
} from '../../src/collector/index.js';
import { createServerDatabase, TEST_STORE } from '../support/testDatabase.js';

export const tokens: CollectorToken[] = [
  { token: 'owner-secret-token', user: 'olivia', role: 'owner' },
  { token: 'admin-secret-token', user: 'adam', role: 'admin', team: 'ops' },
  { token: 'annotator-alice-token', user: 'alice', role: 'annotator', team: 'red' },
  { token: 'annotator-bob-token', user: 'bob', role: 'annotator', team: 'blue' },
  { token: 'reviewer-rita-token', user: 'rita', role: 'reviewer', team: 'red' },
];
export const OWNER = 'owner-secret-token';
export const ADMIN = 'admin-secret-token';
export const ALICE = 'annotator-alice-token';
export const BOB = 'annotator-bob-token';
export const RITA = 'reviewer-rita-token';

let counter = 0;

/** A UUID v7 whose 48-bit prefix is `ms`, with a counter so ids made in one ms stay distinct. */
export function uuidv7(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  const tail = (counter++ % 0xfff).toString(16).padStart(3, '0');
  const rand = randomBytes(8).toString('hex');
  const variant = ((parseInt(rand[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail}-${variant}${rand.slice(1, 4)}-${rand.slice(4, 16)}`;
}

const SESSION = '5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a';

/** A valid event of `type`; override any field. */
export function makeEvent(type: EventType, overrides: Partial<TrailEvent> & { time?: number } = {}): TrailEvent {
  const time = overrides.time ?? 1_750_000_000_000;
  return {
    id: uuidv7(time),
    type,
    code: eventTypes[type].code,
    time,
    mono: 1234.5,
    session: SESSION,
    seq: 0,
    actor: { id: 'alice' },
    context: {},
    ...overrides,
  } as TrailEvent;
}

/**
 * A collector on a fresh database of this run's store (in-memory PGlite, or a new database on
 * the test PostgreSQL server), listening on 127.0.0.1 with a free port.
 */
export async function startCollector(options: CollectorOptions = {}): Promise<{ collector: Collector; url: string }> {
  const server =
    TEST_STORE === 'postgres' && !options.db && !options.dataDir ? await createServerDatabase() : undefined;
  const collector = await createCollector({ tokens, ...options, ...(server ? { database: server.url } : {}) });
  if (server) {
    // The database goes with the collector: dropped once it closed.
    const close = collector.close.bind(collector);
    Object.assign(collector, { close: () => close().then(server.drop) });
  }
  const { url } = await collector.listen({ port: 0 });
  return { collector, url };
}

/** POSTs a native batch as JSON. */
export function postBatch(
  url: string,
  token: string,
  events: readonly unknown[],
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batchId: `b-${counter++}`, sentAt: Date.now(), events }),
    ...init,
  });
}

/** GETs a path with the owner token (or `token`) and parses JSON. */
export async function getJson<T = any>(url: string, path: string, token = OWNER): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Deletes every stored event, so a shared collector can serve independent tests. */
export async function clearEvents(collector: Collector): Promise<void> {
  await collector.db.query('DELETE FROM labeltrail_events');
}

/** Minimal RFC 4180 parser for the CSV export (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
