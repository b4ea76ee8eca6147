// The collector under hostile input: thousands of seeded random and mutated request lines,
// headers, bodies, events and queries against the standalone collector (its CLI, in a child
// process, so an exit would show). Throughout: every answer is 2xx or 4xx with a JSON error,
// health, stats and the CSV export keep answering; after: the process still runs, every event
// acknowledged is stored, none rejected is, and the rollups agree with the events.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import { prng } from '../support/randomInput.js';
import { makeEvent } from './helpers.js';

const SEED = 20261201;
const ROUNDS = { lines: 2000, bodies: 2000, queries: 1000 };
const ADMIN = 'fuzz-admin-token-0123';
const OWNER = 'fuzz-owner-token-0123';
const ALICE = 'fuzz-alice-token-0123';
const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const types = Object.keys(eventTypes) as EventType[];

let child: ChildProcess;
let url: string;
let port: number;
let dir: string;
const output: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labeltrail-fuzz-'));
  writeFileSync(
    join(dir, 'tokens.json'),
    JSON.stringify([
      { token: ADMIN, user: 'adam', role: 'admin', team: 'ops' },
      { token: OWNER, user: 'olivia', role: 'owner' },
      { token: ALICE, user: 'alice', role: 'annotator', team: 'red' },
    ]),
  );
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/collector/cli.ts',
      '--port',
      '0',
      '--data',
      join(dir, 'db'),
      '--tokens',
      join(dir, 'tokens.json'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector exited (${code}): ${output.join('')}`)));
    child.stdout!.on('data', (chunk) => {
      output.push(String(chunk));
      const match = /collector on (http:\/\/\S+)\/v1\/logs/.exec(output.join(''));
      if (match) resolve(match[1]!);
    });
  });
  port = Number(new URL(url).port);
}, 60_000);

afterAll(() => {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

// Values across every limit of the envelope and of the collector's parameters.
const hostileStrings = [
  '',
  'a\u0000b',
  '\u0000',
  'x\udfff',
  '\ud83d',
  '車'.repeat(512),
  'x'.repeat(257),
  '=HYPERLINK("http://x","y")',
  '+1',
  '@SUM(A1)',
  "' OR '1'='1",
  '%_\\',
  '\u001e\u001f\u001d',
  '__proto__',
  'tab\there\r\n',
];
const hostileNumbers = [-1, 1.7e308, -0, 2 ** 53, 8_640_000_000_000_001, 1e21, 0.5, NaN];
const hostileValue = (): unknown =>
  pick<() => unknown>([
    () => pick(hostileStrings),
    () => pick(hostileNumbers),
    () => pick([null, true, [], {}, [1, [2]]]),
    () => ({ id: pick(hostileStrings) }),
  ])();

function deep(depth: number): unknown {
  let value: unknown = {};
  for (let d = 0; d < depth; d++) value = { n: value };
  return value;
}

/** A valid event, usually; else one with a field mutated into something hostile. */
function fuzzEvent(seq: number): Record<string, unknown> {
  const type = pick(types);
  const event = makeEvent(type, { seq, actor: { id: random() < 0.8 ? 'alice' : 'bob' } }) as Record<string, unknown>;
  if (type === 'item.duration')
    event['payload'] = { durationMs: random() * 1e5, seconds: 1, editingMs: 0, touched: random() < 0.5 };
  if (random() < 0.5) event['context'] = { project: pick(['p1', 'p2']), item: `i-${Math.floor(random() * 20)}` };
  if (type.startsWith('label.') && random() < 0.7) event['label'] = { id: `L${seq}`, name: pick(['car', 'bus']) };
  if (random() < 0.35) {
    const mutation = pick<() => void>([
      () => (event[pick(['time', 'mono', 'seq', 'code', 'durationMs'])] = hostileValue()),
      () => (event['actor'] = { id: pick(hostileStrings) }),
      () => (event['context'] = { [pick(['project', 'dataset', 'item', 'task'])]: pick(hostileStrings) }),
      () => (event['label'] = { [pick(['id', 'name', 'feature'])]: pick(hostileStrings) }),
      () => (event['payload'] = pick([deep(40), deep(31), { s: 'x\u0000' }, { big: '車'.repeat(3000) }, [], 'x'])),
      () => (event['type'] = pick([...hostileStrings, 7])),
      () => (event['session'] = pick(hostileStrings)),
      () => delete event[pick(['id', 'actor', 'context', 'time'])],
    ]);
    mutation();
  }
  return event;
}

interface Answer {
  status: number;
  body: string;
  type: string | null;
}

/** Every answer must be 2xx or 4xx; a 4xx (other than to HEAD) carries a JSON `error`. */
function expectWellFormed(answer: Answer, what: string): void {
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  if (answer.status >= 400 && answer.body !== '') {
    expect(answer.type, what).toMatch(/^application\/json/);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw new Error(`${what}: not JSON: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    expect(parsed, what).toHaveProperty('error');
  }
}

