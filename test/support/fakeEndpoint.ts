// A fetch stand-in for unit tests of the whole trail: records every request (gzip bodies
// decoded) and answers with `endpoint.answer`, which a test replaces.
import type { NativeBatch } from '../../src/delivery/formats.js';

export interface Call {
  readonly at: number;
  readonly headers: Record<string, string>;
  readonly body: NativeBatch;
  readonly raw: BodyInit;
  readonly keepalive: boolean;
}

const ok = (): Response => new Response('{}', { status: 200 });

export const endpoint = {
  calls: [] as Call[],
  answer: ok as (call: Call) => Response,
  reset(): void {
    this.calls = [];
    this.answer = ok;
  },
  /** Ids of the events in requests answered 2xx, in order. */
  delivered(): string[] {
    return this.calls.filter((c) => c.ok).flatMap((c) => c.body.events.map((e) => e.id));
  },
} as {
  calls: (Call & { ok?: boolean })[];
  answer: (call: Call) => Response;
  reset(): void;
  delivered(): string[];
};

async function decode(body: BodyInit, encoding: string | undefined): Promise<string> {
  if (encoding !== 'gzip') return String(body);
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export async function fakeFetch(_url: string, init: RequestInit): Promise<Response> {
  const headers = init.headers as Record<string, string>;
  const call: Call & { ok?: boolean } = {
    at: Date.now(),
    headers,
    raw: init.body!,
    body: JSON.parse(await decode(init.body!, headers['content-encoding'])),
    keepalive: init.keepalive === true,
  };
  endpoint.calls.push(call);
  const response = endpoint.answer(call);
  call.ok = response.ok;
  return response;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 4_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(10);
  }
}
