import type { LabelAction } from '../helpers/actions.js';
import type { AnnotationHelpers } from '../helpers/annotationHelpers.js';
import type { ErrorSink } from '../lib/safe.js';
import { Gesture } from './Gesture.js';
import { Outbox } from './Outbox.js';
import { selectionMembers } from './selectionMembers.js';

type LabelFields = Pick<LabelAction, 'id' | 'feature' | 'name'>;
type LabelHelpers = Pick<AnnotationHelpers, 'begin' | 'cancel' | 'add' | 'edit' | 'delete'>;

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * What the user draws, edits and removes on one fabric canvas, as label drafts and events:
 * which press is under way, the objects it drew, and the label events held to the end of
 * the task (see `Outbox`). `read` is the host's `labelOf`, checked; it never throws.
 */
export class FabricSession {
  readonly #label: LabelHelpers;
  readonly #read: (object: object) => LabelFields | undefined;
  readonly #gesture: Gesture;
  readonly #outbox: Outbox;
  // Added during the press: logged at its release, once the host has finished them.
  #held: object[] = [];
  // Edits begun by the press, cancelled as it ends unless an edit took them.
  readonly #begun = new Set<string>();

  constructor(
    label: LabelHelpers,
    read: (object: object) => LabelFields | undefined,
    windowMs: number,
    onError: ErrorSink,
  ) {
    this.#label = label;
    this.#read = read;
    this.#gesture = new Gesture(windowMs, () => this.#gestureEnded());
    this.#outbox = new Outbox(onError);
  }

  /**
   * A press on the canvas (fabric's `mouse:down:before`): the start of a drawing, and of an
   * edit of the labelled objects pressed on (fabric moves or scales what the press lands on).
   * Which one it was is known only at the commit, so both are begun; the one not taken is
   * cancelled as the gesture ends.
   */
  pointerDown(target: unknown, primary: boolean): void {
    // A right or middle press (fabric reports them only when asked to) draws and moves nothing.
    if (!primary) {
      this.#gesture.input(true);
      return;
    }
    if (this.#gesture.pressed) this.pointerUp(); // a release fabric never reported
    this.#gesture.press();
    this.#label.begin();
    for (const { id } of this.#labels(target)) {
      this.#label.begin(id);
      this.#begun.add(id);
    }
  }

  /** fabric's `mouse:up`: the drawing is done; it is logged once the release has been handled. */
  pointerUp(): void {
    if (!this.#gesture.pressed) return;
    this.#gesture.release();
    // Queued, so the host's own mouse:up handlers (which may give the object its label) run first.
    this.#outbox.push(() => this.#held.splice(0).forEach((object) => this.#add(object)));
  }

  /** `object:added`: a label drawn by the press under way or just released; else a script's. */
  added(object: unknown): void {
    if (!isObject(object) || !this.#gesture.drawing) return;
    if (this.#gesture.pressed) this.#held.push(object);
    else this.#outbox.push(() => this.#add(object));
  }

  /** `object:modified`: fabric fires it once, as a move, scale, rotation or point edit ends. */
  modified(event: { readonly target?: unknown; readonly action?: unknown }): void {
    if (!this.#gesture.recent) return;
    const payload = typeof event.action === 'string' ? { payload: { transform: event.action } } : {};
    for (const fields of this.#labels(event.target))
      this.#outbox.push(() => this.#label.edit({ ...fields, ...payload }));
  }

  /** `object:removed`: the user's when it follows their input, unless the task turns out to be a clear. */
  removed(object: unknown): void {
    if (!isObject(object)) return;
    const held = this.#held.indexOf(object);
    // Drawn and taken back within one press (the host's too-small box): it never was a label.
    if (held >= 0) {
      this.#held.splice(held, 1);
      return;
    }
    if (!this.#gesture.recent) return;
    // Read now: the host may forget the object's label as soon as it is removed.
    const fields = this.#read(object);
    if (fields) this.#outbox.push(() => this.#label.delete(fields), true);
  }

  /** `canvas:cleared`, which `clear()` and `loadFromJSON` fire after removing every object. */
  cleared(): void {
    this.#outbox.dropRemovals();
    this.#held = [];
    this.#gesture.cleared();
  }

  /** Key or pointer input anywhere on the page (`endsDrawing` for a key or a press). */
  input(endsDrawing: boolean): void {
    this.#gesture.input(endsDrawing);
  }

  /** Drops what is held and every draft still open. */
  close(): void {
    this.#outbox.clear();
    this.#held = [];
    this.#gesture.end();
  }

  #add(object: object): void {
    const fields = this.#read(object);
    if (fields) this.#label.add(fields);
  }

  // The labels a change of `object` changes: its own, else those of a multi-selection's objects.
  #labels(object: unknown): LabelFields[] {
    if (!isObject(object)) return [];
    const own = this.#read(object);
    if (own) return [own];
    return (selectionMembers(object) ?? []).flatMap((member) => this.#read(member) ?? []);
  }

  #gestureEnded(): void {
    this.#label.cancel();
    this.#begun.forEach((id) => this.#label.cancel(id));
    this.#begun.clear();
  }
}
