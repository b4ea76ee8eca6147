import { expect, test } from 'vitest';
import * as defaults from '../../../src/defaults.js';
import { resolveSettings } from '../../../src/settings.js';
import { TrailConfigError } from '../../../src/TrailConfigError.js';

const base = { endpoint: '/v1/logs', actor: { id: 'u-1' } };

test('options are resolved once into one frozen object, defaults filled in', () => {
  const s = resolveSettings(base);
  expect(Object.isFrozen(s)).toBe(true);
  expect(Object.isFrozen(s.batch)).toBe(true);
  expect(Object.isFrozen(s.limits)).toBe(true);
  expect(s.batch).toEqual({
    maxEvents: defaults.BATCH_MAX_EVENTS,
    maxBytes: defaults.BATCH_MAX_BYTES,
    delayMs: defaults.BATCH_DELAY_MS,
    retryBaseMs: defaults.RETRY_BASE_MS,
    retryMaxMs: defaults.RETRY_MAX_MS,
  });
  expect(s).toMatchObject({ format: 'labeltrail', dbName: 'labeltrail', gzip: true, strict: false });
  expect(s.timeoutMs).toBe(defaults.REQUEST_TIMEOUT_MS);
  expect(s.capture).toMatchObject({ idleMs: 60_000, heartbeatMs: 5_000 });
});

test('a delay of 0 is allowed where it means "at once"; bounds of 0 keep nothing', () => {
  const s = resolveSettings({ ...base, batch: { delayMs: 0 }, queue: { maxEvents: 0 } });
  expect(s.batch.delayMs).toBe(0);
  expect(s.limits.maxEvents).toBe(0);
});

test('the first bad option is named, with what is wrong with its value', () => {
  const error = (options: object) => {
    try {
      resolveSettings({ ...base, ...options } as never);
    } catch (e) {
      return e as TrailConfigError;
    }
    throw new Error('accepted');
  };
  expect(error({ retry: { timeoutMs: 0 } }).message).toBe(
    'labeltrail option retry.timeoutMs: must be more than 0, got 0',
  );
  expect(error({ batch: { maxEvents: '5' } }).message).toMatch(/batch.maxEvents: must be a finite number, got 5/);
  expect(error({ capture: 'fast' }).option).toBe('capture');
  expect(error({ format: 'xml' }).option).toBe('format');
  expect(error({ actor: { id: '' } }).option).toMatch(/^actor/);
});
