import type { Queue } from '../queue/Queue.js';
import type { Deliverer } from './Deliverer.js';
import type { TabCoordinator } from './TabCoordinator.js';

/**
 * The trail's deliverers: one for this tab's memory queue, always on (no other tab can see
 * it), and one for the shared IndexedDB queue once it is open, on while this tab holds the
 * delivery lock.
 */
export class Deliveries {
  declare readonly memory: Deliverer;
  #shared: Deliverer | undefined;
  #stopped = false;

  readonly #make: (queue: Queue) => Deliverer;
  readonly #tabs: TabCoordinator;

  constructor(make: (queue: Queue) => Deliverer, memoryQueue: Queue, tabs: TabCoordinator) {
    this.#make = make;
    this.#tabs = tabs;
    this.memory = make(memoryQueue);
    this.memory.setEnabled(true);
  }

  get shared(): Deliverer | undefined {
    return this.#shared;
  }

  all(): Deliverer[] {
    return this.#shared ? [this.#shared, this.memory] : [this.memory];
  }

  /** The shared queue opened: deliver from it while this tab leads. */
  open(queue: Queue): void {
    this.#shared ??= this.#make(queue);
    this.#tabs.lead();
  }

  lead(leader: boolean): void {
    this.#shared?.setEnabled(leader && !this.#stopped);
  }

  /** Events were stored in `queue`: its deliverer sends within the batching delay, wherever it runs. */
  stored(queue: Queue): void {
    const target = queue === this.memory.queue ? this.memory : this.#shared;
    if (target?.isEnabled) target.nudge();
    if (target === this.#shared) this.#tabs.post({ t: 'nudge' });
  }

  now(): void {
    for (const d of this.all()) d.now();
  }

  resetBackoff(): void {
    for (const d of this.all()) d.resetBackoff();
  }

  /** While memory's events move to IndexedDB, memory must not send them too. */
  pauseMemory(): Promise<void> {
    return this.memory.stop();
  }

  resumeMemory(): void {
    this.memory.setEnabled(!this.#stopped);
  }

  /** Stops every deliverer once its request in flight (if any) has been answered and settled. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.all().map((d) => d.stop()));
  }
}
