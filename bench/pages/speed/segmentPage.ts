// The analytics-next page of the track() speed bench: Segment's browser library loaded offline
// (its CDN settings given, its API host the bench server), timed on the same event.
import { AnalyticsBrowser } from '@segment/analytics-next';
import { typicalFields } from '../common.js';
import { exposeTimers, POOL_SIZE } from './timing.js';

const WRITE_KEY = 'bench-write-key';

// Its sends and its own metrics go to this page's server.
const local = { apiHost: `${location.host}/segment`, protocol: 'http' } as const;
// Its README's way: calls go through the returned wrapper; it is timed once loaded.
const analytics = AnalyticsBrowser.load(
  // Given, so nothing is fetched from Segment's CDN.
  { writeKey: WRITE_KEY, cdnSettings: { integrations: { 'Segment.io': { apiKey: WRITE_KEY, ...local } } } },
  { initialPageview: false, integrations: { 'Segment.io': local } },
);
const [instance] = await analytics;
const properties = Array.from({ length: POOL_SIZE }, (_, i) => {
  const f = typicalFields(i);
  return { ...f.context, ...f.label, durationMs: f.durationMs };
});

exposeTimers(
  { track: (i) => void analytics.track('Label Added', properties[i]) },
  // Events it has not yet handed to its sender.
  () => instance.queue.queue.length > 0,
);
