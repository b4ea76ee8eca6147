// `npm run bench -- --soak`: the long versions of the fault scenarios that `npm test` runs short
// (test/browser/faults/support.ts LENGTHS): 180 s offline at 500 events/s, then draining that
// 90,000-event backlog within a stated flush() timeout; 10 s of 500s; 4 tabs under load for 60 s.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SOAK_FILES = ['test/browser/faults/network.test.ts', 'test/browser/faults/tabs.test.ts'];

export interface SoakFigures {
  readonly passed: boolean;
  readonly rows: readonly { scenario: string; emitted: number; stored: number; lost: number; figure: string }[];
}

/** Runs the soak lengths of the fault files in real Chromium; their report rows are the figures. */
export function runSoak(log: (line: string) => void): SoakFigures {
  log(`soak: ${SOAK_FILES.join(', ')} at soak lengths (several minutes)...`);
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'browser', ...SOAK_FILES], {
    env: { ...process.env, LABELTRAIL_SOAK: '1' },
    stdio: 'inherit',
  });
  const report = JSON.parse(readFileSync('test-results/faults.json', 'utf8')) as {
    lengths: string;
    rows: SoakFigures['rows'];
  };
  return { passed: run.status === 0 && report.lengths === 'soak', rows: report.rows };
}
