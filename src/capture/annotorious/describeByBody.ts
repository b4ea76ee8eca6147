import type { LabelAction } from '../helpers/actions.js';
import type { AnnotoriousAnnotation } from './AnnotoriousLike.js';

/** Name and feature from the body that classifies the annotation, else its first tag. */
export function describeByBody(annotation: AnnotoriousAnnotation): Partial<Omit<LabelAction, 'id'>> {
  const bodies = annotation.bodies ?? [];
  const body = bodies.find((b) => b.purpose === 'classifying') ?? bodies.find((b) => b.purpose === 'tagging');
  const feature = annotation.properties?.feature;
  const result: { feature?: string; name?: string } = {};
  if (typeof feature === 'string') result.feature = feature;
  else if (body?.value) result.feature = body.value;
  if (body?.value) result.name = body.value;
  return result;
}
