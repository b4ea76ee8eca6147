import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { cliOptions } from './cliOptions.js';
import { createCollector } from './createCollector.js';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';
import { generateDevTokens } from './generateDevTokens.js';
import { logError } from './http/logError.js';
import { loadTokens } from './loadTokens.js';

// Standalone reference collector: `npm run collector -- --port 4318 --data .data/collector --tokens tokens.json`.
const usage = `Usage: npm run collector -- [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}]
       [--data ${DEFAULT_DATA_DIR}] [--database postgres://user:password@host:5432/db (or DATABASE_URL)]
       [--tokens tokens.json] [--retention-days N (1 to 36500)]
Tokens: --tokens FILE, else the LABELTRAIL_TOKENS environment variable (JSON),
        else dev tokens are generated and printed.`;

const log = pino({ name: 'labeltrail-collector' });

// Every request is already inside error handling; this is the last net for anything else (a
// library's stray rejection, a timer). Log it and keep serving: the process holds no state
// that such an error could have left half-changed, since each write is one transaction.
process.on('uncaughtException', (error) => logError(log, error, 'uncaught exception; still serving'));
process.on('unhandledRejection', (error) => logError(log, error, 'unhandled rejection; still serving'));

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      tokens: { type: 'string' },
      database: { type: 'string' },
      'retention-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // DATABASE_URL is where platforms put a database's address; --database wins over it.
  const database = values.database ?? (process.env['DATABASE_URL'] || undefined);
  const parsed = cliOptions.safeParse({ ...values, ...(database === undefined ? {} : { database }) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `--${issue.path.join('.')} ${issue.message}, got ${JSON.stringify(values[issue.path[0] as 'port'])}`,
    );
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    console.log(usage);
    return;
  }
  const retentionDays = options['retention-days'];
  const configured = loadTokens(options.tokens);
  const tokens = configured ?? generateDevTokens();
  const collector = await createCollector({
    ...(options.database === undefined ? { dataDir: options.data } : { database: options.database }),
    tokens,
    logger: log,
    ...(retentionDays === undefined ? {} : { retentionDays }),
  });
  const { url } = await collector.listen({ port: options.port, host: options.host });
  const where = options.database === undefined ? `data in ${options.data}` : 'on a PostgreSQL server';
  console.log(`labeltrail collector on ${url}/v1/logs (${where})`);
  if (!configured) {
    console.log('Dev tokens (generated for this run only):');
    for (const entry of tokens)
      console.log(`  ${entry.role.padEnd(9)} user=${entry.user.padEnd(10)} Bearer ${entry.token}`);
  }
  // Stop accepting, let requests in flight finish, close the pool, then exit.
  const stop = () => void collector.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exit(1);
});
