import { GZIP_MIN_BYTES, KEEPALIVE_BUDGET_BYTES } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
import { isRetryableStatus, parseRetryAfter } from '../lib/backoff.js';
import { canGzip, gzip } from '../lib/gzip.js';
import { utf8Length } from '../lib/utf8Length.js';
import { uuidv7 } from '../lib/uuidv7.js';
import type { PreparedBody, SendResult, Sender } from './Sender.js';
import { encodeNative, encodeOtlp, type WireFormat } from './formats.js';

export interface SenderOptions {
  readonly url: string;
  readonly format: WireFormat;
  readonly gzip: boolean;
  readonly timeoutMs: number;
  readonly serviceName: string;
  readonly version: string;
  readonly headers: (() => Record<string, string> | Promise<Record<string, string>>) | undefined;
}

// The endpoint's reason is kept for inspection; a whole error page is not useful there.
const MAX_REASON_CHARS = 500;

function reasonOf(text: string, status: number | undefined): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const said = body.error ?? body.message;
    if (typeof said === 'string') return said.slice(0, MAX_REASON_CHARS);
  } catch {
    // not JSON: keep the text itself
  }
  return (text || `HTTP ${status}`).slice(0, MAX_REASON_CHARS);
}

/** Reads a 2xx answer: per-event rejections (native) or a rejected count (OTLP). */
function partialSuccess(text: string): { rejected: Map<string, string>; unnamed: number; reason?: string } {
  const rejected = new Map<string, string>();
  if (!text) return { rejected, unnamed: 0 };
  try {
    const body = JSON.parse(text) as {
      rejected?: { id?: unknown; reason?: unknown }[];
      partialSuccess?: { rejectedLogRecords?: unknown; errorMessage?: unknown };
    };
    if (Array.isArray(body.rejected)) {
      for (const r of body.rejected) if (typeof r.id === 'string') rejected.set(r.id, String(r.reason ?? 'rejected'));
    }
    const unnamed = Number(body.partialSuccess?.rejectedLogRecords ?? 0) || 0;
    const reason = typeof body.partialSuccess?.errorMessage === 'string' ? body.partialSuccess.errorMessage : undefined;
    return reason === undefined ? { rejected, unnamed } : { rejected, unnamed, reason };
  } catch {
    return { rejected, unnamed: 0 };
  }
}

/**
 * Sends batches with `fetch`. Request headers come from the integrator's function at
 * send time; the last answer is kept in memory only, for the send at `pagehide`, which
 * cannot wait for a promise.
 */
export class FetchSender implements Sender {
  #lastHeaders: Record<string, string> = {};
  /** Bytes of this page's keepalive requests still in flight (the budget is per page). */
  #keepaliveBytes = 0;
  #gzipWorks = true;

  readonly #options: SenderOptions;

  constructor(options: SenderOptions) {
    this.#options = options;
  }

  encode(events: readonly TrailEvent[], now: number): string {
    const { format, serviceName, version } = this.#options;
    const body =
      format === 'otlp' ? encodeOtlp(events, now, serviceName, version) : encodeNative(events, now, uuidv7(now));
    return JSON.stringify(body);
  }

