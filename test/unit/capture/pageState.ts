// Controls what jsdom reports for focus and visibility, and dispatches the matching events.
let visibility: DocumentVisibilityState = 'visible';
let focused = true;

export function installPageState(): void {
  visibility = 'visible';
  focused = true;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
  document.hasFocus = () => focused;
}

export function setHidden(hidden: boolean): void {
  visibility = hidden ? 'hidden' : 'visible';
  document.dispatchEvent(new Event('visibilitychange'));
}

export function setFocused(next: boolean): void {
  focused = next;
  window.dispatchEvent(new Event(next ? 'focus' : 'blur'));
}

export function input(type = 'pointermove'): void {
  window.dispatchEvent(new Event(type));
}
