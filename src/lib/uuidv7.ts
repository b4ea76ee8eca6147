// RFC 9562 UUIDv7: 48-bit Unix ms timestamp, then a 12-bit counter that keeps ids made in
// the same millisecond in order, then 62 random bits.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// One getRandomValues call per 512 ids: the call dominates the cost of an id otherwise.
const POOL_BYTES = 8 * 512;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;
let lastMs = -1;
let counter = 0;
// The timestamp part ("xxxxxxxx-xxxx-") of the current millisecond, built once per millisecond:
// many events share one, and building it is a third of an id's cost.
let prefixMs = -1;
let prefix = '';

function random(n: number): number {
  if (poolAt + n > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += n;
  return at;
}

/** A new UUIDv7 string; later calls in the same page sort after earlier ones. */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = pool[random(1)]! & 0x3f; // random start leaves room to count up
  } else {
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted within one ms: borrow the next millisecond, as RFC 9562 allows.
      lastMs++;
      counter = 0;
    }
  }
  if (lastMs !== prefixMs) {
    prefixMs = lastMs;
    const hi = Math.floor(lastMs / 0x10000);
    const lo = lastMs % 0x10000;
    prefix =
      HEX[(hi >>> 24) & 0xff]! +
      HEX[(hi >>> 16) & 0xff]! +
      HEX[(hi >>> 8) & 0xff]! +
      HEX[hi & 0xff]! +
      '-' +
      HEX[lo >>> 8]! +
      HEX[lo & 0xff]! +
      '-';
  }
  const r = random(8);
  return (
    prefix +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | (pool[r]! & 0x3f)]! +
    HEX[pool[r + 1]!]! +
    '-' +
    HEX[pool[r + 2]!]! +
    HEX[pool[r + 3]!]! +
    HEX[pool[r + 4]!]! +
    HEX[pool[r + 5]!]! +
    HEX[pool[r + 6]!]! +
    HEX[pool[r + 7]!]!
  );
}
