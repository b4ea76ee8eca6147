import type { TrailEvent } from '../../src/index.js';
import { eventDescriptions } from '../../src/events/eventDescriptions.js';
import { isEventType } from '../../src/events/taxonomy.js';

/** A sentence for the activity log: the type's description plus what it was about. */
export function describeEvent(e: TrailEvent): string {
  // A custom type's description stays with its sender: its name says what happened.
  const parts: string[] = [isEventType(e.type) ? eventDescriptions[e.type] : e.type];
  if (e.label?.name) parts.push(`“${e.label.name}”`);
  if (e.context.item) parts.push(`on ${e.context.item}`);
  if (e.context.frame !== undefined) parts.push(`at frame ${e.context.frame}`);
  const p = (e.payload ?? {}) as Record<string, unknown>;
  if (e.type === 'item.duration' && typeof p.seconds === 'number') parts.push(`— ${p.seconds} s in the tool`);
  if (e.type === 'video.seeking') parts.push(`— frame ${String(p.fromFrame)} → ${String(p.toFrame)}`);
  if ((e.type === 'video.buffering' || e.type === 'video.startup') && typeof p.durationMs === 'number') {
    parts.push(`— ${Math.round(p.durationMs)} ms`);
  }
  if (e.type.startsWith('label.') && e.durationMs !== undefined)
    parts.push(`(took ${(e.durationMs / 1000).toFixed(1)} s)`);
  return parts.join(' ');
}
