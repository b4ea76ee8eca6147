import type { TrailEvent } from '../../src/index.js';

/** sessionStorage key: survives a reload of this tab, so QA (and the e2e test) can compare across it. */
export const ACCEPTED_KEY = 'labeltrail-demo:accepted';

/** The ids and types of every event this tab's trails accepted, oldest first. */
export function readAccepted(): { id: string; type: string }[] {
  try {
    return JSON.parse(sessionStorage.getItem(ACCEPTED_KEY) ?? '[]') as { id: string; type: string }[];
  } catch {
    return [];
  }
}

/** Appends one accepted event to the tab's record. */
export function recordAccepted(event: TrailEvent): void {
  const list = readAccepted();
  list.push({ id: event.id, type: event.type });
  sessionStorage.setItem(ACCEPTED_KEY, JSON.stringify(list));
}
