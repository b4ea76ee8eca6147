import { expect, test } from 'vitest';
import { TabId } from '../../../src/capture/time/TabId.js';

const fail = (error: unknown) => {
  throw error;
};

/** A tab's sessionStorage; `copy()` is what the browser's "Duplicate tab" gives the new tab. */
function session(entries: [string, string][] = []) {
  const values = new Map(entries);
  const storage = {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  } as unknown as Storage;
  return { storage, copy: () => session([...values]) };
}

test('a reload (pagehide, then the next page) keeps the id; a duplicate of a live page takes a new one', () => {
  const tab = session();
  const win = new EventTarget() as Window;
  const first = new TabId(tab.storage, win, fail);
  const duplicate = new TabId(tab.copy().storage, new EventTarget() as Window, fail);
  expect(duplicate.id).not.toBe(first.id);
  win.dispatchEvent(new Event('pagehide'));
  const reloaded = new TabId(tab.storage, new EventTarget() as Window, fail);
  expect(reloaded.id).toBe(first.id);
  // A duplicate of the reloaded page, and a duplicate of the duplicate: new ids too.
  expect(new TabId(tab.copy().storage, undefined, fail).id).not.toBe(first.id);
  [first, duplicate, reloaded].forEach((id) => id.dispose());
});

test('back from the back/forward cache the page takes its id again; dispose gives it up', () => {
  const tab = session();
  const win = new EventTarget() as Window;
  const page = new TabId(tab.storage, win, fail);
  win.dispatchEvent(new Event('pagehide'));
  const restored = new Event('pageshow') as PageTransitionEvent;
  Object.defineProperty(restored, 'persisted', { value: true });
  win.dispatchEvent(restored);
  expect(new TabId(tab.copy().storage, undefined, fail).id).not.toBe(page.id);
  page.dispose();
  const next = new TabId(tab.storage, undefined, fail);
  expect(next.id).toBe(page.id);
  next.dispose();
});

test('without sessionStorage, or where it throws, every page has a new id', () => {
  const throwing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
  } as unknown as Storage;
  const ids = [new TabId(undefined, undefined, fail), new TabId(throwing, undefined, fail)].map((t) => t.id);
  expect(new Set(ids).size).toBe(2);
  expect(ids[0]).not.toBe(new TabId(undefined, undefined, fail).id);
});
