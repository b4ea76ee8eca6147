import type { Logger } from 'pino';

/**
 * Logs an unexpected error by its name, code, message and stack only. Database errors carry
 * the statement and its parameters (PGlite's `query` and `params`: a whole batch, e-mails
 * included), which must never reach a log.
 */
export function logError(log: Logger, error: unknown, message: string): void {
  const e = error instanceof Error ? (error as Error & { code?: unknown }) : undefined;
  log.error(
    {
      err: e
        ? { type: e.name, message: e.message, code: typeof e.code === 'string' ? e.code : undefined, stack: e.stack }
        : { type: typeof error },
    },
    message,
  );
}
