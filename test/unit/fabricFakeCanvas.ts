// A stand-in for a Fabric.js canvas with fabric's event order, for the adapter's unit tests:
// fabric's own build needs node-canvas outside a browser. The adapter is exercised against
// the real library in test/browser/capture-fabric.test.ts.

/** A canvas object as the tests' host labels it: `labelId` and `cls` are the host's own data. */
export interface FakeObject {
  labelId?: string;
  cls?: string;
}

export type FakeCanvas = ReturnType<typeof fakeCanvas>;

/** The host's labelOf: objects with an id are labels, named after their class. */
export const labelOf = (object: FakeObject) =>
  object.labelId ? { id: object.labelId, feature: object.cls, name: object.cls?.toUpperCase() } : undefined;

/** Lets the microtask run in which the adapter sends what a task did (fake timers leave it real). */
export const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

export function fakeCanvas() {
  const handlers = new Map<string, Set<(event: unknown) => void>>();
  const objects: object[] = [];
  const fire = (name: string, event?: unknown) => [...(handlers.get(name) ?? [])].forEach((fn) => fn(event));
  const canvas = {
    objects,
    on(name: string, fn: (event: unknown) => void) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)!.add(fn);
      return () => canvas.off(name, fn);
    },
    off(name: string, fn: (event: unknown) => void) {
      handlers.get(name)?.delete(fn);
    },
    fire,
    listeners: () => [...handlers.values()].reduce((n, set) => n + set.size, 0),
    add(...added: object[]) {
      for (const target of added) {
        objects.push(target);
        fire('object:added', { target });
      }
    },
    remove(...removed: object[]) {
      for (const target of removed) {
        const at = objects.indexOf(target);
        if (at < 0) continue;
        objects.splice(at, 1);
        fire('object:removed', { target });
      }
    },
    /** fabric's clear(): every object removed, then canvas:cleared, in one task. */
    clear() {
      canvas.remove(...objects);
      fire('canvas:cleared');
    },
    /** fabric's loadFromJSON once its objects are made: clear, then add them. */
    load(...loaded: object[]) {
      canvas.clear();
      canvas.add(...loaded);
    },
    /** A press with the real pointer: the page sees pointerdown, then fabric reports it. */
    press(target?: object, button = 0) {
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
      fire('mouse:down:before', { e: { button }, target });
      fire('mouse:down', { e: { button }, target, alreadySelected: false });
    },
    release(target?: object) {
      document.body.dispatchEvent(new Event('pointerup', { bubbles: true }));
      fire('mouse:up:before', { e: { button: 0 }, target, isClick: false });
      fire('mouse:up', { e: { button: 0 }, target, isClick: false });
    },
    /** fabric's end of a transform the user made. */
    modified(target: object, action: string) {
      fire('object:modified', { target, action, transform: { target, action } });
    },
  };
  return canvas;
}

/** A key pressed anywhere on the page (the host's Delete handler, a paste, an undo). */
export function key(name: string): void {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
}
