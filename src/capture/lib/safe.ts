/** Receives capture-layer failures; the host editor never sees them thrown. */
export type ErrorSink = (error: unknown) => void;

/**
 * Wraps a listener so a failure inside capture code is reported to `onError` instead of
 * propagating into the host editor's event dispatch.
 */
export function guard<A extends unknown[], R>(
  onError: ErrorSink,
  fn: (...args: A) => R,
): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (error) {
      try {
        onError(error);
      } catch {
        // A failing error sink must not break the editor either.
      }
      return undefined;
    }
  };
}

/** Adds a listener and returns the function that removes it. */
export function listen(
  target: EventTarget | undefined | null,
  type: string,
  listener: (event: Event) => void,
  options?: AddEventListenerOptions,
): () => void {
  if (!target) return () => {};
  target.addEventListener(type, listener, options);
  return () => target.removeEventListener(type, listener, options);
}

/** Monotonic milliseconds; falls back to Date.now only where `performance` is missing. */
export function monoNow(): number {
  return typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now();
}
