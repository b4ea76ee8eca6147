import { TrailConfigError } from '../../TrailConfigError.js';
import type { CustomEventTypes } from '../CustomEventType.js';
import { CATEGORY_PROBLEM, isCategoryName, isTypeName, TYPE_NAME_PROBLEM } from '../limits.js';
import { eventKinds, isEventKind, isEventType, type EventKind } from '../taxonomy.js';
import { customPayloadCheck } from './customPayloadCheck.js';
import { customEvent, type CustomEventBuilder } from './customEvent.js';

/** A custom type as the trail uses it: the builder of its events (category, kind, payload check). */
export type CustomTypeEntry = CustomEventBuilder;

/** More would be a taxonomy in the wrong place: the registry is read on every track(). */
export const MAX_CUSTOM_TYPES = 1000;
/** A description is a sentence for an activity log, not documentation. */
export const MAX_DESCRIPTION_LENGTH = 200;

const KEYS = new Set(['category', 'kind', 'description', 'payload']);

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function entryOf(name: string, spec: unknown): CustomTypeEntry {
  const option = `types[${JSON.stringify(name)}]`;
  const bad = (field: string, problem: string): never => {
    throw new TrailConfigError(field ? `${option}.${field}` : option, problem);
  };
  if (!isTypeName(name)) bad('', `type name ${TYPE_NAME_PROBLEM} (like project.exported)`);
  if (isEventType(name)) bad('', 'redefines a built-in event type');
  if (!isPlain(spec)) return bad('', 'must be an object { category, kind, description?, payload? }');
  for (const key of Object.keys(spec)) {
    if (key === 'code') bad('code', 'custom types take no action code (codes are the label-log table’s)');
    if (!KEYS.has(key)) bad(key, 'is not a field of a custom type (category, kind, description, payload)');
  }
  const { category, kind, description, payload } = spec;
  if (!isCategoryName(category)) bad('category', CATEGORY_PROBLEM);
  if (!isEventKind(kind)) bad('kind', `must be one of ${eventKinds.join(', ')}`);
  if (description !== undefined && !(typeof description === 'string' && description.length <= MAX_DESCRIPTION_LENGTH))
    bad('description', `must be text of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  if (payload !== undefined && typeof payload !== 'function')
    bad('payload', 'must be a function answering the problem of a payload, or nothing');
  const check = payload ? customPayloadCheck(payload as () => undefined) : undefined;
  return customEvent(name, category as string, kind as EventKind, check);
}

/**
 * The custom types of a trail, checked: every name well formed and new, every definition
 * complete. Throws a TrailConfigError naming the type and field of the first problem.
 */
export function checkEventTypes(types: CustomEventTypes | undefined): ReadonlyMap<string, CustomTypeEntry> {
  const entries = new Map<string, CustomTypeEntry>();
  if (types === undefined) return entries;
  if (!isPlain(types)) throw new TrailConfigError('types', 'must be an object of type names to definitions');
  const names = Object.keys(types);
  if (names.length > MAX_CUSTOM_TYPES)
    throw new TrailConfigError('types', `holds ${names.length} types, more than ${MAX_CUSTOM_TYPES}`);
  for (const name of names) entries.set(name, entryOf(name, types[name]));
  return entries;
}
