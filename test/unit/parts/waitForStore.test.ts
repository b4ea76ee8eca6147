import { expect, test } from 'vitest';
import { waitForStore, type StoreSight } from '../../../src/delivery/waitForStore.js';

/** A store that is unseen until `see()` is called. */
function sight(unseen: boolean): StoreSight & { see(): void } {
  let see = (): void => undefined;
  const seen = new Promise<void>((resolve) => (see = resolve));
  const store = {
    unseen,
    whenSeen: () => seen,
    see() {
      store.unseen = false;
      see();
    },
  };
  return store;
}

test('an open store: nothing to wait for', async () => {
  await expect(waitForStore(sight(false), 0)).resolves.toBeUndefined();
});

test('an unseen store is waited for until it opens', async () => {
  const store = sight(true);
  setTimeout(() => store.see(), 50);
  const started = Date.now();
  await waitForStore(store, 5_000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  expect(Date.now() - started).toBeLessThan(4_000);
});

test('a store still unseen when the timeout passes: storage_unavailable', async () => {
  await expect(waitForStore(sight(true), 30)).rejects.toMatchObject({
    name: 'TrailDeliveryError',
    code: 'storage_unavailable',
  });
});
