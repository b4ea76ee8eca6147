import { POISON_HALVE_AFTER, POISON_PARK_AFTER } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';

/**
 * Finds an event the endpoint can never store (it answers 5xx to every batch holding it)
 * without ever parking events because of an outage. The same batch failing 3 times in a row
 * is halved, down to one event; an event that failed alone is a suspect, set aside while the
 * others go on, and tried alone again after each 2xx for another batch. Only failures
 * separated by such a 2xx count: after 5 of them it is parked. In an outage nothing gets a
 * 2xx, so nothing is ever parked.
 */
export class PoisonSearch {
  #cap = Infinity;
  #head = '';
  #fails = 0;
  // Head of the batch that was halved: once it is delivered, full batches resume.
  #halvedHead: string | undefined;
  #suspect: { id: string; fails: number; due: boolean } | undefined;

  /** Largest batch to send now. */
  get cap(): number {
    return this.#cap;
  }

  /** The event set aside, if any. */
  get suspect(): string | undefined {
    return this.#suspect?.id;
  }

  /** A 2xx for another batch came since the suspect last failed: try it alone now. */
  get suspectDue(): boolean {
    return this.#suspect?.due === true;
  }

  /** The suspect is no longer stored (dropped, or settled by another path). */
  forget(): void {
    this.#suspect = undefined;
  }

  /** A 5xx without `Retry-After` for `events`; true when its one event is to be parked. */
  failed(events: readonly TrailEvent[]): boolean {
    const head = events[0]!.id;
    const suspect = this.#suspect;
    if (suspect && events.length === 1 && head === suspect.id) {
      if (suspect.due) suspect.fails++;
      suspect.due = false;
      return suspect.fails >= POISON_PARK_AFTER;
    }
    // The same batch is the one starting at the same event, however many joined it since.
    this.#fails = head === this.#head ? this.#fails + 1 : 1;
    this.#head = head;
    if (events.length === 1 && !suspect) {
      this.#suspect = { id: head, fails: 1, due: false };
      this.#cap = Infinity;
      this.#fails = 0;
    } else if (this.#fails >= POISON_HALVE_AFTER && events.length > 1) {
      this.#cap = Math.max(1, Math.floor(events.length / 2));
      this.#halvedHead = head;
      this.#fails = 0;
    }
    return false;
  }

  /** `events` were answered 2xx. */
  succeeded(events: readonly TrailEvent[]): void {
    this.#fails = 0;
    this.#head = '';
    const suspect = this.#suspect;
    if (suspect) {
      if (events.some((e) => e.id === suspect.id)) this.#suspect = undefined;
      else suspect.due = true;
    }
    if (this.#halvedHead !== undefined && events.some((e) => e.id === this.#halvedHead)) {
      this.#halvedHead = undefined;
      this.#cap = Infinity;
    }
  }
}
