import type { ActionPlace, LabelAction } from '../helpers/actions.js';
import type { AnnotationHelpers } from '../helpers/annotationHelpers.js';
import { monoNow } from '../lib/safe.js';
import { describeClassification, describeRegion, type DescribeOptions } from './describeArea.js';
import type { LabelStudioAnnotation, LabelStudioArea, LabelStudioStore, StorePatch } from './LabelStudioLike.js';
import { changedPart, patchSubject } from './storePaths.js';
import type { UserInput } from './UserInput.js';

/** The helpers area changes are emitted through (a trail's `label` and `classification`). */
export interface AreaTrail {
  readonly label: Pick<AnnotationHelpers, 'add' | 'edit' | 'delete'>;
  readonly classification: Pick<AnnotationHelpers, 'add' | 'edit' | 'delete'>;
}

/** A change of one area waiting for the user's gesture to end. */
interface Pending {
  readonly parts: Set<string>;
  /** A classification area that appeared with this change (its first value). */
  added: boolean;
  /** When the pointer went down for it, if a pointer did it. */
  readonly since: number | undefined;
}

const areaKey = (area: LabelStudioArea): string | undefined => (typeof area.id === 'string' ? area.id : undefined);

/**
 * The areas of the annotation the user works on, turned into label and classification events.
 * Regions come and go through Label Studio's own callbacks (`created`, `deleted`); every other
 * change comes from the store's patches: it counts when it follows the user's input, and one
 * gesture is one event per area, sent when the gesture ends. Loading annotations and resizing
 * the stage rewrite areas with no input; those patches only refresh what is known.
 */
export class AreaChanges {
  readonly #pending = new Map<string, Pending>();
  // Regions created since the last flush: their first geometry is part of the drawing.
  readonly #fresh = new Set<string>();
  // Classification areas by store key, described as last sent: a removal reads them here.
  readonly #classifications = new Map<string, LabelAction>();
  #suppressed = false;
  #scheduled = false;

  constructor(
    private readonly store: LabelStudioStore,
    private readonly trail: AreaTrail,
    private readonly input: UserInput,
    private readonly place: () => ActionPlace,
    private readonly describe: DescribeOptions,
  ) {}

  /** Label Studio created a region (`onEntityCreate`). */
  created(area: LabelStudioArea): void {
    const key = areaKey(area);
    if (key === undefined || area.classification === true || !this.#ownArea(area)) return;
    this.#fresh.add(key);
    const action = describeRegion(area);
    if (action) this.trail.label.add(this.#placed(action, undefined, this.#gestureMs(this.input.gestureStart())));
  }

  /** Label Studio deleted a region (`onEntityDelete`). */
  deleted(area: LabelStudioArea): void {
    const key = areaKey(area);
    if (key === undefined || area.classification === true || !this.#ownArea(area)) return;
    this.#pending.delete(key);
    const action = describeRegion(area);
    if (action) this.trail.label.delete(this.#placed(action));
  }

  /** One patch of the app store. */
  patch(patch: StorePatch): void {
    const subject = patchSubject(patch.path);
    if (subject.kind === 'load' || subject.kind === 'layout' || subject.kind === 'task') return this.#suppress();
    if (subject.kind !== 'area') return;
    const annotations = this.store.annotationStore;
    const annotation = annotations?.annotations?.[subject.index];
    if (annotation === undefined || annotation !== annotations?.selected) return;
    if (subject.rest === '') this.#areaAddedOrRemoved(annotation, subject.id, patch.op);
    else this.#areaChanged(annotation, subject.id, subject.rest);
  }

  /** Sends what the last gesture changed, one event per area. */
  flush(): void {
    this.#scheduled = false;
    if (this.input.down) return;
    const selected = this.store.annotationStore?.selected;
    for (const [key, pending] of this.#pending) {
      const area = selected?.areas?.get(key);
      if (area === undefined) continue;
      if (area.classification === true) this.#sendClassification(key, area, pending);
      else if (!this.#fresh.has(key)) this.#sendRegionEdit(area, pending);
    }
    this.#pending.clear();
    this.#fresh.clear();
  }

  #areaAddedOrRemoved(annotation: LabelStudioAnnotation, key: string, op: StorePatch['op']): void {
    if (op === 'remove') {
      this.#pending.delete(key);
      const known = this.#classifications.get(key);
      this.#classifications.delete(key);
      if (known && !this.#suppressed) this.trail.classification.delete(this.#placed(known));
      return;
    }
    const area = annotation.areas?.get(key);
    if (area === undefined) return;
    this.#fresh.add(key);
    if (area.classification !== true) return;
    if (this.#suppressed || !this.input.userCaused()) this.#remember(key, area);
    else this.#mark(key, 'value').added = true;
  }

  #areaChanged(annotation: LabelStudioAnnotation, key: string, rest: string): void {
    const area = annotation.areas?.get(key);
    if (area === undefined) return;
    const classification = area.classification === true;
    const part = changedPart(rest, classification);
    if (part === undefined) return;
    if (this.#suppressed || !this.input.userCaused()) {
      if (classification) this.#remember(key, area);
      return;
    }
    this.#mark(key, part);
  }

  #mark(key: string, part: string): Pending {
    let pending = this.#pending.get(key);
    if (!pending)
      this.#pending.set(key, (pending = { parts: new Set(), added: false, since: this.input.gestureStart() }));
    pending.parts.add(part);
    // A drag is settled when the pointer comes up (UserInput calls flush); anything else now.
    if (!this.input.down && !this.#scheduled) {
      this.#scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
    return pending;
  }

  #sendClassification(key: string, area: LabelStudioArea, pending: Pending): void {
    const action = describeClassification(area, this.describe);
    if (action === undefined) return;
    const known = this.#classifications.has(key);
    this.#classifications.set(key, action);
    if (pending.added || !known) this.trail.classification.add(this.#placed(action));
    else this.trail.classification.edit(this.#placed(action, pending));
  }

  #sendRegionEdit(area: LabelStudioArea, pending: Pending): void {
    const action = describeRegion(area);
    if (action) this.trail.label.edit(this.#placed(action, pending, this.#gestureMs(pending.since)));
  }

  #remember(key: string, area: LabelStudioArea): void {
    const action = describeClassification(area, this.describe);
    if (action) this.#classifications.set(key, action);
  }

  // Loading and layout rewrite areas within the same task; the next task is the user's again.
  #suppress(): void {
    if (this.#suppressed) return;
    this.#suppressed = true;
    setTimeout(() => (this.#suppressed = false), 0);
  }

  #ownArea(area: LabelStudioArea): boolean {
    const selected = this.store.annotationStore?.selected;
    return area.annotation === undefined || selected === undefined || area.annotation === selected;
  }

  #gestureMs(since: number | undefined): number | undefined {
    return since === undefined ? undefined : monoNow() - since;
  }

  #placed(action: LabelAction, pending?: Pending, durationMs?: number): LabelAction {
    const place = this.place();
    const payload = { ...action.payload, ...(pending ? { changed: [...pending.parts] } : {}) };
    return { ...place, ...action, payload, ...(durationMs === undefined ? {} : { durationMs }) };
  }
}
