import { pipelineSettings, type PipelineOptions, type PipelineSettings } from '../settings.js';
import { TrailConfigError } from '../TrailConfigError.js';
import { bearerHeaders } from './bearerHeaders.js';

/**
 * Options of labeltrail/node's `createTrail`: the browser's, without IndexedDB and capture,
 * with a directory and a token.
 */
export interface NodeTrailOptions<T extends Record<string, object> = Record<never, never>> extends Omit<
  PipelineOptions,
  'types'
> {
  /** Directory of the durable queue (created if missing); one process at a time uses it. */
  readonly dir: string;
  /** Bearer token sent with every batch, or a function returning it (called at each send). */
  readonly token?: string | (() => string | Promise<string>);
  /** Custom event types, made by `defineEventTypes` (`labeltrail/types`). */
  readonly types?: T;
}

/** A Node trail's options, checked once and with their defaults: the browser pipeline's, a directory and a token. */
export interface NodeSettings extends PipelineSettings {
  readonly dir: string;
}

/** Resolves a Node trail's options; throws a `TrailConfigError` naming the first bad one. */
export function nodeSettings(options: NodeTrailOptions<Record<string, object>>): NodeSettings {
  if (!options || typeof options !== 'object') throw new TrailConfigError('options', 'must be an object');
  if (typeof options.dir !== 'string' || options.dir === '')
    throw new TrailConfigError('dir', 'must name the directory of the durable queue');
  // No page to resolve a relative endpoint against: it must be absolute.
  const pipeline = pipelineSettings(options as PipelineOptions, undefined);
  return Object.freeze({
    ...pipeline,
    dir: options.dir,
    headers: bearerHeaders(options.token, options.headers),
  });
}
