// The demo editor page: a labeling tool wired to labeltrail the way an integrator would do
// it, with the QA inspector beside it.
import { createTrail, type Trail } from '../../src/index.js';
import { el } from '../lib/el.js';
import { loadConfig } from '../lib/loadConfig.js';
import { mountInspector } from '../inspector/mountInspector.js';
import { recordAccepted } from './acceptedLog.js';
import { emptyImageState, mountImageTask, type ImageItemState } from './imageTask.js';
import { ITEMS, type DemoItem } from './items.js';
import { mountVideoTask } from './videoTask.js';

/** Short retries so QA sees the queue drain within seconds of a fault being switched off. */
const DEMO_RETRY = { baseMs: 500, maxMs: 4_000 } as const;
/** sessionStorage key of the open item, so a reload reopens it and time in tool resumes. */
const OPEN_ITEM_KEY = 'labeltrail-demo:item';

const config = await loadConfig();
document.getElementById('who')!.textContent = `logged in as ${config.annotator.id} (annotator)`;

const trail: Trail = createTrail({
  endpoint: '/v1/logs',
  actor: { id: config.annotator.id, email: config.annotator.email },
  context: { project: config.project, workflowStage: 'annotate' },
  headers: () => ({ authorization: `Bearer ${config.annotator.token}` }),
  retry: DEMO_RETRY,
});
trail.events$.subscribe(recordAccepted);

const editor = document.getElementById('editor')!;
const tabs = el('nav', { class: 'items', 'aria-label': 'Items' });
const task = el('div', { class: 'task' });
editor.append(el('h2', { text: 'Editor' }), tabs, task);

const imageStates = new Map<string, ImageItemState>();
let unmount: (() => void) | undefined;
let opening = Promise.resolve();

async function open(item: DemoItem): Promise<void> {
  unmount?.();
  unmount = undefined;
  task.replaceChildren(el('h3', { text: item.title }));
  tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-current', String(b.dataset.item === item.id)));
  sessionStorage.setItem(OPEN_ITEM_KEY, item.id);
  // Opening the next item closes the previous one: both report their time in tool.
  trail.openItem(item.id, { project: config.project, task: item.kind === 'video' ? 'task-video' : 'task-images' });
  if (item.kind === 'image') {
    const state = imageStates.get(item.id) ?? emptyImageState();
    imageStates.set(item.id, state);
    unmount = await mountImageTask(task, trail, item.src, state);
  } else {
    unmount = await mountVideoTask(task, trail, item.id);
  }
}

for (const item of ITEMS) {
  const button = el('button', { type: 'button', 'data-item': item.id }, item.title);
  button.addEventListener('click', () => {
    opening = opening.then(() => open(item)).catch((error: unknown) => console.warn('demo: open item', error));
  });
  tabs.append(button);
}
const close = el('button', { type: 'button', 'data-item': '', class: 'secondary' }, 'Close item');
close.addEventListener('click', () => {
  opening = opening.then(() => {
    unmount?.();
    unmount = undefined;
    trail.closeItem();
    sessionStorage.removeItem(OPEN_ITEM_KEY);
    task.replaceChildren(el('p', { class: 'muted', text: 'No item open. Pick one above.' }));
    tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-current', 'false'));
  });
});
tabs.append(close);

mountInspector(document.getElementById('inspector')!, trail);
const first = ITEMS.find((i) => i.id === sessionStorage.getItem(OPEN_ITEM_KEY)) ?? ITEMS[0]!;
opening = open(first);
await opening;
// For QA in the console and for the end-to-end test.
Object.assign(window, { demo: { trail, ready: true } });
