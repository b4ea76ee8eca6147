// The labeltrail page of the track() speed bench: a trail made as the README's first example
// makes it, and timed loops of the calls an editor makes most often.
import { createTrail } from '../../../src/index.js';
import { typicalFields } from '../common.js';
import { exposeTimers, POOL_SIZE } from './timing.js';

const trail = createTrail({
  endpoint: '/v1/logs',
  actor: { id: 'u-1', email: 'ann@example.com' },
  context: { project: 'p1', workflowStage: 'annotate' },
});
const fields = Array.from({ length: POOL_SIZE }, (_, i) => typicalFields(i));
// The same event through the typed helper: label, place and time taken in one object.
const actions = fields.map((f, i) => ({
  id: `obj-${i}`,
  feature: f.label?.feature,
  name: f.label?.name,
  item: f.context?.item,
  frame: f.context?.frame,
  durationMs: f.durationMs,
}));

exposeTimers({
  track: (i) => trail.track('label.added', fields[i]),
  helper: (i) => trail.label.add(actions[i]!),
});
