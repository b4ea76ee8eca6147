import type { ErrorSink } from './lib/safe.js';
import { guard } from './lib/safe.js';
import type { EventContext } from '../events/schema.js';
import { checkAdapterOptions, checkHostOptions, checkTrail } from './labelStudio/checkOptions.js';
import type {
  LabelStudioAnnotation,
  LabelStudioArea,
  LabelStudioOptions,
  LabelStudioStore,
} from './labelStudio/LabelStudioLike.js';
import { LabelStudioSession, type LabelStudioTrail } from './labelStudio/LabelStudioSession.js';

export type {
  LabelStudioAnnotation,
  LabelStudioArea,
  LabelStudioOptions,
  LabelStudioResult,
  LabelStudioStore,
  StorePatch,
} from './labelStudio/LabelStudioLike.js';
export type { LabelStudioTrail } from './labelStudio/LabelStudioSession.js';
export { LabelStudioShapeError } from './labelStudio/watchPatches.js';
export { taskTime, type TaskTime } from './labelStudio/taskTime.js';

/** Options of `withLabeltrail`. */
export interface WithLabeltrailOptions {
  /**
   * Send what a text area holds. Default false: a text area's event says that it changed and
   * the text's length, since annotators may type personal data there.
   */
  readonly textContent?: boolean;
  /** Context fields for every event of this editor (a project, a workflow stage). */
  readonly context?: Partial<EventContext>;
  /** Receives what goes wrong inside Label Studio's callbacks; default `console.warn`. */
  readonly onError?: ErrorSink;
  /** Where the user's pointer and keys are watched; default the page's document. */
  readonly document?: EventTarget;
}

type Callback = (this: unknown, ...args: unknown[]) => unknown;
type Ours = (session: LabelStudioSession, ...args: unknown[]) => void;

const store = (value: unknown) => value as LabelStudioStore;
const area = (value: unknown) => value as LabelStudioArea;
const entity = (value: unknown) => value as LabelStudioAnnotation | undefined;
const reviewed = (value: unknown) => value as { entity?: LabelStudioAnnotation; isDirty?: unknown } | undefined;

/** Label Studio's callbacks the adapter listens to, with what each one logs. */
const CALLBACKS: Record<string, Ours> = {
  onLabelStudioLoad: (s, ls) => s.loaded(store(ls)),
  onEntityCreate: (s, a) => s.created(area(a)),
  onEntityDelete: (s, a) => s.deleted(area(a)),
  onSubmitAnnotation: (s, _ls, a) => s.submitted('task.submitted', entity(a)),
  onUpdateAnnotation: (s, _ls, a) => s.submitted('task.updated', entity(a)),
  onSkipTask: (s) => s.task('task.skipped'),
  onSubmitDraft: (s, _ls, a) => s.task('task.draft_saved', entity(a)),
  onAcceptAnnotation: (s, _ls, r) =>
    s.task('task.approved', reviewed(r)?.entity, { fixed: reviewed(r)?.isDirty === true }),
  onRejectAnnotation: (s, _ls, r) =>
    s.task('task.rejected', reviewed(r)?.entity, { fixed: reviewed(r)?.isDirty === true }),
  onNextTask: (s) => s.left(),
  onPrevTask: (s) => s.left(),
};
// Label Studio saves drafts only when a host listens for them: adding the callback would change that.
const ONLY_BESIDE_THE_HOSTS = new Set(['onSubmitDraft']);

/**
 * Wires Label Studio's frontend (`@heartexlabs/label-studio` 1.4) to the trail. Returns the
 * host's options with callbacks that log and then call the host's own, with the same
 * arguments, returning what it returns. Every region action becomes a label event (the task
 * is the item, the region the label, `feature` its control and label: `label/Car`), choices,
 * ratings and text areas classification events, and submit, update, skip, draft, accept and
 * reject task events; the task's time in tool runs while it is open (see `taskTime`).
 *
 * @example
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: user.id } });
 * new LabelStudio('label-studio', withLabeltrail(trail, { config, task, interfaces, user, onSubmitAnnotation }));
 */
export function withLabeltrail(
  trail: LabelStudioTrail,
  hostOptions: LabelStudioOptions,
  options: WithLabeltrailOptions = {},
): LabelStudioOptions {
  checkTrail(trail);
  checkHostOptions(hostOptions, Object.keys(CALLBACKS));
  const context = checkAdapterOptions(options);
  const onError = options.onError ?? ((error: unknown) => console.warn('labeltrail label-studio:', error));
  const session = new LabelStudioSession(trail, {
    textContent: options.textContent ?? false,
    context,
    document: options.document ?? (typeof document === 'undefined' ? undefined : document),
    onError: guard(onError, onError),
  });
  const wrapped: LabelStudioOptions = { ...hostOptions };
  for (const [name, ours] of Object.entries(CALLBACKS)) {
    const host = hostOptions[name] as Callback | undefined;
    if (host === undefined && ONLY_BESIDE_THE_HOSTS.has(name)) continue;
    const log = guard(onError, (...args: unknown[]) => ours(session, ...args));
    wrapped[name] = function (this: unknown, ...args: unknown[]) {
      log(...args);
      return host?.apply(this, args);
    };
  }
  return wrapped;
}
