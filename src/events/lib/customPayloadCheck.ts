import type { PayloadProblem } from '../CustomEventType.js';
import { fail, type Check } from './checks.js';

// A problem is shown to people and kept with refused events: a long one is cut here.
const MAX_PROBLEM_LENGTH = 200;

const cut = (text: string): string =>
  text.length > MAX_PROBLEM_LENGTH ? `${text.slice(0, MAX_PROBLEM_LENGTH)}…` : text;

/**
 * An integrator's payload check as one of the envelope's checks: a problem it answers (or
 * an exception it throws) refuses the event naming `payload`, or the field under it.
 */
export function customPayloadCheck(check: (payload: never) => PayloadProblem): Check<void> {
  return (value, path) => {
    let answer: PayloadProblem;
    try {
      answer = check(value as never);
    } catch (error) {
      return fail(path, cut(`failed its check: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (answer === undefined || answer === null) return;
    if (typeof answer === 'string') return fail(path, cut(answer));
    const { field, problem } = answer as { field?: unknown; problem?: unknown };
    if (typeof field === 'string' && field !== '' && typeof problem === 'string')
      return fail(`${path}.${cut(field)}`, cut(problem));
    return fail(path, 'failed its check');
  };
}