  /** Asks the integrator's function for headers now; kept in memory for `sendOnUnload`. */
  async headers(): Promise<Record<string, string>> {
    if (this.#options.headers) this.#lastHeaders = { ...(await this.#options.headers()) };
    return this.#lastHeaders;
  }

  /**
   * Encodes (and gzips) a batch ahead of its send, while the request before it is in flight.
   * Rejects only when the batch cannot be encoded; `send` then reports that as its failure.
   */
  async prepare(events: readonly TrailEvent[]): Promise<PreparedBody> {
    const text = this.encode(events, Date.now());
    const size = utf8Length(text);
    if (this.#gzipWorks && this.#options.gzip && size >= GZIP_MIN_BYTES && canGzip()) {
      try {
        const zipped = await gzip(text);
        return { body: zipped as Uint8Array<ArrayBuffer>, size: zipped.byteLength, gzipped: true };
      } catch {
        // A partial implementation (no streams, say): send plain from now on.
        this.#gzipWorks = false;
      }
    }
    return { body: text, size, gzipped: false };
  }

  /** Sends one batch (encoded by `prepare`, now or ahead) and reads the answer; never throws. */
  async send(
    events: readonly TrailEvent[],
    keepaliveWanted = false,
    prepared?: Promise<PreparedBody>,
  ): Promise<SendResult> {
    try {
      const { body, size, gzipped } = await (prepared ?? this.prepare(events));
      const headers: Record<string, string> = { ...(await this.headers()), 'content-type': 'application/json' };
      if (gzipped) headers['content-encoding'] = 'gzip';
      const keepalive = keepaliveWanted && this.#keepaliveBytes + size <= KEEPALIVE_BUDGET_BYTES;
      if (keepalive) this.#keepaliveBytes += size;
      try {
        const response = await fetch(this.#options.url, {
          method: 'POST',
          headers,
          body,
          keepalive,
          credentials: 'same-origin',
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        const answer = await response.text();
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (response.ok) {
          const partial = partialSuccess(answer);
          return {
            ok: true,
            retry: false,
            status: response.status,
            retryAfterMs,
            rejected: partial.rejected,
            rejectedUnnamed: partial.unnamed,
            reason: partial.reason,
          };
        }
        const reason = reasonOf(answer, response.status);
        const retry = isRetryableStatus(response.status);
        const rejected = retry ? new Map<string, string>() : new Map(events.map((e) => [e.id, reason]));
        return { ok: false, retry, status: response.status, retryAfterMs, rejected, rejectedUnnamed: 0, reason };
      } finally {
        if (keepalive) this.#keepaliveBytes -= size;
      }
    } catch (error) {
      // Network failure, timeout, CORS, or a headers function that threw: try again later.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ok: false, retry: true, rejected: new Map(), rejectedUnnamed: 0, reason };
    }
  }

  /**
   * Fire-and-forget send while the page goes away: plain JSON (gzip is asynchronous),
   * `fetch` with `keepalive` so headers go along, packed into requests that fit what is
   * left of the page's keepalive budget. A request the browser refuses is split in two
   * and tried again. Returns how many events were handed to the browser.
   */
  sendOnUnload(events: readonly TrailEvent[]): number {
    let handed = 0;
    const headers = { ...this.#lastHeaders, 'content-type': 'application/json' };
    const post = (part: readonly TrailEvent[], sentAt: number): boolean => {
      const text = this.encode(part, sentAt);
      const bytes = utf8Length(text);
      if (this.#keepaliveBytes + bytes > KEEPALIVE_BUDGET_BYTES) return false;
      this.#keepaliveBytes += bytes;
      const release = (): void => {
        this.#keepaliveBytes -= bytes;
      };
      fetch(this.#options.url, {
        method: 'POST',
        headers,
        body: text,
        keepalive: true,
        credentials: 'same-origin',
      }).then(release, () => {
        release();
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          post(part.slice(0, half), Date.now());
          post(part.slice(half), Date.now());
        }
      });
      return true;
    };
    // Greedy packing: grow a request while it fits, send it, go on with the rest. Each request
    // is measured with the send time it goes out with: the body must fit as sent, not as
    // measured with a shorter time in it (which left some backlogs sending nothing at all).
    const sentAt = Date.now();
    const sizeOf = (from: number, to: number): number => utf8Length(this.encode(events.slice(from, to), sentAt));
    let start = 0;
    while (start < events.length) {
      let end = events.length;
      const size = sizeOf(start, end);
      const room = KEEPALIVE_BUDGET_BYTES - this.#keepaliveBytes;
      if (size > room) {
        // Shrink proportionally, then by one until it fits.
        end = start + Math.max(1, Math.floor(((end - start) * room) / size));
        while (end > start && sizeOf(start, end) > room) end--;
      }
      if (end === start || !post(events.slice(start, end), sentAt)) break;
      handed += end - start;
      start = end;
    }
    return handed;
  }
}
