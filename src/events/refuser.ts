import type { TrailHub } from './TrailHub.js';
import type { TrailInputError } from './TrailInputError.js';

/** What a trail does with input it refuses: `undefined` back to the caller, or a throw when strict. */
export type Refuse = (error: TrailInputError | undefined, counted?: boolean) => undefined;

/**
 * A trail's refusal: counted in `status.refused` (a bad setting is not, `counted` false) and
 * reported on the hub, and thrown only in strict mode. No error: nothing to refuse.
 */
export function refuser(hub: Pick<TrailHub, 'count' | 'report'>, strict: boolean): Refuse {
  return (error, counted = true) => {
    if (!error) return undefined;
    if (counted) hub.count('refused', 1);
    hub.report(error);
    if (strict) throw error;
    return undefined;
  };
}
