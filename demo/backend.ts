// A backend beside the demo editor: it logs platform actions (a project export, an inference
// run, a new member) through labeltrail/node into the demo's collector, with its own token,
// as a real backend would. `npm run demo:backend` while `npm run demo` runs; the activity
// log then shows them beside the editor's events.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTrail, type TrailEvent } from '../src/node/index.js';
import { platformHelpers, platformTypes } from '../src/types/platform/index.js';
import type { DemoConfig } from './demoPlugin.js';

/** Where the demo backend keeps its queue between runs. */
export const DEMO_BACKEND_DIR = '.data/demo-backend';

/** Logs the backend's actions to the demo at `url` and delivers them; returns the events. */
export async function runDemoBackend(url: string, dir = DEMO_BACKEND_DIR): Promise<TrailEvent[]> {
  const config = (await (await fetch(new URL('__demo/config', url))).json()) as DemoConfig;
  const trail = createTrail({
    dir,
    endpoint: new URL('v1/logs', url).href,
    token: config.backend.token,
    actor: { id: config.backend.id },
    context: { project: config.project },
    types: platformTypes,
  });
  const platform = platformHelpers(trail);
  const events = [
    platform.project.export(config.project, { payload: { format: 'coco', items: 2 } }),
    platform.model.infer('detector-v2', { context: { item: 'img-photo' }, payload: { boxes: 3 } }),
    platform.member.add(config.annotator.id, { payload: { role: 'annotator' } }),
  ].filter((e): e is TrailEvent => e !== undefined);
  await trail.flush({ timeoutMs: 10_000 });
  await trail.close();
  return events;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? `http://127.0.0.1:${process.env.DEMO_PORT ?? 5173}/`;
  const events = await runDemoBackend(url);
  for (const e of events) console.log(`logged ${e.type} (${e.category}, ${e.kind}) as ${e.actor.id}`);
  console.log(`see them in ${url}activity.html`);
}
