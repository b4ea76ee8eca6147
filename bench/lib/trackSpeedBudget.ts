// The track() speed budget `npm run budgets` holds: ratios measured in one run, which hold on
// a shared machine where the absolute figures do not.
import { LABEL_HELPER_MAX_RATIO, TRACK_SPEED_MIN_RATIO } from '../limits.js';
import { measureTrackSpeed, type TrackSpeedFigures } from './trackSpeed.js';

const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

/** One line per figure, as both `npm run budgets` and `npm run bench` print them. */
export function describeTrackSpeed(f: TrackSpeedFigures): string {
  return (
    `track(): ${us(f.trackNs.median)}, label.add(): ${us(f.helperNs.median)}, ` +
    `analytics-next track(): ${us(f.segmentNs.median)} (medians of ${f.trackNs.runs} runs); ` +
    `analytics-next ÷ track() ${f.segmentRatio.median.toFixed(1)}×, ` +
    `label.add() ÷ track() ${f.helperRatio.median.toFixed(2)}×`
  );
}

/** The budgets missed, worded; empty when both hold. */
export async function checkTrackSpeed(): Promise<string[]> {
  const f = await measureTrackSpeed();
  console.log(describeTrackSpeed(f));
  const failures: string[] = [];
  if (f.segmentRatio.median < TRACK_SPEED_MIN_RATIO)
    failures.push(`analytics-next is only ${f.segmentRatio.median.toFixed(1)}× slower than track()`);
  if (f.helperRatio.median > LABEL_HELPER_MAX_RATIO)
    failures.push(`label.add() takes ${f.helperRatio.median.toFixed(2)}× track()`);
  return failures;
}
