import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { DatabaseUnavailableError, openPostgres } from '../../src/collector/store/openPostgres.js';

// What a careless operator passes as --database: each fails at start with words, not a stack.

test.each([
  ['not a URL', 'db.internal/labels', /^database: not a URL/],
  ['another scheme', 'mysql://u@127.0.0.1/db', /^database: mysql: is not postgres: or postgresql:/],
])('%s is refused before any connection', async (_, url, message) => {
  const error = await openPostgres(url).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  expect((error as Error).message).toMatch(message);
});

test('a port where nothing listens is reported as a refused connection, password hidden', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await openPostgres(`postgres://u:secret@127.0.0.1:${port}/db`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  expect((error as Error).message).toBe(
    `database postgres://u:***@127.0.0.1:${port}/db: connection refused (is the server running and listening there?)`,
  );
});
