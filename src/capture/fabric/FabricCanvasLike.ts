/**
 * The parts of a Fabric.js canvas (`new Canvas(element)` of `fabric` 7) the adapter uses,
 * so fabric is never imported here: pass the canvas the page made.
 */
export interface FabricCanvasLike {
  /** fabric 7 returns the function that removes the handler; the adapter uses `off`, which every version has. */
  on(eventName: string, handler: (event: unknown) => void): unknown;
  off(eventName: string, handler: (event: unknown) => void): unknown;
  /** The lower `<canvas>` element; its document is where key and pointer input is watched. */
  getElement?(): { readonly ownerDocument?: Document | null } | null | undefined;
}
