/** What the page's lifecycle means to the trail. */
export interface PageHandlers {
  online(online: boolean): void;
  /** The page was hidden or shown again. */
  visibility(hidden: boolean): void;
  /** The page is going away, or (`cached`) into the back/forward cache. */
  pagehide(cached: boolean): void;
  /** The page is shown again; `restored` when it comes back from the back/forward cache. */
  pageshow(restored: boolean): void;
}

/**
 * Listens to the page's lifecycle: visibility, pagehide/pageshow, online/offline. pagehide,
 * never unload: unload listeners keep the page out of the back/forward cache
 * (https://web.dev/articles/bfcache#never-use-the-unload-event). Returns the function that stops.
 */
export function watchPage(on: PageHandlers): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const listeners: [EventTarget, string, (event: Event) => void][] = [
    [window, 'online', () => on.online(true)],
    [window, 'offline', () => on.online(false)],
    [window, 'pagehide', (e) => on.pagehide((e as PageTransitionEvent).persisted === true)],
    [window, 'pageshow', (e) => on.pageshow((e as PageTransitionEvent).persisted === true)],
    [document, 'visibilitychange', () => on.visibility(document.visibilityState === 'hidden')],
  ];
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
  return () => {
    for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
  };
}
