import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import {
  CONNECTIONS_CHECK_MS,
  HEADERS_TIMEOUT_MS,
  IDLE_SOCKET_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_CONNECTIONS,
  MAX_HEADER_BYTES,
  REQUEST_TIMEOUT_MS,
} from '../defaults.js';

/** How long a client may take, and how many may be connected at once. */
export interface ServerLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly idleSocketTimeoutMs: number;
  readonly maxConnections: number;
}

export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: HEADERS_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  idleSocketTimeoutMs: IDLE_SOCKET_TIMEOUT_MS,
  maxConnections: MAX_CONNECTIONS,
};

// Node's own answers to what its parser refuses carry no body; these carry the JSON error
// every other refusal has. Node names the parser's errors by code.
function clientErrorStatus(code: string | undefined): [number, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'request headers are too large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request took too long'];
  return [400, 'malformed HTTP request'];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, log: Logger): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = randomUUID();
  const [status, message] = clientErrorStatus(error.code);
  const body = JSON.stringify({ error: message });
  log.info({ requestId, status, code: error.code }, 'client error');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * An HTTP server for `handler` that no client can hold: headers and whole requests have time
 * limits (a silent or slow client is cut off), idle keep-alive sockets close, connections are
 * capped, and requests the parser refuses get a JSON 4xx.
 */
export function createHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  limits: ServerLimits,
  log: Logger,
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, limits.headersTimeoutMs),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (req, res) => void handler(req, res),
  );
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleSocketTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, log));
  return server;
}
