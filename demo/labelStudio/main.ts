// The demo's Label Studio page: Label Studio's own frontend embedded the way a labeling-tool
// developer would, wired to labeltrail with `withLabeltrail`, and the QA inspector beside it.
// `?role=reviewer` opens it as the reviewer (Accept / Reject); `?idle=ms` shortens the idle
// period for QA sessions that script time in tool.
import { createTrail, type Trail } from '../../src/index.js';
import { taskTime, withLabeltrail } from '../../src/capture/labelStudio.js';
import { recordAccepted } from '../editor/acceptedLog.js';
import { mountInspector } from '../inspector/mountInspector.js';
import { el } from '../lib/el.js';
import { formatMs } from '../lib/formatTime.js';
import { loadConfig } from '../lib/loadConfig.js';
import { loadLabelStudio, type LabelStudioInstance } from './loadLabelStudio.js';
import { LS_CONFIG, LS_TASKS, saveAnnotation, savedAnnotation, type LsTask } from './tasks.js';

/** Short retries so QA sees the queue drain within seconds of a fault being switched off. */
const DEMO_RETRY = { baseMs: 500, maxMs: 4_000 } as const;
/** Label Studio's panels for annotating; reviewing adds its Accept / Reject controls. */
const INTERFACES = ['panel', 'update', 'submit', 'skip', 'controls', 'topbar', 'infobar', 'side-column'];
/** How often the time panel reads the open task's time. */
const TIME_PANEL_MS = 500;

interface LsAnnotation {
  readonly id: string;
  readonly pk?: string | null;
  readonly loadedDate?: Date;
  serializeAnnotation(): unknown[];
}
interface LsStore {
  readonly annotationStore: { addAnnotation(o: object): { id: string }; selectAnnotation(id: string): void };
}

const params = new URLSearchParams(location.search);
const reviewer = params.get('role') === 'reviewer';
const idleMs = Number(params.get('idle')) || undefined;
const config = await loadConfig();
const who = reviewer ? config.reviewer : config.annotator;
document.getElementById('who')!.textContent = `logged in as ${who.id} (${reviewer ? 'reviewer' : 'annotator'})`;

const trail: Trail = createTrail({
  endpoint: '/v1/logs',
  actor: { id: who.id },
  context: { project: config.project, workflowStage: reviewer ? 'review' : 'annotate' },
  headers: () => ({ authorization: `Bearer ${who.token}` }),
  retry: DEMO_RETRY,
  ...(idleMs ? { capture: { idleMs } } : {}),
});
trail.events$.subscribe(recordAccepted);

const LabelStudio = await loadLabelStudio();
const editor = document.getElementById('editor')!;
const tabs = el('nav', { class: 'items', 'aria-label': 'Tasks' });
const status = el('p', { class: 'muted', 'data-ls': 'status' });
const time = el('p', { 'data-ls': 'time' });
const holder = el('div', { class: 'label-studio' });
editor.append(el('h2', { text: reviewer ? 'Label Studio · review' : 'Label Studio' }), tabs, time, status, holder);

let current: { task: LsTask; ls: LabelStudioInstance } | undefined;

const leadTimeMs = (annotation: LsAnnotation) => Date.now() - (annotation.loadedDate?.getTime() ?? Date.now());

/** The host's own callbacks: what a labeling app does with Label Studio's events. */
function hostOptions(task: LsTask): Record<string, unknown> {
  const saved = savedAnnotation(task.id);
  const next = () => show(LS_TASKS[(LS_TASKS.indexOf(task) + 1) % LS_TASKS.length]!);
  const submit = (_ls: unknown, annotation: LsAnnotation) => {
    // Store labeltrail's counted time with the annotation, beside Label Studio's lead time.
    const { countedMs } = taskTime(trail);
    const id = annotation.pk ?? saved?.id ?? `ann-${task.id}`;
    saveAnnotation(task.id, {
      id,
      result: annotation.serializeAnnotation(),
      countedMs,
      leadTimeMs: leadTimeMs(annotation),
      createdBy: who.id,
    });
    const lead = formatMs(leadTimeMs(annotation));
    status.textContent = `${task.id} submitted: counted ${formatMs(countedMs)}, lead time ${lead}`;
    next();
  };
  return {
    config: LS_CONFIG,
    interfaces: reviewer ? [...INTERFACES, 'review'] : INTERFACES,
    // Label Studio 1.4 takes numeric user ids only.
    user: { pk: reviewer ? 2 : 1, firstName: who.id },
    task: {
      id: task.id,
      data: { image: task.image },
      annotations: saved ? [{ id: saved.id, result: saved.result }] : [],
    },
    onLabelStudioLoad: (ls: LsStore) => {
      if (saved) return;
      const annotation = ls.annotationStore.addAnnotation({ userGenerate: true });
      ls.annotationStore.selectAnnotation(annotation.id);
    },
    onSubmitAnnotation: submit,
    onUpdateAnnotation: submit,
    onSkipTask: () => ((status.textContent = `${task.id} skipped`), next()),
    onSubmitDraft: () => Promise.resolve(),
    onAcceptAnnotation: () => ((status.textContent = `${task.id} accepted`), next()),
    onRejectAnnotation: () => ((status.textContent = `${task.id} rejected`), next()),
  };
}

function show(task: LsTask): void {
  current?.ls.destroy();
  const root = el('div', { id: `ls-${task.id}` });
  holder.replaceChildren(root);
  const id = String(task.id);
  tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-current', String(b.dataset.task === id)));
  current = { task, ls: new LabelStudio(root, withLabeltrail(trail, hostOptions(task))) };
}

for (const task of LS_TASKS) {
  const button = el('button', { type: 'button', 'data-task': String(task.id) }, task.title);
  button.addEventListener('click', () => show(task));
  tabs.append(button);
}
setInterval(() => {
  const t = taskTime(trail);
  const selected = current?.ls.store?.annotationStore?.selected as LsAnnotation | undefined;
  const lead = formatMs(selected ? leadTimeMs(selected) : 0);
  time.textContent = t.task
    ? `Time on ${t.task}: counted ${formatMs(t.countedMs)} (idle ${formatMs(t.idleMs)}, ` +
      `hidden ${formatMs(t.hiddenMs)}, other window ${formatMs(t.blurredMs)}) · Label Studio's lead time ${lead}`
    : 'No task open';
}, TIME_PANEL_MS);

mountInspector(document.getElementById('inspector')!, trail);
show(LS_TASKS[0]!);
// For QA in the console and for the end-to-end test.
Object.assign(window, { demo: { trail, ready: true, current: () => current } });
