import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { collectorMiddleware, collectorVitePlugin, createCollector, loadTokens } from '../../src/collector/index.js';
import { ADMIN, OWNER, getJson, makeEvent, postBatch, startCollector, tokens } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-collector-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;

describe('storage', () => {
  it('creates missing parent directories of the data directory', async () => {
    const dataDir = join(tempDir(), 'not', 'yet', 'db');
    const started = await startCollector({ dataDir });
    try {
      expect((await getJson(started.url, '/v1/health')).body.storage).toBe('pglite-disk');
    } finally {
      await started.collector.close();
    }
  });

  it('persists events on disk across close and reopen', async () => {
    const dataDir = join(tempDir(), 'db');
    const events = [makeEvent('label.added', { time: 1_000 }), makeEvent('task.submitted', { time: 2_000 })];
    const first = await startCollector({ dataDir });
    expect((await (await postBatch(first.url, OWNER, events)).json()).accepted).toBe(2);
    await first.collector.close();

    const second = await startCollector({ dataDir });
    try {
      expect((await getJson(second.url, '/v1/health')).body.storage).toBe('pglite-disk');
      const { body } = await getJson(second.url, '/v1/logs?start=0&end=10000&order=asc');
      expect(body.events).toEqual(events);
      // Dedupe still holds against rows written before the restart.
      expect(await (await postBatch(second.url, OWNER, events)).json()).toEqual({
        accepted: 0,
        duplicates: 2,
        rejected: [],
      });
    } finally {
      await second.collector.close();
    }
  });

  it('keeps everything by default and deletes only past retentionDays when configured', async () => {
    const now = 1_800_000_000_000;
    const old = makeEvent('label.added', { time: now - 400 * DAY });
    const recent = makeEvent('label.added', { time: now - 10 * DAY });
    const keeper = await startCollector({ now: () => now });
    try {
      await postBatch(keeper.url, OWNER, [old, recent]);
      expect(await keeper.collector.sweepRetention()).toBe(0);
      expect((await getJson(keeper.url, `/v1/logs?start=0&end=${now}`)).body.events).toHaveLength(2);
    } finally {
      await keeper.collector.close();
    }
    const pruner = await startCollector({ now: () => now, retentionDays: 30 });
    try {
      await postBatch(pruner.url, OWNER, [old, recent]);
      expect(await pruner.collector.sweepRetention()).toBe(1);
      expect((await getJson(pruner.url, `/v1/logs?start=0&end=${now}`)).body.events).toEqual([recent]);
    } finally {
      await pruner.collector.close();
    }
    await expect(createCollector({ tokens, retentionDays: 0 })).rejects.toThrow(
      /retentionDays must be a positive number/,
    );
  });
});

describe('configuration', () => {
  it('reads tokens from a JSON file and from LABELTRAIL_TOKENS, naming a bad field', () => {
    const file = join(tempDir(), 'tokens.json');
    writeFileSync(
      file,
      JSON.stringify({ tokens: [{ token: 'file-token-123', user: 'u1', role: 'admin', team: 't' }] }),
    );
    expect(loadTokens(file)).toEqual([{ token: 'file-token-123', user: 'u1', role: 'admin', team: 't' }]);
    const saved = process.env['LABELTRAIL_TOKENS'];
    try {
      process.env['LABELTRAIL_TOKENS'] = JSON.stringify([{ token: 'env-token-1234', user: 'u2', role: 'annotator' }]);
      expect(loadTokens()).toEqual([{ token: 'env-token-1234', user: 'u2', role: 'annotator' }]);
      process.env['LABELTRAIL_TOKENS'] = JSON.stringify([{ token: 'env-token-1234', user: 'u2', role: 'superuser' }]);
      expect(() => loadTokens()).toThrow(/\[0\]\.role must be one of annotator, reviewer, admin, owner/);
      delete process.env['LABELTRAIL_TOKENS'];
      expect(loadTokens()).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env['LABELTRAIL_TOKENS'];
      else process.env['LABELTRAIL_TOKENS'] = saved;
    }
  });
});

describe('mounting', () => {
  it('works as connect-style middleware that passes other paths on', async () => {
    const middleware = collectorMiddleware({ tokens });
    const server = createHttpServer((req, res) =>
      middleware(req, res, () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('page');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${url}/index.html`)).text()).toBe('page');
      const event = makeEvent('label.added');
      expect((await (await postBatch(url, ADMIN, [event])).json()).accepted).toBe(1);
      expect((await getJson(url, `/v1/logs?start=0&end=${event.time + 1}`)).body.events).toEqual([event]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await middleware.close();
    }
  });

  it('mounts at /v1 in the Vite dev server through the plugin', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
    const vite = await createViteServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
      plugins: [collectorVitePlugin({ tokens })],
    });
    await vite.listen();
    const address = vite.httpServer!.address() as AddressInfo;
    const url = `http://127.0.0.1:${address.port}`;
    try {
      expect(await (await fetch(`${url}/v1/health`)).json()).toEqual({ status: 'ok', storage: 'pglite-memory' });
      expect(await (await fetch(`${url}/index.html`)).text()).toContain('<title>demo</title>');
      const event = makeEvent('item.opened');
      expect((await (await postBatch(url, OWNER, [event])).json()).accepted).toBe(1);
      expect((await getJson(url, `/v1/logs?start=0&end=${event.time + 1}`)).body.events).toEqual([event]);
    } finally {
      await vite.close();
    }
  });
});
