import { TrailConfigError } from '../../TrailConfigError.js';
import type { CustomTypeEntry } from './checkEventTypes.js';

// Registries made by defineEventTypes, with their checked entries. The checking code lives
// with defineEventTypes (`labeltrail/types`), so a trail without custom types does not load it.
const defined = new WeakMap<object, ReadonlyMap<string, CustomTypeEntry>>();

const NONE: ReadonlyMap<string, CustomTypeEntry> = new Map();

/** Remembers a checked registry (defineEventTypes' result) and its entries. */
export function rememberTypes(types: object, entries: ReadonlyMap<string, CustomTypeEntry>): void {
  defined.set(types, entries);
}

/** The entries of a trail's `types` option; a TrailConfigError unless defineEventTypes made it. */
export function definedTypes(types: unknown): ReadonlyMap<string, CustomTypeEntry> {
  if (types === undefined) return NONE;
  const entries = typeof types === 'object' && types !== null ? defined.get(types) : undefined;
  if (!entries) throw new TrailConfigError('types', 'must be made by defineEventTypes() (labeltrail/types)');
  return entries;
}
