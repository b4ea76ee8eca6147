import type { Server } from 'node:http';

// While draining, keep-alive connections that finished their request are closed this often.
const IDLE_SWEEP_MS = 50;

/**
 * Stops a server gracefully: it accepts no new connections at once, lets the requests in
 * flight finish and closes each connection when it falls idle; after `graceMs` it cuts what
 * is left (a client that never finishes its body cannot hold a shutdown).
 */
export function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
