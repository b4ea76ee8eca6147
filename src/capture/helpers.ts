import type { TrailEvent } from '../events/schema.js';
import type { TrackFields, Tracker } from '../events/Tracker.js';
import type { EventType } from '../events/taxonomy.js';
import type { ItemTimer } from './ItemTimer.js';
import type { ErrorSink } from './lib/safe.js';
import type { Attention } from './time/Attention.js';
import { annotationHelpers, type AnnotationHelpers } from './helpers/annotationHelpers.js';
import { consensusHelpers, type ConsensusHelpers } from './helpers/consensusHelpers.js';
import { Drafts } from './helpers/Drafts.js';
import { figureHelpers, type FigureHelpers } from './helpers/figureHelpers.js';
import type { HelperContext } from './helpers/HelperContext.js';
import { labelingHelpers, type LabelingHelpers } from './helpers/labelingHelpers.js';
import { placeFields } from './helpers/placeFields.js';
import { reviewHelpers, type ReviewHelpers } from './helpers/reviewHelpers.js';
import { tagHelpers, type TagHelpers } from './helpers/tagHelpers.js';
import { taskHelpers, type TaskHelpers } from './helpers/taskHelpers.js';

export type { ActionPlace, LabelAction, ReviewTarget, TagAction, TaskAction } from './helpers/actions.js';
export type { AnnotationHelpers } from './helpers/annotationHelpers.js';
export type { ConsensusHelpers } from './helpers/consensusHelpers.js';
export type { FigureHelpers } from './helpers/figureHelpers.js';
export type { LabelingHelpers } from './helpers/labelingHelpers.js';
export type { ReviewHelpers } from './helpers/reviewHelpers.js';
export type { TagHelpers } from './helpers/tagHelpers.js';
export type { TaskHelpers } from './helpers/taskHelpers.js';

/** Every typed helper group. */
export interface CaptureHelpers {
  readonly label: AnnotationHelpers;
  readonly classification: AnnotationHelpers;
  readonly attribute: AnnotationHelpers;
  readonly review: ReviewHelpers;
  readonly task: TaskHelpers;
  readonly consensus: ConsensusHelpers;
  readonly labeling: LabelingHelpers;
  readonly figure: FigureHelpers;
  readonly tag: TagHelpers;
}

/**
 * Builds the helper groups over `tracker`. Label drafts are timed by the item timer's rules:
 * paused while the tab is hidden, blurred (or another tab of the actor counts) or idle.
 */
export function createHelpers(
  tracker: Tracker,
  timer: ItemTimer,
  attention: Attention,
  onError: ErrorSink,
): CaptureHelpers & { dispose(): void } {
  const drafts = new Drafts(timer, attention);
  const context: HelperContext = {
    track(type: EventType, fields: TrackFields): TrailEvent | undefined {
      try {
        return tracker.track(type, fields);
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    place: (action, extraPayload) => placeFields(timer.context, action, extraPayload),
    touch: () => timer.touch(),
  };
  const subjects = {
    label: annotationHelpers('label', context, drafts),
    classification: annotationHelpers('classification', context, drafts),
    attribute: annotationHelpers('attribute', context, drafts),
  };
  return {
    ...subjects,
    review: reviewHelpers(subjects, context),
    task: taskHelpers(context),
    consensus: consensusHelpers(context),
    labeling: labelingHelpers(context),
    figure: figureHelpers(context),
    tag: tagHelpers(context),
    dispose: () => drafts.dispose(),
  };
}
