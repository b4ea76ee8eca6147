import type { Trail } from '../../src/index.js';
import { el } from '../lib/el.js';
import { mountDeliveryLog } from './deliveryLog.js';
import { mountEventStream } from './eventStream.js';
import { mountFaultSwitches } from './faultSwitches.js';
import { mountQueueView } from './queueView.js';
import { mountTimerView } from './timerView.js';

/** The QA inspector: faults, pipeline status and deliveries, the stored queue, the timer and the live stream. */
export function mountInspector(container: HTMLElement, trail: Trail): void {
  const section = (title: string, id: string) => {
    const body = el('div', { class: 'section-body' });
    container.append(el('section', { class: 'inspector-section', id }, el('h3', { text: title }), body));
    return body;
  };
  container.append(el('h2', { text: 'Inspector' }));
  mountFaultSwitches(section('Fault switches', 'faults'));
  mountDeliveryLog(section('Deliveries', 'deliveries'), trail);
  mountQueueView(section('Queue in IndexedDB', 'queue'), trail);
  mountTimerView(section('Time in tool', 'timer'), trail);
  mountEventStream(section('Accepted events (live)', 'stream'), trail);
}
