import { TrailConfigError } from '../../TrailConfigError.js';
import { numbers } from '../../lib/optionChecks.js';
import { DEFAULT_FABRIC_WINDOW_MS } from '../defaults.js';

// What the adapter calls on `trail.label`; a trail from createTrail has them all.
const LABEL_HELPERS = ['begin', 'cancel', 'add', 'edit', 'delete'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null;

function checkCanvas(canvas: unknown): void {
  const problem = 'must be a Fabric.js Canvas (new Canvas(element))';
  if (!isObject(canvas)) throw new TrailConfigError('canvas', `${problem}, got ${String(canvas)}`);
  // The commonest mistake: the <canvas> element fabric was given, rather than fabric's canvas.
  if (typeof canvas.nodeType === 'number') {
    throw new TrailConfigError('canvas', `${problem}, got a DOM element: pass the canvas fabric made from it`);
  }
  if (typeof canvas.on !== 'function' || typeof canvas.off !== 'function') {
    throw new TrailConfigError('canvas', `${problem} (no on() and off())`);
  }
}

/**
 * Throws `TrailConfigError` naming what is wrong with `connectFabric`'s arguments; returns
 * the window, checked and defaulted.
 */
export function checkFabricArguments(trail: unknown, canvas: unknown, options: unknown): { windowMs: number } {
  const label = isObject(trail) ? trail.label : undefined;
  if (!isObject(label) || LABEL_HELPERS.some((name) => typeof label[name] !== 'function')) {
    throw new TrailConfigError('trail', 'must be a trail from createTrail (with its label helpers)');
  }
  checkCanvas(canvas);
  if (!isObject(options)) throw new TrailConfigError('fabric', 'options must be an object with labelOf');
  if (typeof options.labelOf !== 'function') {
    throw new TrailConfigError('fabric.labelOf', 'must be a function from a canvas object to its label or undefined');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new TrailConfigError('fabric.onError', 'must be a function');
  }
  return numbers(options, 'fabric.', { windowMs: [DEFAULT_FABRIC_WINDOW_MS, 1] });
}
