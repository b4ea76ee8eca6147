import type { CustomTypeEntry } from './checkEventTypes.js';

/**
 * Where a registry made by defineEventTypes keeps its checked entries: a non-enumerable
 * property, so spreading a registry into a new definition copies only the definitions (which
 * are checked again). A registered symbol, so a registry from another copy of the library fits.
 */
export const ENTRIES = Symbol.for('labeltrail.types');

/** A `types` option as the trail reads it: defineEventTypes' entries, if it made it. */
export type Registry = { readonly [ENTRIES]?: ReadonlyMap<string, CustomTypeEntry> } | undefined;
