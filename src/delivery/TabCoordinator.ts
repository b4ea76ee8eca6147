import { holdLeadership } from './holdLeadership.js';

/** What tabs sharing one database tell each other. */
export type TabMessage = { t: 'nudge' } | { t: 'flush' } | { t: 'settled'; seqs: Record<string, number> };

export interface TabHandlers {
  /** Another tab stored events, or asks for a flush: the delivering tab sends soon or now. */
  nudge(): void;
  flush(): void;
  /** The delivering tab settled events, by session up to a seq. */
  settled(seqs: Record<string, number>): void;
  leader(leader: boolean): void;
}

/**
 * Tab coordination for one database: every tab appends to the shared queue, the one that holds
 * the Web Lock delivers, and a BroadcastChannel carries nudges and settlements between them.
 */
export class TabCoordinator {
  readonly #channel: BroadcastChannel | undefined;
  #release: (() => void) | undefined;
  readonly #onMessage = (message: MessageEvent<TabMessage>): void => {
    const data = message.data;
    if (data?.t === 'nudge') this.#handlers.nudge();
    else if (data?.t === 'flush') this.#handlers.flush();
    else if (data?.t === 'settled') this.#handlers.settled(data.seqs);
  };

  readonly #dbName: string;
  readonly #handlers: TabHandlers;

  constructor(dbName: string, handlers: TabHandlers) {
    this.#dbName = dbName;
    this.#handlers = handlers;
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`labeltrail:${dbName}`) : undefined;
    this.#channel?.addEventListener('message', this.#onMessage);
  }

  /** Competes for the delivery lock (once the shared queue is open). */
  lead(): void {
    this.#release ??= holdLeadership(`labeltrail:deliver:${this.#dbName}`, this.#handlers.leader);
  }

  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel only loses a nudge; the deliverer's timers catch up.
    }
  }

  close(): void {
    this.#release?.();
    this.#channel?.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
  }
}
