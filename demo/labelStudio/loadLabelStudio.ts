/// <reference types="vite/client" />
// Label Studio's frontend ships as a UMD bundle that sets `window.LabelStudio`; the host page
// loads it from its own server (here, from node_modules through Vite), never from a CDN.
import script from '@heartexlabs/label-studio/build/static/js/main.js?url';
import style from '@heartexlabs/label-studio/build/static/css/main.css?url';

/** What the demo uses of a Label Studio instance. */
export interface LabelStudioInstance {
  destroy(): void;
  readonly store?: { readonly annotationStore?: { readonly selected?: { readonly loadedDate?: Date } } };
}

export type LabelStudioClass = new (root: HTMLElement, options: Record<string, unknown>) => LabelStudioInstance;

function add(node: HTMLScriptElement | HTMLLinkElement, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    node.addEventListener('load', () => resolve());
    node.addEventListener('error', () => reject(new Error(`demo: could not load Label Studio's ${what}`)));
    document.head.append(node);
  });
}

/** Loads Label Studio's bundle and styles once; resolves to its constructor. */
export async function loadLabelStudio(): Promise<LabelStudioClass> {
  await Promise.all([
    add(Object.assign(document.createElement('script'), { src: script }), 'script'),
    add(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: style }), 'styles'),
  ]);
  return (window as unknown as { LabelStudio: LabelStudioClass }).LabelStudio;
}
