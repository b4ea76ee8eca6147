import * as z from 'zod';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from './defaults.js';

// Decimal text only: Number() would also take "0x10", "1e3", "Infinity" and "".
const decimal = (pattern: RegExp, what: string) => z.string().regex(pattern, { error: `must be ${what}` });

const port = decimal(/^\d{1,5}$/, 'a port number from 0 to 65535')
  .transform(Number)
  .pipe(z.number().max(65535, { error: 'must be a port number from 0 to 65535' }));
const retentionText = `a number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`;
const retentionDays = decimal(/^\d{1,5}(\.\d{1,6})?$/, retentionText)
  .transform(Number)
  .pipe(
    z
      .number()
      .min(MIN_RETENTION_DAYS, { error: `must be ${retentionText}` })
      .max(MAX_RETENTION_DAYS, { error: `must be ${retentionText}` }),
  );

/** The standalone collector's options, from `parseArgs` strings, each checked and given its default. */
export const cliOptions = z.object({
  port: port.default(DEFAULT_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  data: z.string().min(1).default(DEFAULT_DATA_DIR),
  tokens: z.string().min(1).optional(),
  // Checked for form and reachability when the collector opens it (a clear error at start).
  database: z.string().min(1).max(4096).optional(),
  'retention-days': retentionDays.optional(),
  help: z.boolean().optional(),
});

export type CliOptions = z.infer<typeof cliOptions>;
