/** A read of the annotator, or `fallback` when it throws: an adapter failure is not the editor's. */
export function readSafely<T>(get: () => T, fallback: T): T {
  try {
    return get();
  } catch {
    return fallback;
  }
}
