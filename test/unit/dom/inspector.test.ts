// The demo's inspector widgets, found by role and text as a person reads them, driven with
// user-event against a real trail (fake-indexeddb, a recording fetch).
import { findByText, getByRole, getByText, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { mountEventStream } from '../../../demo/inspector/eventStream.js';
import { mountFaultSwitches } from '../../../demo/inspector/faultSwitches.js';
import { mountTimerView } from '../../../demo/inspector/timerView.js';
import { createTrail, type Trail } from '../../../src/index.js';
import { installPageState } from '../capture/pageState.js';

let container: HTMLElement;
let trail: Trail;
let mode = 'none';
const posted: unknown[] = [];
let dbCount = 0;

beforeEach(() => {
  installPageState(); // visible and focused, as a person at the editor
  container = document.createElement('div');
  document.body.append(container);
  mode = 'none';
  posted.length = 0;
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (url === '/__demo/faults' && init?.method === 'POST') {
      posted.push(JSON.parse(String(init.body)));
      mode = (posted.at(-1) as { mode: string }).mode;
    }
    return new Response(JSON.stringify(url === '/__demo/faults' ? { mode } : {}), { status: 200 });
  });
  trail = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-1' },
    dbName: `inspector-test-${dbCount++}`,
    gzip: false,
    capture: { storage: null },
  });
});
afterEach(async () => {
  await trail.close();
  container.remove();
  vi.unstubAllGlobals();
});

test('fault switches: choosing a fault by its label posts it and checks that switch', async () => {
  const user = userEvent.setup();
  mountFaultSwitches(container);
  const group = getByRole(container, 'radiogroup');
  const radio = (name: RegExp) => within(group).getByRole<HTMLInputElement>('radio', { name });
  await vi.waitFor(() => expect(radio(/Healthy/).checked).toBe(true));
  await user.click(radio(/Collector answers 500/));
  expect(posted).toEqual([{ mode: 'error-500' }]);
  await vi.waitFor(() => expect(radio(/answers 500/).checked).toBe(true));
  expect(radio(/Healthy/).checked).toBe(false);
  expect(getByRole(container, 'button', { name: 'Reload page' })).toBeDefined();
});

test('event stream: every accepted event appears as a list item, newest first', async () => {
  mountEventStream(container, trail);
  trail.openItem('img-7');
  trail.label.add({ id: 'box-1', name: 'Car' });
  const items = within(getByRole(container, 'list')).getAllByRole('listitem');
  expect(items.map((li) => li.querySelector('code')!.textContent)).toEqual(['label.added', 'item.opened']);
  expect(getByText(container, /Car · img-7/)).toBeDefined();
  expect(getByText(container, /2 accepted on this page/)).toBeDefined();
});

test('timer view: shows the open item and that its time is counting', async () => {
  mountTimerView(container, trail);
  trail.openItem('img-9');
  expect(await findByText(container, 'img-9')).toBeDefined();
  expect(await findByText(container, 'counting')).toBeDefined();
  trail.closeItem();
  expect(await findByText(container, 'no item')).toBeDefined();
});
