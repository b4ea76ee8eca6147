import { parseArgs } from 'node:util';
import { createCollector } from './createCollector.js';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';
import { generateDevTokens } from './generateDevTokens.js';
import { loadTokens } from './loadTokens.js';

// Standalone reference collector: `npm run collector -- --port 4318 --data .data/collector --tokens tokens.json`.
const usage = `Usage: npm run collector -- [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--data ${DEFAULT_DATA_DIR}] [--tokens tokens.json] [--retention-days N]
Tokens: --tokens FILE, else the LABELTRAIL_TOKENS environment variable (JSON), else dev tokens are generated and printed.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      tokens: { type: 'string' },
      'retention-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  const retentionDays = values['retention-days'] === undefined ? undefined : Number(values['retention-days']);
  const configured = loadTokens(values.tokens);
  const tokens = configured ?? generateDevTokens();
  const dataDir = values.data ?? DEFAULT_DATA_DIR;
  const collector = await createCollector({
    dataDir,
    tokens,
    ...(retentionDays === undefined ? {} : { retentionDays }),
    onError: (error) => console.error(error),
  });
  const { url } = await collector.listen({ port, host: values.host ?? DEFAULT_HOST });
  console.log(`labeltrail collector on ${url}/v1/logs (data in ${dataDir})`);
  if (!configured) {
    console.log('Dev tokens (generated for this run only):');
    for (const entry of tokens)
      console.log(`  ${entry.role.padEnd(9)} user=${entry.user.padEnd(10)} Bearer ${entry.token}`);
  }
  const stop = () => void collector.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exit(1);
});
