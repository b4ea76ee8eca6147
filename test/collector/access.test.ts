import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../../src/collector/index.js';
import { ADMIN, ALICE, OWNER, RITA, getJson, makeEvent, postBatch, startCollector } from './helpers.js';
import { TEST_STORAGE } from '../support/testDatabase.js';

let collector: Collector;
let url: string;
beforeAll(async () => {
  ({ collector, url } = await startCollector());
});
afterAll(() => collector.close());

const readPaths = ['/v1/logs?start=0&end=9999999999999', '/v1/logs.csv?start=0&end=9999999999999', '/v1/stats'];

describe('bearer tokens and roles', () => {
  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    for (const path of readPaths) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await response.json()).error).toMatch(/missing Authorization header/);
    }
    const write = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events":[]}',
    });
    expect(write.status).toBe(401);
  });

  it('refuses an unknown token or a malformed header with 401', async () => {
    const wrong = await postBatch(url, 'not-a-configured-token', [makeEvent('label.added')]);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe('unknown token');
    const basic = await fetch(`${url}/v1/stats`, { headers: { authorization: 'Basic b3duZXI6cHc=' } });
    expect(basic.status).toBe(401);
    expect((await basic.json()).error).toMatch(/Bearer <token>/);
  });

  it('lets annotator and reviewer tokens write but not read (403)', async () => {
    for (const token of [ALICE, RITA]) {
      for (const path of readPaths) {
        const { status, body } = await getJson(url, path, token);
        expect(status).toBe(403);
        expect(body.error).toMatch(/only owner and admin tokens may/);
      }
    }
  });

  it('rejects, per event, events an annotator writes as someone else', async () => {
    const own = makeEvent('label.added', { actor: { id: 'alice' } });
    const impersonated = makeEvent('label.added', { actor: { id: 'bob' } });
    const body = await (await postBatch(url, ALICE, [own, impersonated])).json();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { id: impersonated.id, reason: expect.stringMatching(/^actor\.id: .*"alice".*"bob"/) },
    ]);
    const stored = await getJson(url, `/v1/logs?start=0&end=9999999999999&label=x&q=&actor=bob`);
    expect(stored.body.events).toEqual([]);
  });

  it('lets owner and admin tokens write for any actor and read', async () => {
    const forBob = makeEvent('label.edited', { actor: { id: 'bob' }, time: 1_760_000_000_000 });
    expect((await (await postBatch(url, ADMIN, [forBob])).json()).accepted).toBe(1);
    for (const token of [OWNER, ADMIN]) {
      const { status, body } = await getJson(url, '/v1/logs?start=1760000000000&end=1760000000001', token);
      expect(status).toBe(200);
      expect(body.events).toEqual([forBob]);
    }
  });

  it('answers CORS preflights so a page on another origin can send its token', async () => {
    const response = await fetch(`${url}/v1/logs`, {
      method: 'OPTIONS',
      headers: { origin: 'http://editor.test', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-encoding/);
  });

  it('serves /v1/health without a token', async () => {
    const response = await fetch(`${url}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', storage: TEST_STORAGE });
  });

  it('answers unknown paths 404 and wrong methods 405', async () => {
    expect((await getJson(url, '/v1/nothing')).status).toBe(404);
    const del = await fetch(`${url}/v1/stats`, { method: 'DELETE', headers: { authorization: `Bearer ${OWNER}` } });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });
});
