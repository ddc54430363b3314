/**
 * The first occurrence of each key in a long list, found without a Set of the keys: for a
 * 500,000-email batch a Set holds ~10 MB of slots, plus a lower-cased copy of every email that
 * has a capital letter in it. Here a table of list positions (open addressing, at most half full:
 * 4 bytes a slot, and a byte of the key's hash beside it so most slots are passed over without
 * computing the key they hold) finds each repeat; keys are compared, never trusted to the hash.
 */

/** FNV-1a over the key's UTF-16 units, then mixed (murmur3's finaliser) so low bits spread. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Calls `first(value, index)` for each value whose key no earlier value had, in list order;
 * a value whose key is '' counts as no key and is skipped. Returns how many were first.
 */
export function eachFirstOccurrence<T>(values: readonly T[], key: (value: T) => string, first?: (value: T, index: number) => void): number {
  let size = 16;
  while (size < values.length * 2) size *= 2;
  const mask = size - 1;
  // Position + 1 of the value holding each slot (0: empty), and a byte of its key's hash.
  const slots = new Int32Array(size);
  const tags = new Uint8Array(size);
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const k = key(value);
    if (k === '') continue;
    const h = hashOf(k);
    const tag = h >>> 24;
    let slot = h & mask;
    let repeat = false;
    for (let held = slots[slot]; held !== 0; slot = (slot + 1) & mask, held = slots[slot]) {
      if (tags[slot] === tag && key(values[held - 1]) === k) {
        repeat = true;
        break;
      }
    }
    if (repeat) continue;
    slots[slot] = index + 1;
    tags[slot] = tag;
    count++;
    first?.(value, index);
  }
  return count;
}
