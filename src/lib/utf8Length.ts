// UTF-8 byte length of a string without encoding it: budgets (keepalive, chunk and batch
// bytes, id and payload limits) are in bytes on the wire and in the database, while
// `string.length` counts UTF-16 units and undercounts non-ASCII text up to 3×.

/**
 * Bytes `s` takes as UTF-8, as `TextEncoder` would write it: a lone surrogate becomes
 * U+FFFD (3 bytes), a surrogate pair one 4-byte sequence.
 * @example utf8Length('Car') === 3; utf8Length('車') === 3; utf8Length('😀') === 4
 */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
