import { TrailConfigError } from '../../TrailConfigError.js';
import type { EventContext } from '../../events/schema.js';
import { checked, contextCheck } from '../../events/lib/envelopeChecks.js';
import { TrailInputError } from '../../events/TrailInputError.js';
import type { LabelStudioOptions } from './LabelStudioLike.js';

// What the adapter calls on a trail; a trail from createTrail has them all.
const TRAIL_MEMBERS = ['track', 'openItem', 'closeItem', 'timeInTool'] as const;
const HELPER_MEMBERS = ['label', 'classification'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws `TrailConfigError` unless `trail` has what the adapter calls. */
export function checkTrail(trail: unknown): void {
  const problem = 'must be a trail from createTrail';
  if (!isObject(trail)) throw new TrailConfigError('trail', problem);
  for (const member of TRAIL_MEMBERS) {
    if (typeof trail[member] !== 'function') throw new TrailConfigError('trail', `${problem} (no ${member}())`);
  }
  for (const helpers of HELPER_MEMBERS) {
    if (!isObject(trail[helpers])) throw new TrailConfigError('trail', `${problem} (no ${helpers} helpers)`);
  }
}

/**
 * Throws `TrailConfigError` unless `options` can be Label Studio's options: a plain object
 * whose `on…` callbacks, where given, are functions.
 */
export function checkHostOptions(
  options: unknown,
  callbacks: readonly string[],
): asserts options is LabelStudioOptions {
  if (!isObject(options) || typeof (options as { nodeType?: unknown }).nodeType === 'number') {
    throw new TrailConfigError('hostOptions', 'must be the options object of new LabelStudio(element, options)');
  }
  for (const name of callbacks) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TrailConfigError(`hostOptions.${name}`, 'must be a function');
    }
  }
}

/**
 * Throws `TrailConfigError` for an adapter option of the wrong type; returns the `context`
 * option checked by the trail's own rules (ids within their limits), as a copy.
 */
export function checkAdapterOptions(options: unknown): Partial<EventContext> {
  if (!isObject(options)) throw new TrailConfigError('labelStudio', 'options must be an object');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new TrailConfigError('labelStudio.onError', 'must be a function');
  }
  if (options.textContent !== undefined && typeof options.textContent !== 'boolean') {
    throw new TrailConfigError('labelStudio.textContent', 'must be true or false');
  }
  const context = checked(() => contextCheck(options.context ?? {}, 'labelStudio.context'));
  if (context instanceof TrailInputError)
    throw new TrailConfigError(context.field || 'labelStudio.context', context.problem);
  return context as Partial<EventContext>;
}
