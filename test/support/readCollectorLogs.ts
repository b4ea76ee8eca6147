import type { TrailEvent } from '../../src/index.js';

/** Every event a collector at `baseUrl` holds, oldest first, read page by page with an owner's token. */
export async function readCollectorLogs(baseUrl: string, token: string): Promise<TrailEvent[]> {
  const all: TrailEvent[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({
      start: '0',
      end: String(Date.now() + 86_400_000),
      order: 'asc',
      limit: '1000',
    });
    if (cursor) params.set('cursor', cursor);
    const response = await fetch(`${baseUrl}v1/logs?${params}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`collector: GET /v1/logs answered ${response.status}`);
    const page = (await response.json()) as { events: TrailEvent[]; nextCursor: string | null };
    all.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