async function request(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, init);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

/** Writes `text` on a fresh connection and parses the status, type and body of the answer. */
function rawRequest(text: string | Buffer): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const answer = data.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
      if (!status) return resolve(undefined);
      // Only the first answer: bytes after a request may have been read as a second one.
      const end = answer.indexOf('\r\n\r\n');
      const head = answer.slice(0, end);
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      const type = /\r\ncontent-type: ([^\r]+)/i.exec(head)?.[1] ?? null;
      // An answer to HEAD has its GET's length but no body.
      const toHead = String(text).startsWith('HEAD ');
      resolve({ status: Number(status[1]), body: toHead ? '' : answer.slice(end + 4, end + 4 + length), type });
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.end(text);
  });
}

const methods = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'G\u0000T', 'BREW', ''];
const targets = [
  '/v1/health',
  '//a:99999/v1/health',
  '//[/',
  'http://a:99999/v1/health',
  '*',
  '/v1/logs?start=%zz',
  '/v1/%00',
  '/v1/stats?start=0&end=1e400',
  '/v1/logs.csv?start=0&end=1&cursor=..',
  `/v1/logs?${'a=1&'.repeat(500)}`,
  '/../../etc/passwd',
  '/v1/logs#frag',
  '',
];
const headerLines = [
  'Host: x',
  `Authorization: Bearer ${OWNER}`,
  'Authorization: Bearer',
  `Authorization: Basic ${'A'.repeat(3000)}`,
  'Content-Length: 5',
  'Content-Length: -1',
  'Content-Length: 99999999999999999999',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip, chunked',
  'Content-Type: application/json',
  'Content-Encoding: gzip',
  'X: \u0000',
  'Bad Header',
  `X-Long: ${'y'.repeat(20_000)}`,
];

