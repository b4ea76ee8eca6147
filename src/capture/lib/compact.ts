/** The object without its undefined fields, so an event carries only what was given. */
export function compact<T extends object>(value: T): T {
  // Every helper call compacts three or four objects: a loop, not entries/filter/fromEntries.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
