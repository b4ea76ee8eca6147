import type { Capture } from './attachCapture.js';
import { checkFabricArguments } from './fabric/checkArguments.js';
import type { ConnectFabricOptions } from './fabric/ConnectFabricOptions.js';
import type { FabricCanvasLike } from './fabric/FabricCanvasLike.js';
import { FabricSession } from './fabric/FabricSession.js';
import { readLabel } from './fabric/readLabel.js';
import { guard, listen } from './lib/safe.js';

export type { ConnectFabricOptions } from './fabric/ConnectFabricOptions.js';
export type { FabricCanvasLike } from './fabric/FabricCanvasLike.js';

// Page input that dates the user's last action; a key or a press also ends a released drawing.
const INPUT_EVENTS = ['pointerdown', 'pointerup', 'keydown'] as const;

// What the adapter reads of fabric's event objects; anything else (a fire() of a script's) reads as empty.
interface FabricEvent {
  readonly target?: unknown;
  readonly action?: unknown;
  readonly e?: { readonly button?: unknown } | null;
}
const fields = (event: unknown): FabricEvent => (typeof event === 'object' && event !== null ? event : {});

// A touch has no button; a right or middle press neither draws nor transforms in fabric.
const isPrimary = (event: FabricEvent) => event.e?.button === undefined || event.e.button === 0;

function documentOf(canvas: FabricCanvasLike): EventTarget | undefined {
  try {
    return canvas.getElement?.()?.ownerDocument ?? globalThis.document;
  } catch {
    return globalThis.document;
  }
}

/**
 * Wires a Fabric.js canvas (`fabric` 7; never imported here) to the trail: what the user
 * draws, changes and removes becomes `label.added` / `label.edited` / `label.deleted`, with the
 * host's label for each object from `labelOf`. An object `labelOf` gives nothing for (a guide,
 * a cursor) is no label and logs nothing. Returns the function that disconnects it.
 *
 * Which changes are the user's, from fabric's own events (nothing of fabric is wrapped):
 * - **added**: an object added between a press on the canvas (fabric's `mouse:down:before`)
 *   and its release (`mouse:up`) — free drawing's path, a box the host adds at the press and
 *   grows with the pointer — is logged once the release has been handled; one added within
 *   `windowMs` (1 s) after the release, before any other key or press and any clear, is logged
 *   as its task ends (a host that adds its shape on release). `durationMs` runs from the press to
 *   the commit.
 * - **edited**: `object:modified`, which fabric fires once as a move, scale, rotation or point
 *   edit ends (never per frame), during a press or within `windowMs` of a key or pointer input;
 *   `payload.transform` is fabric's action (`drag`, `scale`, `rotate`, …). Timed from the
 *   press on the object; a multi-selection's change is an edit of each of its objects.
 * - **deleted**: `object:removed` within `windowMs` of a key or pointer input (the host's
 *   Delete key, a button), unless a `canvas:cleared` follows in the same task, as it does in
 *   `clear()` and `loadFromJSON()`.
 *
 * So loads, clears, and `add`/`remove` calls no input asked for log nothing. Limits: a script's
 * change within `windowMs` of unrelated input looks like the user's (an undo that removes
 * objects one by one rather than reloading the canvas is logged as a deletion), and a host's
 * change later than `windowMs` after the input (a shape added only after a class picker)
 * is not: give it an id at once and `labelOf` can answer before its class is chosen. A shape
 * drawn in several presses is timed from its last one. Wrong arguments throw a
 * `TrailConfigError` naming them; what goes wrong later (`labelOf` throwing or answering in
 * another shape) goes to `onError`, and nothing is ever thrown into fabric.
 *
 * @example
 * import { Canvas, type FabricObject } from 'fabric';
 * import { connectFabric } from 'labeltrail/fabric';
 *
 * const canvas = new Canvas('photo-canvas');
 * const boxes = new Map<FabricObject, { id: string; classId: string; className: string }>(); // the host's own
 * const disconnect = connectFabric(trail, canvas, {
 *   labelOf: (object: FabricObject) => {
 *     const box = boxes.get(object);
 *     return box && { id: box.id, feature: box.classId, name: box.className };
 *   },
 * });
 */
export function connectFabric<T extends object = object>(
  trail: Pick<Capture, 'label'>,
  canvas: FabricCanvasLike,
  options: ConnectFabricOptions<T>,
): () => void {
  const { windowMs } = checkFabricArguments(trail, canvas, options);
  const onError = options.onError ?? ((error: unknown) => console.warn('labeltrail fabric:', error));
  const labelOf = options.labelOf as (object: object) => unknown;
  const session = new FabricSession(
    trail.label,
    guard(onError, (object: object) => readLabel(labelOf, object)),
    windowMs,
    onError,
  );
  const handlers: [string, (event: FabricEvent) => void][] = [
    // Before fabric's mouse:down, so a box the host adds in its own mouse:down handler is the press's.
    ['mouse:down:before', (event) => session.pointerDown(event.target, isPrimary(event))],
    ['mouse:up', () => session.pointerUp()],
    ['object:added', (event) => session.added(event.target)],
    ['object:modified', (event) => session.modified(event)],
    ['object:removed', (event) => session.removed(event.target)],
    ['canvas:cleared', () => session.cleared()],
  ];
  const guarded = handlers.map(
    ([name, handler]) => [name, guard(onError, (event: unknown) => handler(fields(event)))] as const,
  );
  guarded.forEach(([name, handler]) => guard(onError, () => canvas.on(name, handler))());
  const input = guard(onError, (event: Event) => session.input(event.type !== 'pointerup'));
  const doc = documentOf(canvas);
  const removers = INPUT_EVENTS.map((type) => listen(doc, type, input, { capture: true, passive: true }));

  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    guarded.forEach(([name, handler]) => guard(onError, () => canvas.off(name, handler))());
    removers.forEach((remove) => remove());
    session.close();
  };
}
