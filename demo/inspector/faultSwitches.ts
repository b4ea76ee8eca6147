import { el } from '../lib/el.js';

/** How often the switches re-read the server's fault mode. */
const POLL_MS = 1_000;

const SWITCHES: readonly [mode: string, label: string][] = [
  ['none', 'Healthy'],
  ['offline', 'Offline (connection dropped)'],
  ['error-500', 'Collector answers 500'],
  ['error-429', 'Collector answers 429 + Retry-After'],
  ['slow', 'Slow collector (3 s)'],
  ['video-slow', 'Slow video (segments held 2 s)'],
];

/** Radio switches for the demo server's fault modes (`POST /__demo/faults`), plus a reload button. */
export function mountFaultSwitches(container: HTMLElement): void {
  const group = el('div', { class: 'switches', role: 'radiogroup' });
  const note = el('span', { class: 'muted' });
  const set = async (mode: string) => {
    try {
      const response = await fetch('/__demo/faults', { method: 'POST', body: JSON.stringify({ mode }) });
      const { mode: now } = (await response.json()) as { mode: string };
      group.querySelectorAll('input').forEach((i) => (i.checked = i.value === now));
      note.textContent = '';
    } catch (error) {
      note.textContent = `could not switch: ${String(error)}`;
    }
  };
  for (const [mode, label] of SWITCHES) {
    const input = el('input', { type: 'radio', name: 'fault', value: mode });
    input.addEventListener('change', () => void set(mode));
    group.append(el('label', { class: `switch ${mode === 'none' ? '' : 'fault'}` }, input, ` ${label}`));
  }
  const reload = el('button', { type: 'button', 'data-action': 'reload' }, 'Reload page');
  reload.addEventListener('click', () => location.reload());
  container.append(group, el('div', { class: 'row' }, reload, note));
  // The mode lives on the server (another tab or a script may switch it): show what it is now.
  const poll = () =>
    fetch('/__demo/faults')
      .then((r) => r.json() as Promise<{ mode: string }>)
      .then(({ mode }) => {
        group.querySelectorAll('input').forEach((i) => (i.checked = i.value === mode));
        note.textContent = '';
      })
      .catch(() => (note.textContent = 'demo server unreachable'))
      .finally(() => setTimeout(poll, POLL_MS));
  void poll();
}
