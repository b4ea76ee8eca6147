// The budgets CI checks: those that hold on a shared machine. Bundle sizes are exact; the one
// timing budget is a ratio against a baseline measured in the same page in the same run.
// `npm run budgets`; exits 1 when any budget is missed.
import { CREATE_TRAIL, measureAllBundles, TOGETHER } from './lib/bundles.js';
import { startBenchBrowser } from './lib/browser.js';
import { measurePersistence } from './lib/persistence.js';
import { BUNDLE_BUDGET_BYTES, CREATE_TRAIL_BUDGET_BYTES, PERSISTENCE_MIN_RATIO } from './limits.js';
import { checkTrackSpeed } from './lib/trackSpeedBudget.js';

const failures: string[] = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const bundles = await measureAllBundles();
for (const b of bundles) {
  console.log(
    `bundle ${b.entry.padEnd(30)} ${kb(b.minBytes).padStart(9)} min  ${String(b.gzipBytes).padStart(6)} B min+gzip`,
  );
  if (b.forbidden.length)
    failures.push(`bundle ${b.entry} contains collector or Node code (${b.forbidden.join(', ')})`);
}
for (const [entry, budget] of [
  [TOGETHER, BUNDLE_BUDGET_BYTES],
  [CREATE_TRAIL, CREATE_TRAIL_BUDGET_BYTES],
] as const) {
  const size = bundles.find((b) => b.entry === entry)!.gzipBytes;
  if (size > budget) failures.push(`${entry} is ${size} B min+gzip, over the ${budget} B budget`);
  console.log(`${entry}: ${size} B min+gzip of a ${budget} B budget`);
}

const bench = await startBenchBrowser();
try {
  const p = await measurePersistence(bench);
  console.log(
    `persistence: queue ${p.queueMs.median.toFixed(1)} ms, raw idb ${p.rawMs.median.toFixed(1)} ms ` +
      `for ${p.events} events; ratio ${p.ratio.median.toFixed(2)} (median of ${p.ratio.runs})`,
  );
  if (p.ratio.median < PERSISTENCE_MIN_RATIO)
    failures.push(`persistence ratio ${p.ratio.median.toFixed(2)} < ${PERSISTENCE_MIN_RATIO}`);
} finally {
  await bench.close();
}

failures.push(...(await checkTrackSpeed()));

if (failures.length) {
  console.error(`\nbudgets missed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nall budgets met');
