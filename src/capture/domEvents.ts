import type { EventContext } from '../events/schema.js';
import type { Capture } from './attachCapture.js';
import { DEFAULT_DOM_PREFIX } from './defaults.js';
import { guard, listen, type ErrorSink } from './lib/safe.js';

/** Every capture call a DOM event can trigger, named `group.method`. */
export const DOM_ACTIONS = [
  'label.begin',
  'label.cancel',
  'label.add',
  'label.edit',
  'label.delete',
  'label.approve',
  'label.reject',
  'label.submit',
  'classification.begin',
  'classification.cancel',
  'classification.add',
  'classification.edit',
  'classification.delete',
  'classification.approve',
  'classification.reject',
  'classification.submit',
  'attribute.begin',
  'attribute.cancel',
  'attribute.add',
  'attribute.edit',
  'attribute.delete',
  'attribute.approve',
  'attribute.reject',
  'attribute.submit',
  'review.approve',
  'review.reject',
  'review.submit',
  'review.status',
  'task.submit',
  'task.approve',
  'task.reject',
  'consensus.approve',
  'consensus.unapprove',
  'consensus.reached',
  'labeling.start',
  'labeling.end',
  'figure.create',
  'figure.update',
  'figure.disable',
  'figure.restore',
  'tag.attach',
  'tag.update',
  'tag.detach',
  'item.open',
  'item.close',
] as const;

/** A capture call, e.g. `'label.add'`; `item.open` takes `{ item, context? }`. */
export type DomAction = (typeof DOM_ACTIONS)[number];

/**
 * Maps one editor event to a capture call: a fixed action (the event's `detail` is passed
 * as is), or a function returning the action and its argument (undefined: ignore the event).
 */
export type DomEventMapping =
  DomAction | ((detail: unknown, event: Event) => readonly [DomAction, unknown] | undefined);

/** Options of `connectDomEvents`. */
export interface ConnectDomEventsOptions {
  /**
   * Prefix of the built-in event names: an event named `${prefix}${action}` (for example
   * `labeltrail:label.add`) calls that action with its `detail`. Default `'labeltrail:'`;
   * `null` turns the built-in names off.
   */
  readonly prefix?: string | null;
  /** The editor's own event names and what each means. */
  readonly events?: Readonly<Record<string, DomEventMapping>>;
  /** Receives adapter failures (bad detail, unknown action). */
  readonly onError?: ErrorSink;
}

type Trail = Pick<
  Capture,
  | 'label'
  | 'classification'
  | 'attribute'
  | 'review'
  | 'task'
  | 'consensus'
  | 'labeling'
  | 'figure'
  | 'tag'
  | 'openItem'
  | 'closeItem'
>;

function call(trail: Trail, action: DomAction, argument: unknown): void {
  if (action === 'item.open') {
    const { item, context } = (argument ?? {}) as { item?: unknown; context?: Partial<EventContext> };
    if (typeof item !== 'string') throw new TypeError(`item.open: detail.item must be a string, got ${typeof item}`);
    trail.openItem(item, context);
    return;
  }
  if (action === 'item.close') {
    trail.closeItem();
    return;
  }
  const [group, method] = action.split('.') as [keyof Trail, string];
  const helpers = trail[group] as unknown as Record<string, ((arg: unknown) => unknown) | undefined>;
  const fn = helpers?.[method];
  if (typeof fn !== 'function') throw new TypeError(`unknown capture action ${action}`);
  const isDraftCall = method === 'begin' || method === 'cancel';
  if (isDraftCall) {
    const id = typeof argument === 'string' ? argument : (argument as { id?: unknown } | null | undefined)?.id;
    fn.call(helpers, typeof id === 'string' ? id : undefined);
    return;
  }
  if (argument !== undefined && (typeof argument !== 'object' || argument === null)) {
    throw new TypeError(`${action}: detail must be an object, got ${argument === null ? 'null' : typeof argument}`);
  }
  fn.call(helpers, argument);
}

/**
 * Generic adapter for editors that dispatch DOM `CustomEvent`s: listens on `target` and turns
 * each event into a capture call. Returns the function that disconnects it.
 *
 * @example
 * // Built-in names: the editor dispatches labeltrail:* events itself.
 * editor.dispatchEvent(new CustomEvent('labeltrail:label.add', { detail: { id, feature, name } }));
 * // Or map the editor's own events:
 * connectDomEvents(trail, editorElement, {
 *   events: {
 *     'shape:start': 'label.begin',
 *     'shape:done': (d) => ['label.add', { id: d.shape.id, feature: d.cls.id, name: d.cls.name }],
 *   },
 * });
 */
export function connectDomEvents(trail: Trail, target: EventTarget, options: ConnectDomEventsOptions = {}): () => void {
  const onError = options.onError ?? ((error: unknown) => console.warn('labeltrail dom events:', error));
  const prefix = options.prefix === undefined ? DEFAULT_DOM_PREFIX : options.prefix;
  const removers: (() => void)[] = [];
  const detailOf = (event: Event) => (event as CustomEvent).detail as unknown;
  if (prefix !== null) {
    for (const action of DOM_ACTIONS) {
      removers.push(
        listen(
          target,
          `${prefix}${action}`,
          guard(onError, (event: Event) => call(trail, action, detailOf(event))),
        ),
      );
    }
  }
  for (const [name, mapping] of Object.entries(options.events ?? {})) {
    removers.push(
      listen(
        target,
        name,
        guard(onError, (event: Event) => {
          const detail = detailOf(event);
          const resolved = typeof mapping === 'function' ? mapping(detail, event) : ([mapping, detail] as const);
          if (resolved) call(trail, resolved[0], resolved[1]);
        }),
      ),
    );
  }
  return () => removers.forEach((remove) => remove());
}