function randomRequestText(): string {
  const method = random() < 0.8 ? pick(methods.slice(0, 7)) : pick(methods);
  let target = pick(targets);
  if (random() < 0.3) target = target.slice(0, Math.floor(random() * target.length));
  const version = random() < 0.85 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', '', 'http/1.1']);
  const headers = Array.from({ length: Math.floor(random() * 4) }, () => pick(headerLines));
  if (random() < 0.9) headers.unshift('Host: x');
  headers.push('Connection: close');
  const body = random() < 0.3 ? pick(['{}', '{"events":[', 'hello', '0\r\n\r\n']) : '';
  let text = `${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
  // A byte flipped, dropped or doubled somewhere.
  if (random() < 0.2) {
    const at = Math.floor(random() * text.length);
    text = text.slice(0, at) + pick(['', '\r\n', '\u0000', ' ', text[at]! + text[at]!, '\u00ff']) + text.slice(at + 1);
  }
  return text;
}

const acknowledged = new Set<string>();
const refused = new Set<string>();

async function postEvents(events: Record<string, unknown>[], token: string): Promise<void> {
  const plain = JSON.stringify({ batchId: `f-${random()}`, sentAt: 1, events });
  const gzip = random() < 0.3;
  const answer = await request('/v1/logs', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': pick(['application/json', 'application/json', 'text/plain', 'application/x-protobuf']),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: gzip ? gzipSync(plain) : plain,
  });
  expectWellFormed(answer, 'POST /v1/logs');
  if (answer.status !== 200) return;
  const result = JSON.parse(answer.body) as { accepted: number; duplicates: number; rejected: { id: string | null }[] };
  expect(result.accepted + result.duplicates + result.rejected.length).toBe(events.length);
  const rejected = new Set(result.rejected.map((r) => r.id));
  for (const event of events) {
    const id = event['id'];
    if (typeof id !== 'string') continue;
    (rejected.has(id) ? refused : acknowledged).add(id);
  }
}

function randomBody(): string | Uint8Array<ArrayBuffer> {
  return pick<() => string | Uint8Array<ArrayBuffer>>([
    () => JSON.stringify(hostileValue()),
    () => '{"events":[' + '0,'.repeat(Math.floor(random() * 100)),
    () => JSON.stringify({ events: pick([[], {}, 'x', null]) }),
    () => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '9'.repeat(5000) }, 1] }] }] }),
    () => new Uint8Array(gzipSync('{"events":[]}').subarray(0, 10)),
    () => new Uint8Array([0xff, 0xfe, 0x7b, 0x00]),
    () => '',
  ])();
}

async function checkServing(): Promise<void> {
  expect((await request('/v1/health')).status).toBe(200);
  const auth = { headers: { authorization: `Bearer ${OWNER}` } };
  expect((await request('/v1/stats?start=0&end=9999999999999', auth)).status).toBe(200);
  const csv = await request('/v1/logs.csv?start=0&end=9999999999999', auth);
  expect(csv.status).toBe(200);
  expect(csv.body.startsWith('log_hash,')).toBe(true);
}

const queryParams = [
  'start',
  'end',
  'limit',
  'sort',
  'order',
  'cursor',
  'type',
  'action',
  'actor',
  'item',
  'q',
  'session',
];

function randomQuery(): string {
  const params = new URLSearchParams({ start: '0', end: '9999999999999' });
  for (let i = 0; i < 1 + Math.floor(random() * 3); i++)
    params.set(pick(queryParams), String(random() < 0.5 ? hostileValue() : pick(['1', '12', 'time', 'asc', 'p1'])));
  if (random() < 0.2) params.delete(pick(['start', 'end']));
  return `${pick(['/v1/logs', '/v1/logs.csv', '/v1/stats'])}?${params}`;
}

/** Runs `count` requests made by `one`, a few at a time, checking serving every 100. */
async function run(count: number, one: (i: number) => Promise<void>): Promise<void> {
  const PARALLEL = 4;
  for (let i = 0; i < count; i += PARALLEL) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, count - i) }, (_, k) => one(i + k)));
    if (i % 100 === 0) await checkServing();
  }
}

test('the collector stays up and answers every hostile request with 2xx or 4xx, storing nothing half', async () => {
  let seq = 0;
  let unanswered = 0;
  await run(ROUNDS.lines, async () => {
    const answer = await rawRequest(randomRequestText());
    // A request the parser cannot even frame may get no answer (Node closes the socket);
    // it must never get a 5xx, and the server must go on.
    if (answer === undefined) unanswered++;
    else expectWellFormed(answer, 'raw request');
  });
  await run(ROUNDS.bodies, async () => {
    if (random() < 0.8) {
      const events = Array.from({ length: 1 + Math.floor(random() * 20) }, () => fuzzEvent(seq++));
      await postEvents(events, random() < 0.8 ? ADMIN : ALICE);
    } else {
      const body = randomBody();
      const answer = await request('/v1/logs', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body,
      });
      expectWellFormed(answer, 'POST random body');
    }
  });
  await run(ROUNDS.queries, async () => {
    const answer = await request(randomQuery(), { headers: { authorization: `Bearer ${OWNER}` } });
    expectWellFormed(answer, 'GET query');
  });

  // Still the same process, still serving.
  expect(child.exitCode).toBeNull();
  await checkServing();
  expect(output.join('')).not.toMatch(/uncaught exception|unhandled rejection|"level":50/);
  // Nothing half-stored: every acknowledged event is there, no rejected one is.
  const stored = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await request(`/v1/logs?start=0&end=9999999999999&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${OWNER}` },
    });
    const body = JSON.parse(page.body) as { events: { id: string }[]; nextCursor: string | null };
    for (const event of body.events) stored.add(event.id);
    cursor = body.nextCursor;
  } while (cursor);
  expect(acknowledged.size).toBeGreaterThan(1000);
  expect(refused.size).toBeGreaterThan(100);
  expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
  expect([...refused].filter((id) => stored.has(id) && !acknowledged.has(id))).toEqual([]);
  // The rollups agree with a scan of the events (a type filter forces the scan).
  const auth = { headers: { authorization: `Bearer ${OWNER}` } };
  const rollups = JSON.parse((await request('/v1/stats?start=0&end=9999999999999', auth)).body);
  const scan = JSON.parse((await request(`/v1/stats?start=0&end=9999999999999&type=${types.join(',')}`, auth)).body);
  expect(rollups).toEqual(scan);
  expect(rollups.overall.events).toBe(stored.size);
  expect(unanswered).toBeLessThan(ROUNDS.lines / 4);
  console.log(
    `fuzz: ${ROUNDS.lines} raw requests (${unanswered} closed unanswered), ${ROUNDS.bodies} bodies, ` +
      `${ROUNDS.queries} queries; ${acknowledged.size} events acknowledged, ${refused.size} rejected`,
  );
}, 120_000);
