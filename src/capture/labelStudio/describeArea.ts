import type { LabelAction } from '../helpers/actions.js';
import type { LabelStudioArea, LabelStudioResult } from './LabelStudioLike.js';

/** How an area is described in events; the text of a text area only when the host opts in. */
export interface DescribeOptions {
  readonly textContent: boolean;
}

/** A Label Studio id or value as text: a non-empty string, or a number (task ids are numbers). */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

const controlOf = (result: LabelStudioResult | undefined): string | undefined =>
  result === undefined
    ? undefined
    : text(typeof result.from_name === 'object' ? result.from_name?.name : result.from_name);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The area's id as results carry it: Label Studio suffixes `#annotation` to ids it loads. */
export function areaId(area: LabelStudioArea): string | undefined {
  return text(area.cleanId) ?? text(area.id)?.replace(/#.*$/, '');
}

/**
 * A region as a label: its id, `feature` the control and first label (`label/Car`), `name`
 * the first label, and every label in `payload.labels` (a region may carry several).
 */
export function describeRegion(area: LabelStudioArea): LabelAction | undefined {
  const id = areaId(area);
  if (id === undefined) return undefined;
  const labels = strings(area.labels);
  const control = controlOf(area.labeling ?? area.results?.[0]);
  const name = labels[0];
  const feature = control !== undefined && name !== undefined ? `${control}/${name}` : (control ?? name);
  const type = text(area.type);
  return { id, feature, name, payload: { labels, ...(type ? { regionType: type } : {}) } };
}

/** What a text area holds: its length always, the texts only when the host opted in. */
function textPayload(value: unknown, options: DescribeOptions): Record<string, unknown> {
  const texts = strings(value);
  const length = texts.reduce((sum, t) => sum + t.length, 0);
  return options.textContent ? { texts, length } : { length };
}

/**
 * A whole-task classification (choices, a rating, a text area) as a classification: `feature`
 * the control (and the choice, `quality/Good`), `name` the choice or rating. A text area's
 * text is personal data: by default only its length is sent.
 */
export function describeClassification(area: LabelStudioArea, options: DescribeOptions): LabelAction | undefined {
  const id = areaId(area);
  const result = area.results?.[0];
  if (id === undefined || result === undefined) return undefined;
  const control = controlOf(result);
  const kind = text(result.type);
  if (kind === 'textarea')
    return { id, feature: control, payload: { control: kind, ...textPayload(result.mainValue, options) } };
  const values = Array.isArray(result.mainValue) ? strings(result.mainValue) : [text(result.mainValue)].filter(Boolean);
  const name = values[0];
  const feature = control !== undefined && name !== undefined ? `${control}/${name}` : (control ?? name);
  return { id, feature, name, payload: { control: kind, values } };
}
