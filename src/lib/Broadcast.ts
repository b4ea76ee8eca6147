// A hot, multicast value stream that speaks the Observable protocol without loading an
// Observable library: `subscribe`, `pipe` with rxjs operators (through `lift`, the hook rxjs 7
// operators call), and the `Symbol.observable` interop key that `from()` in rxjs (and other
// libraries) accept. rxjs core would be about a fifth of the browser bundle; an editor that
// uses rxjs already has it, and one that does not never needs it.
import type { InteropObservable, Observer, OperatorFunction, Unsubscribable } from 'rxjs';

/** What `subscribe` takes: a callback for values, or an observer with any of its three methods. */
export type PartialObserver<T> = Partial<Observer<T>> | ((value: T) => void);

/** The read side of a stream: subscribe, pipe through rxjs operators, or hand to `from()`. */
export interface TrailObservable<T> extends InteropObservable<T> {
  subscribe(observer?: PartialObserver<T>): Unsubscribable;
  pipe(): TrailObservable<T>;
  pipe<A>(op1: OperatorFunction<T, A>): TrailObservable<A>;
  pipe<A, B>(op1: OperatorFunction<T, A>, op2: OperatorFunction<A, B>): TrailObservable<B>;
  pipe<A, B, C>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
  ): TrailObservable<C>;
  pipe<A, B, C, D>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
  ): TrailObservable<D>;
  pipe(...ops: OperatorFunction<unknown, unknown>[]): TrailObservable<unknown>;
}

type Teardown = (() => void) | Unsubscribable;

interface Sink {
  next?(value: unknown): void;
  error?(error: unknown): void;
  complete?(): void;
  closed?: boolean;
}

/**
 * The subscription `subscribe` returns, shaped as rxjs recognises a subscription (`closed`,
 * `add`, `remove`, `unsubscribe`), so an operator chain can hang its own teardown on it.
 */
class Subscription implements Sink {
  closed = false;
  #teardowns: Teardown[] = [];
  constructor(readonly observer: Partial<Observer<unknown>> = {}) {}
  next(value: unknown): void {
    if (!this.closed) this.observer.next?.(value);
  }
  error(error: unknown): void {
    if (this.closed) return;
    if (!this.observer.error) throw error; // no handler: surfaced by `deliver`, as rxjs does
    this.observer.error(error);
  }
  complete(): void {
    if (this.closed) return;
    this.observer.complete?.();
    this.unsubscribe();
  }
  add(teardown: Teardown | undefined | null): void {
    if (!teardown) return;
    if (this.closed) run(teardown);
    else this.#teardowns.push(teardown);
  }
  remove(teardown: Teardown): void {
    this.#teardowns = this.#teardowns.filter((t) => t !== teardown);
  }
  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.#teardowns.splice(0)) run(t);
  }
}

const run = (teardown: Teardown): void => (typeof teardown === 'function' ? teardown() : teardown.unsubscribe());

/** Ours, or an rxjs subscriber handed down an operator chain: either can carry teardown. */
type SubscriptionLike = Sink & Unsubscribable & { add(teardown: Teardown | undefined | null): void };

const isSubscription = (v: unknown): v is SubscriptionLike =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SubscriptionLike).add === 'function' &&
  typeof (v as SubscriptionLike).unsubscribe === 'function';

// An rxjs subscriber is used as it is, so that its unsubscribe reaches this stream.
const toSubscription = (observer: unknown): SubscriptionLike =>
  isSubscription(observer)
    ? observer
    : new Subscription(typeof observer === 'function' ? { next: observer as (v: unknown) => void } : (observer ?? {}));

/** A subscriber that throws must not stop the others or the caller: rethrow it on its own task. */
const report = (error: unknown): void => {
  setTimeout(() => {
    throw error;
  });
};

// The keys `from()` looks for: the string rxjs uses where no `Symbol.observable` is installed,
// and that symbol where a polyfill installed one.
const OBSERVABLE_KEYS = ['@@observable', (Symbol as { observable?: symbol }).observable ?? '@@observable'];

abstract class Readable<T> {
  abstract subscribe(observer?: PartialObserver<T>): Unsubscribable;

  /** The hook rxjs 7 operators call: subscribing runs `operator` with the subscriber as `this`. */
  lift(operator: (this: unknown, source: Readable<unknown>) => unknown): Readable<unknown> {
    return new Lifted(this as Readable<unknown>, operator);
  }

  pipe(...ops: ((source: unknown) => unknown)[]): unknown {
    return ops.reduce<unknown>((source, op) => op(source), this);
  }
}
for (const key of OBSERVABLE_KEYS) {
  Object.defineProperty(Readable.prototype, key, {
    configurable: true,
    value(this: Readable<unknown>) {
      return this;
    },
  });
}

class Lifted<T> extends Readable<T> {
  constructor(
    readonly source: Readable<unknown>,
    readonly operator: (this: unknown, source: Readable<unknown>) => unknown,
  ) {
    super();
  }
  subscribe(observer?: PartialObserver<T>): Unsubscribable {
    const subscription = toSubscription(observer);
    subscription.add(this.operator.call(subscription, this.source) as Teardown | undefined);
    return subscription;
  }
}

/**
 * The write side: `next` to every current subscriber; `complete` ends the stream. With
 * `replay`, a new subscriber first gets the latest value (as a BehaviorSubject does).
 */
export class Broadcast<T> extends Readable<T> {
  #sinks = new Set<Sink>();
  #done = false;
  #latest: { value: T } | undefined;

  constructor(initial?: { value: T }) {
    super();
    this.#latest = initial;
  }

  /** True while anyone is subscribed. */
  get observed(): boolean {
    return this.#sinks.size > 0;
  }

  subscribe(observer?: PartialObserver<T>): Unsubscribable {
    const sink = toSubscription(observer);
    if (this.#done) {
      sink.complete?.();
      return sink;
    }
    this.#sinks.add(sink);
    sink.add(() => this.#sinks.delete(sink));
    if (this.#latest) deliver(sink, this.#latest.value);
    return sink;
  }

  next(value: T): void {
    if (this.#done) return;
    if (this.#latest) this.#latest = { value };
    for (const sink of [...this.#sinks]) deliver(sink, value);
  }

  complete(): void {
    if (this.#done) return;
    this.#done = true;
    for (const sink of [...this.#sinks]) sink.complete?.();
    this.#sinks.clear();
  }

  /** The read side alone, for handing out. */
  asObservable(): TrailObservable<T> {
    return new Lifted<T>(this as Readable<unknown>, function (this: unknown, source) {
      source.subscribe(this as SubscriptionLike);
    }) as unknown as TrailObservable<T>;
  }
}

function deliver(sink: Sink, value: unknown): void {
  if (sink.closed) return;
  try {
    sink.next?.(value);
  } catch (error) {
    report(error);
  }
}
