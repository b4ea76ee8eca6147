// Shared by the benchmark pages: the typical event an editor emits most often.
import type { TrackFields } from '../../src/events/Tracker.js';

/** A `label.added` as an annotation editor sends it: item and frame, label instance, time taken. */
export function typicalFields(i: number): TrackFields {
  return {
    context: { item: `img-${i % 1000}`, frame: i % 250 },
    label: { id: `obj-${i}`, feature: 'f-car', name: 'Car' },
    durationMs: 1200 + (i % 5000),
  };
}

/** Median and 95th percentile of a list of figures. */
export function summary(values: readonly number[]): { median: number; p95: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}
