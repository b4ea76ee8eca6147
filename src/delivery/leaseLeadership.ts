import { DELIVERY_LEASE_MS, DELIVERY_LEASE_RENEW_MS, DELIVERY_LEASE_SETTLE_MS } from '../defaults.js';
import { uuidv7 } from '../lib/uuidv7.js';

/** The lease record, in localStorage under the lock's name. `expires` is wall-clock ms. */
interface Lease {
  readonly owner: string;
  readonly expires: number;
}

export interface LeaseOptions {
  readonly storage: Storage;
  /** Where `storage` and `pagehide` / `pageshow` events arrive; none in tests. */
  readonly window?: Window;
  readonly leaseMs?: number;
  readonly renewMs?: number;
  readonly settleMs?: number;
}

type State = 'candidate' | 'claiming' | 'leader';

const parse = (raw: string | null): Lease | undefined => {
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<Lease> | null;
    return typeof value?.owner === 'string' && typeof value.expires === 'number' ? (value as Lease) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * One delivering tab where Web Locks are missing (an `http:` origin other than localhost): a
 * lease record with its owner and expiry, renewed every `renewMs` by the tab that holds it.
 * localStorage has no compare-and-swap, so a tab that finds the lease free writes its claim
 * and leads only if the record is still its own `settleMs` later (the last writer wins).
 * Date.now() is the system clock every page reads alike, unlike a page's timeOrigin.
 */
class LeadershipLease {
  #state: State = 'candidate';
  #timer: ReturnType<typeof setInterval> | undefined;
  #settle: ReturnType<typeof setTimeout> | undefined;
  readonly #id = uuidv7();
  readonly #leaseMs: number;
  readonly #renewMs: number;
  readonly #settleMs: number;
  readonly #removers: (() => void)[] = [];

  constructor(
    readonly name: string,
    readonly options: LeaseOptions,
    readonly onChange: (leader: boolean) => void,
  ) {
    this.#leaseMs = options.leaseMs ?? DELIVERY_LEASE_MS;
    this.#renewMs = options.renewMs ?? DELIVERY_LEASE_RENEW_MS;
    this.#settleMs = options.settleMs ?? DELIVERY_LEASE_SETTLE_MS;
    const on = <K extends keyof WindowEventMap>(type: K, handler: (event: WindowEventMap[K]) => void) => {
      options.window?.addEventListener(type, handler);
      this.#removers.push(() => options.window?.removeEventListener(type, handler));
    };
    // Another tab wrote or released the lease: step down, or claim a released one, at once.
    on('storage', (event) => {
      if (event.key === name && this.#timer !== undefined) this.#tick(false);
    });
    // A page that goes away frees the lease, so another tab need not wait for it to expire.
    on('pagehide', () => this.#release());
    on('pageshow', (event) => event.persisted && this.#start());
    this.#start();
  }

  stop(): void {
    this.#release();
    this.#removers.forEach((remove) => remove());
  }

  #start(): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(true), this.#renewMs);
    this.#tick(false);
  }

  /** `confirm`: a claim written at least `settleMs` ago that is still ours makes this tab lead. */
  #tick(confirm: boolean): void {
    const now = Date.now();
    const lease = this.#read();
    if (lease?.owner === this.#id) {
      // Still ours, even if it ran out while this tab's timers were throttled: nobody took it.
      if (this.#state === 'leader' || (this.#state === 'claiming' && confirm)) this.#claim(now, 'leader');
      return;
    }
    // A lease further ahead than one term is from a clock that went back: it is free.
    const live = lease !== undefined && lease.expires > now && lease.expires - now <= this.#leaseMs;
    this.#become('candidate');
    if (!live) this.#claim(now, 'claiming');
  }

  #claim(now: number, next: State): void {
    const lease: Lease = { owner: this.#id, expires: now + this.#leaseMs };
    const written = this.#storage((s) => {
      s.setItem(this.name, JSON.stringify(lease));
      return true;
    });
    if (written) {
      this.#become(next);
      if (next === 'claiming') {
        clearTimeout(this.#settle);
        this.#settle = setTimeout(() => this.#timer !== undefined && this.#tick(true), this.#settleMs);
      }
      return;
    }
    // Storage full or blocked: no tab can hold a lease, so each delivers, as before leases.
    clearInterval(this.#timer);
    this.#become('leader');
  }

  #release(): void {
    clearTimeout(this.#settle);
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#read()?.owner === this.#id) this.#storage((s) => s.removeItem(this.name));
    this.#become('candidate');
  }

  #become(next: State): void {
    const was = this.#state === 'leader';
    this.#state = next;
    if (was !== (next === 'leader')) this.onChange(!was);
  }

  #read(): Lease | undefined {
    return parse(this.#storage((s) => s.getItem(this.name)) ?? null);
  }

  #storage<T>(use: (storage: Storage) => T): T | undefined {
    try {
      return use(this.options.storage);
    } catch {
      return undefined;
    }
  }
}

/**
 * Competes for the right to deliver through a heartbeat lease in `options.storage`; calls
 * `onChange` as this tab becomes or stops being the deliverer. Returns the release.
 */
export function leaseLeadership(name: string, onChange: (leader: boolean) => void, options: LeaseOptions): () => void {
  const lease = new LeadershipLease(name, options, onChange);
  return () => lease.stop();
}
