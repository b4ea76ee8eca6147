import type { TrailEvent } from '../events/schema.js';

/** What a deliverer needs of a sender: one batch, one answer, never a throw. */
export interface Sender {
  send(events: readonly TrailEvent[], keepalive: boolean, prepared?: Promise<PreparedBody>): Promise<SendResult>;
  /** Encodes a batch ahead of its send (optional: without it, `send` encodes). */
  prepare?(events: readonly TrailEvent[]): Promise<PreparedBody>;
}

/** A batch's request body, encoded (and gzipped where it pays). */
export interface PreparedBody {
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly size: number;
  readonly gzipped: boolean;
}

/** What the endpoint made of one batch. */
export interface SendResult {
  /** 2xx: the batch left the client's hands (some events may still be rejected). */
  readonly ok: boolean;
  /** Not ok, and worth sending again later. */
  readonly retry: boolean;
  /** Absent for a network error or timeout. */
  readonly status?: number | undefined;
  readonly retryAfterMs?: number | undefined;
  /** Events refused for good, by id, with the endpoint's reason. */
  readonly rejected: ReadonlyMap<string, string>;
  /** Refused events the endpoint counted without naming them (OTLP partial success). */
  readonly rejectedUnnamed: number;
  readonly reason: string | undefined;
}
