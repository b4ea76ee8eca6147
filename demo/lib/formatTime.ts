/** Clock time with milliseconds, for the inspector's live lists. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A duration in seconds with one decimal, for the time panels. */
export function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
