import { listen } from './safe.js';

/** Whether the page can currently be seen and used: tab visible and window focused. */
export interface PageActivity {
  readonly visible: boolean;
  readonly focused: boolean;
  /** A press or a key proves the page is visible and focused, whatever the last event said. */
  noteInput(): void;
  /** Calls `onChange` whenever visibility or focus changes; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
  dispose(): void;
}

/** Tracks `visibilitychange`, `focus`/`blur`, `pagehide`/`pageshow` of one window. */
export function createPageActivity(
  win: Window | undefined = typeof window === 'undefined' ? undefined : window,
): PageActivity {
  const doc = win?.document;
  const listeners = new Set<() => void>();
  const state = {
    visible: doc ? doc.visibilityState !== 'hidden' : true,
    // A page loaded in the background has no focus yet; hasFocus is the only synchronous truth.
    focused: doc && typeof doc.hasFocus === 'function' ? doc.hasFocus() : true,
  };
  const notify = () => listeners.forEach((fn) => fn());
  const set = (visible: boolean, focused: boolean) => {
    if (visible === state.visible && focused === state.focused) return;
    state.visible = visible;
    state.focused = focused;
    notify();
  };
  const removers = [
    listen(doc, 'visibilitychange', () => {
      const visible = doc?.visibilityState !== 'hidden';
      // A tab brought back may or may not have focus; the blur/focus pair is not always sent.
      set(visible, visible ? (doc?.hasFocus?.() ?? true) : state.focused);
    }),
    listen(win, 'focus', () => set(state.visible, true)),
    listen(win, 'blur', () => set(state.visible, false)),
    listen(win, 'pagehide', () => set(false, false)),
    listen(win, 'pageshow', () => set(doc?.visibilityState !== 'hidden', doc?.hasFocus?.() ?? true)),
  ];
  return {
    get visible() {
      return state.visible;
    },
    get focused() {
      return state.focused;
    },
    noteInput() {
      set(true, true);
    },
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    dispose() {
      removers.forEach((remove) => remove());
      listeners.clear();
    },
  };
}
