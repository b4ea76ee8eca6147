/** What one store patch is about, from its path. */
export type PatchSubject =
  /** A new task was assigned to the store. */
  | { readonly kind: 'task' }
  /** Annotations being (re)loaded or switched: what follows in this task is not the user's. */
  | { readonly kind: 'load' }
  /** The image stage was (re)sized: Label Studio rewrites region pixels after it by itself. */
  | { readonly kind: 'layout' }
  /** An area of annotation `index`; `rest` is the path below the area ('' for the area itself). */
  | { readonly kind: 'area'; readonly index: number; readonly id: string; readonly rest: string }
  | { readonly kind: 'other' };

const AREA = /^\/annotationStore\/annotations\/(\d+)\/areas\/([^/]+)(?:\/(.*))?$/;
const LOAD = /^\/annotationStore(?:\/annotations\/\d+|\/selected|\/root)?$/;
// Sizes an object tag (Image) keeps of its stage; changing one precedes Label Studio's own
// rewrite of every region's pixel geometry (image loaded, window or panel resized, zoom).
const LAYOUT =
  /^\/annotationStore\/root\/.*\/(?:stage|natural|initial|container)?(?:width|height)$|\/(?:sizeUpdated|zoomScale|stageZoom\w*)$/i;

// JSON Pointer escapes (RFC 6901): `~1` is `/`, `~0` is `~`.
const unescapeKey = (key: string) => key.replace(/~1/g, '/').replace(/~0/g, '~');

/** Reads what a patch path of Label Studio's app store is about. */
export function patchSubject(path: string): PatchSubject {
  if (path === '/task') return { kind: 'task' };
  const area = AREA.exec(path);
  if (area) return { kind: 'area', index: Number(area[1]), id: unescapeKey(area[2]!), rest: area[3] ?? '' };
  if (LOAD.test(path)) return { kind: 'load' };
  if (LAYOUT.test(path)) return { kind: 'layout' };
  return { kind: 'other' };
}

// Region state that is display, not content: hovering, hiding, locking and selecting a region,
// and the unit its pixels are kept in.
const DISPLAY_KEYS = new Set(['_highlighted', 'highlighted', 'hidden', 'locked', 'selected', 'readonly', 'coordstype']);
const GEOMETRY_KEY = /^(?:x|y|width|height|rotation|radius\w*|points|start|end|startOffset|endOffset)$/;

/**
 * Which part of an area a change below it touched: 'geometry', 'labels', 'attributes' (a
 * per-region control) or 'value' (of a classification); undefined for display-only state.
 */
export function changedPart(rest: string, classification: boolean): string | undefined {
  const [key = '', , , control = ''] = rest.split('/');
  if (DISPLAY_KEYS.has(key)) return undefined;
  if (key === 'results') return classification ? 'value' : control.endsWith('labels') ? 'labels' : 'attributes';
  if (GEOMETRY_KEY.test(key)) return 'geometry';
  return classification ? 'value' : 'other';
}
