// A standalone collector process on a PostgreSQL server, for tests that run several at once.
// Prints `{ "url": ... }` on its first line once listening; stops on SIGTERM.
import { createCollector } from '../../../src/collector/index.js';
import { tokens } from '../helpers.js';

const database = process.argv[2];
if (!database) throw new Error('usage: collectorProcess.ts DATABASE_URL');
const collector = await createCollector({ database, tokens });
const { url } = await collector.listen({ port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGTERM', () => void collector.close().then(() => process.exit(0)));
