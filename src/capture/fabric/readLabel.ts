import type { LabelAction } from '../helpers/actions.js';

type LabelFields = Pick<LabelAction, 'id' | 'feature' | 'name'>;

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * The label fields `labelOf` gave for an object, or undefined when it is not a label. Throws a
 * `TypeError` saying what is wrong with an answer of another shape, for the adapter's onError:
 * a label event with a made-up id would be worse than none.
 */
export function readLabel<T extends object>(labelOf: (object: T) => unknown, object: T): LabelFields | undefined {
  const answer = labelOf(object);
  if (answer === undefined || answer === null) return undefined;
  const problem = (what: string) =>
    new TypeError(`labeltrail fabric: labelOf must return { id, feature?, name? } or undefined; ${what}`);
  if (typeof answer !== 'object') throw problem(`got ${describe(answer)}`);
  const { id, feature, name } = answer as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') throw problem(`got id ${describe(id)}, not a non-empty string`);
  if (feature !== undefined && typeof feature !== 'string') throw problem(`got feature ${describe(feature)}`);
  if (name !== undefined && typeof name !== 'string') throw problem(`got name ${describe(name)}`);
  return { id, ...(feature === undefined ? {} : { feature }), ...(name === undefined ? {} : { name }) };
}
