import type { LabelAction } from '../helpers/actions.js';
import type { ErrorSink } from '../lib/safe.js';

/** Options of `connectFabric`; `T` is the host's object type (fabric's `FabricObject`). */
export interface ConnectFabricOptions<T extends object = object> {
  /**
   * The label a canvas object is, from the host's own data: `{ id, feature?, name? }`, or
   * undefined for an object that is not a label (a guide line, a cursor, a handle). Asked as
   * an edit or removal happens, and for what a press drew once its release has been handled
   * (the host's own mouse:up handler may label the object first). What it throws, or an answer
   * of another shape, goes to `onError` and logs nothing for that object.
   */
  readonly labelOf: (object: T) => Pick<LabelAction, 'id' | 'feature' | 'name'> | undefined;
  /**
   * How long after the user's input a change still counts as theirs, ms: the host's own step
   * between the input and the change (a request for an id, a confirmation) fits in it, a
   * script's change later does not. Default `DEFAULT_FABRIC_WINDOW_MS` (1 000).
   */
  readonly windowMs?: number;
  /** Receives what goes wrong inside fabric's callbacks; default `console.warn`. */
  readonly onError?: ErrorSink;
}
