import type { EventContext } from '../../events/schema.js';
import type { EventType } from '../../events/taxonomy.js';
import type { TrackFields } from '../../events/Tracker.js';
import type { ActionPlace } from '../helpers/actions.js';
import type { ItemTimerSnapshot } from '../ItemTimer.js';
import type { ErrorSink } from '../lib/safe.js';
import { AreaChanges, type AreaTrail } from './AreaChanges.js';
import { text } from './describeArea.js';
import type { LabelStudioAnnotation, LabelStudioArea, LabelStudioStore, StorePatch } from './LabelStudioLike.js';
import { taskTime } from './taskTime.js';
import { UserInput } from './UserInput.js';
import { watchPatches } from './watchPatches.js';

/** What the adapter calls on a trail. */
export interface LabelStudioTrail extends AreaTrail {
  track(type: EventType, fields?: TrackFields): unknown;
  openItem(item: string, context?: Partial<EventContext>): void;
  closeItem(): void;
  timeInTool(): ItemTimerSnapshot;
}

/** The adapter's settings, resolved. */
export interface SessionSettings {
  readonly textContent: boolean;
  readonly context: Partial<EventContext>;
  readonly document: EventTarget | undefined;
  readonly onError: ErrorSink;
}

/** The annotation's id: the host's (`pk`, from the server) once it has one, else Label Studio's. */
const annotationId = (annotation: LabelStudioAnnotation | null | undefined): string | undefined =>
  text(annotation?.pk) ?? text(annotation?.id);

// The session whose store is live, per trail: a host that makes a new Label Studio (and calls
// withLabeltrail again) for each task leaves the last one's listeners behind otherwise.
const live = new WeakMap<object, LabelStudioSession>();

/**
 * One Label Studio instance as the trail sees it: the task open in it (the item its time is
 * counted for), the store's changes, and the task's submit, skip and review.
 */
export class LabelStudioSession {
  readonly #trail: LabelStudioTrail;
  readonly #settings: SessionSettings;
  #store: LabelStudioStore | undefined;
  #changes: AreaChanges | undefined;
  #stop: (() => void) | undefined;

  constructor(trail: LabelStudioTrail, settings: SessionSettings) {
    this.#trail = trail;
    this.#settings = settings;
  }

  /** `onLabelStudioLoad`: a store was created (a new instance); its task opens. */
  loaded(store: LabelStudioStore): void {
    const previous = live.get(this.#trail);
    if (previous !== this) previous?.dispose();
    live.set(this.#trail, this);
    this.dispose();
    this.#store = store;
    const input = new UserInput(this.#settings.document, () => this.#changes?.flush());
    const describe = { textContent: this.#settings.textContent };
    this.#changes = new AreaChanges(store, this.#trail, input, () => this.#place(), describe);
    const stop = watchPatches(store, (patch) => this.#patch(patch));
    if (typeof stop === 'function') this.#stop = () => (stop(), input.dispose());
    else {
      this.#stop = () => input.dispose();
      this.#settings.onError(stop);
    }
    this.#openTask();
  }

  created(area: LabelStudioArea): void {
    this.#changes?.created(area);
  }

  deleted(area: LabelStudioArea): void {
    this.#changes?.deleted(area);
  }

  /** The user moved to another task (`onNextTask`, `onPrevTask`): this one's time ends. */
  left(): void {
    this.#trail.closeItem();
  }

  /** A task event about `annotation` (the selected one when not given). */
  task(type: EventType, annotation?: LabelStudioAnnotation | null, payload: Record<string, unknown> = {}): void {
    const { item, context } = this.#place(annotation);
    this.#trail.track(type, { context: item === undefined ? context : { ...context, item }, payload });
  }

  /** A submit or a re-submit, with the task's counted time and its breakdown. */
  submitted(type: 'task.submitted' | 'task.updated', annotation?: LabelStudioAnnotation | null): void {
    const { task, ...time } = taskTime(this.#trail);
    // Only the open task's own time: none when no task was loaded, or another one is open.
    this.task(type, annotation, task !== undefined && task === this.#taskId() ? time : {});
  }

  dispose(): void {
    this.#changes?.flush();
    this.#stop?.();
    this.#stop = undefined;
  }

  #patch(patch: StorePatch): void {
    // A new task assigned to the store: the last one's time ends and this one's begins.
    if (patch.path === '/task') this.#openTask();
    this.#changes?.patch(patch);
  }

  #openTask(): void {
    const task = this.#taskId();
    if (task !== undefined && this.#trail.timeInTool().item !== task) {
      this.#trail.openItem(task, { ...this.#settings.context, task });
    }
  }

  #taskId(): string | undefined {
    return text(this.#store?.task?.id);
  }

  #place(annotation = this.#store?.annotationStore?.selected): ActionPlace {
    const task = this.#taskId();
    const id = annotationId(annotation);
    return {
      item: task,
      context: {
        ...this.#settings.context,
        ...(task === undefined ? {} : { task }),
        ...(id === undefined ? {} : { annotation: id }),
      },
    };
  }
}
