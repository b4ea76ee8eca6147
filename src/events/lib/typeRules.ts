import { eventTypes, isEventType, type EventKind } from '../taxonomy.js';

/** The parts of an envelope that depend on its type. */
interface Typed {
  readonly type: string;
  readonly code: number | null;
  readonly category?: string | undefined;
  readonly kind?: EventKind | undefined;
}

/**
 * Every problem with what an envelope says about its type, as [field, problem], in field
 * order. A built-in type has its table's action code, and its table's category and kind
 * when it carries them (receivers may derive them); a custom type has no code and must
 * carry both. One definition for the zod schema (all problems) and `validateEvent` (the first).
 */
export function typeRules(event: Typed): Array<[field: 'code' | 'category' | 'kind', problem: string]> {
  const problems: Array<['code' | 'category' | 'kind', string]> = [];
  if (isEventType(event.type)) {
    const info = eventTypes[event.type];
    if (event.code !== info.code) problems.push(['code', `must be ${info.code} for ${event.type} (its action number)`]);
    if (event.category !== undefined && event.category !== info.category)
      problems.push(['category', `must be ${info.category} for ${event.type}, or left out`]);
    if (event.kind !== undefined && event.kind !== info.kind)
      problems.push(['kind', `must be ${info.kind} for ${event.type}, or left out`]);
    return problems;
  }
  if (event.code !== null) problems.push(['code', 'must be null: custom types take no action number']);
  if (event.category === undefined) problems.push(['category', 'is required for a custom type']);
  if (event.kind === undefined) problems.push(['kind', 'is required for a custom type']);
  return problems;
}
