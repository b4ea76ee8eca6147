import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Collector, CollectorToken } from '../../src/collector/index.js';
import type { SqlClient } from '../../src/collector/SqlClient.js';
import { createServerDatabase, TEST_STORE } from '../support/testDatabase.js';
import { ADMIN, ALICE, OWNER, makeEvent, postBatch, startCollector, tokens } from './helpers.js';

// What an operator runs the collector by: /metrics for a scraper, /v1/ready for a load
// balancer, a graceful SIGTERM, and clear errors when --database is wrong.

const METRICS = 'metrics-scraper-token';
const withScraper: CollectorToken[] = [...tokens, { token: METRICS, user: 'prometheus', role: 'metrics' }];

const get = (url: string, path: string, token?: string) =>
  fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('GET /metrics', () => {
  let collector: Collector;
  let url: string;
  beforeAll(async () => {
    ({ collector, url } = await startCollector({ tokens: withScraper }));
  });
  afterAll(() => collector.close());

  test('is for owner, admin and metrics tokens only, never public', async () => {
    expect((await get(url, '/metrics')).status).toBe(401);
    expect((await get(url, '/metrics', ALICE)).status).toBe(403);
    for (const token of [OWNER, ADMIN, METRICS]) expect((await get(url, '/metrics', token)).status).toBe(200);
  });

  test('a metrics token reads nothing else and writes nothing', async () => {
    expect((await get(url, '/v1/stats', METRICS)).status).toBe(403);
    const write = await postBatch(url, METRICS, [makeEvent('item.opened', { actor: { id: 'prometheus' } })]);
    expect(write.status).toBe(403);
  });

  test('counts requests by route and status, events by outcome, ingest latency and pool use', async () => {
    const events = [makeEvent('label.added'), makeEvent('label.added')];
    await postBatch(url, OWNER, events);
    await postBatch(url, OWNER, [...events, { ...makeEvent('label.added'), seq: -1 }]);
    await get(url, '/no/such/path/123');
    const response = await get(url, '/metrics', METRICS);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const value = (line: string) =>
      Number(text.match(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm'))?.[1]);
    expect(value('labeltrail_events_total{outcome="accepted"}')).toBe(2);
    expect(value('labeltrail_events_total{outcome="duplicate"}')).toBe(2);
    expect(value('labeltrail_events_total{outcome="rejected"}')).toBe(1);
    expect(value('labeltrail_http_requests_total{route="/v1/logs",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(value('labeltrail_http_requests_total{route="other",status="404"}')).toBe(1);
    expect(text).not.toContain('/no/such/path');
    expect(value('labeltrail_ingest_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    if (TEST_STORE === 'postgres') expect(value('labeltrail_db_pool_connections{state="total"}')).toBeGreaterThan(0);
  });
});

test.each([-1, Number.NaN, Infinity, 2 ** 31])('refuses shutdownGraceMs %s, which a timer cannot wait', async (ms) => {
  await expect(startCollector({ shutdownGraceMs: ms })).rejects.toThrow(/shutdownGraceMs must be 0 to 2147483647 ms/);
});

describe('GET /v1/ready', () => {
  test('answers 200 while the database answers and 503 when it does not; health stays 200', async () => {
    let down = false;
    const { collector: base } = await startCollector();
    const flaky: SqlClient = {
      query: (sql, params) => (down ? Promise.reject(new Error('connection lost')) : base.db.query(sql, params)),
      transaction: (fn) => base.db.transaction(fn),
      close: () => Promise.resolve(),
    };
    const { collector, url } = await startCollector({ db: flaky });
    try {
      expect(await (await get(url, '/v1/ready')).json()).toEqual({ status: 'ready' });
      down = true;
      const ready = await get(url, '/v1/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ error: 'database unavailable' });
      expect((await get(url, '/v1/health')).status).toBe(200);
    } finally {
      await collector.close();
      await base.close();
    }
  });
});

/** Starts the standalone CLI and resolves with its URL once it listens. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/collector/cli.ts', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LABELTRAIL_TOKENS: JSON.stringify(tokens) },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /labeltrail collector on (http:\/\/\S+)\/v1\/logs/.exec(line)?.[1];
      if (url) resolve({ child, url });
    });
  });
}

describe('the standalone collector', () => {
  let dir: string;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labeltrail-cli-'));
    database = TEST_STORE === 'postgres' ? await createServerDatabase() : undefined;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  test('on SIGTERM stops accepting, finishes the request in flight, closes the store and exits 0', async () => {
    const { child, url } = await startCli(database ? ['--database', database.url] : ['--data', dir]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const body = JSON.stringify({ batchId: 'b', sentAt: Date.now(), events: [makeEvent('label.added')] });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${url}/v1/logs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${OWNER}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight when it comes.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 200);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
  });

  test.each([
    ['a URL that is none', 'db.internal/labels', /^database: not a URL/m],
    [
      'a server that is not there',
      'postgres://u:pw@127.0.0.1:1/db',
      /database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: connection refused/,
    ],
  ])('with --database %s fails at start naming the problem, without a stack trace', async (_, url, message) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/collector/cli.ts', '--port', '0', '--database', url],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LABELTRAIL_TOKENS: JSON.stringify(tokens) },
      },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
