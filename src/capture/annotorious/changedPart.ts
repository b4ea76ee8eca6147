/** What an update changed: the shape (`target`), the bodies (label, tags), or both. */
export function changedPart(annotation: unknown, previous: unknown): 'target' | 'bodies' | 'both' {
  const a = annotation as { target?: unknown; bodies?: unknown };
  const b = previous as { target?: unknown; bodies?: unknown };
  const target = JSON.stringify(a.target) !== JSON.stringify(b.target);
  const bodies = JSON.stringify(a.bodies) !== JSON.stringify(b.bodies);
  return target && bodies ? 'both' : bodies ? 'bodies' : 'target';
}
