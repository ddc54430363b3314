/**
 * The first occurrence of each key in a long list, found without a Set of the keys: for a
 * 500,000-email batch a Set holds ~10 MB of slots, plus a lower-cased copy of every email that
 * has a capital letter in it. Here one Int32Array (at most 60% full: ~3.3 MB for 500,000) holds
 * each kept value's position and, in the bits a position does not need, a piece of its key's
 * hash, so most slots are passed over without computing the key they hold; keys are compared,
 * never trusted to the hash.
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
 * The last table of its size, while the collector has not taken it: a batch counts its list two
 * or three times in a row (dedupe, price, repeats), and each fresh 3 MB table would stay in the
 * process until a collection, the malloc arena keeping the memory after that. A table in use is
 * out of this cache, so a key function that counts a list of its own gets a table of its own.
 */
let spare: WeakRef<Int32Array> | undefined;

function takeTable(size: number): Int32Array {
  const table = spare?.deref();
  spare = undefined;
  return table?.length === size ? table.fill(0) : new Int32Array(size);
}

/**
 * Calls `first(value, index)` for each value whose key no earlier value had, in list order;
 * a value whose key is '' counts as no key and is skipped. Returns how many were first.
 */
export function eachFirstOccurrence<T>(values: readonly T[], key: (value: T) => string, first?: (value: T, index: number) => void): number {
  const size = Math.max(16, Math.ceil(values.length / 0.6));
  // A slot holds position + 1 (0: empty) in its low bits and a tag from the hash above them.
  const positionBits = 32 - Math.clz32(values.length);
  const positionMask = positionBits >= 32 ? -1 : (1 << positionBits) - 1;
  const slots = takeTable(size);
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const k = key(value);
    if (k === '') continue;
    const h = hashOf(k);
    const tag = h & ~positionMask;
    // The slot from the hash scrambled again (Fibonacci hashing), so it says nothing about the tag.
    let slot = Math.min(size - 1, Math.floor(((Math.imul(h, 0x9e3779b1) >>> 0) / 4_294_967_296) * size));
    let repeat = false;
    for (let held = slots[slot]!; held !== 0; slot = slot + 1 === size ? 0 : slot + 1, held = slots[slot]!) {
      if ((held & ~positionMask) === tag && key(values[(held & positionMask) - 1]!) === k) {
        repeat = true;
        break;
      }
    }
    if (repeat) continue;
    slots[slot] = tag | (index + 1);
    count++;
    first?.(value, index);
  }
  spare = new WeakRef(slots);
  return count;
}

/** Where each key first appears in a list (see `indexByKey`). */
export interface KeyIndex {
  /** Position of the first value whose key is `k`; -1 when none has it. */
  find(k: string): number;
}

/**
 * The first position of every key in `values`, asked for later by key: a batch's results are
 * matched back to its 500,000 items through one Int32Array instead of a Map of their keys. Every
 * string is a key ('' too, as a Map takes it); a value whose key is undefined is left out.
 */
export function indexByKey<T>(values: readonly T[], key: (value: T, index: number) => string | undefined): KeyIndex {
  const size = Math.max(16, Math.ceil(values.length / 0.6));
  const positionBits = 32 - Math.clz32(values.length);
  const positionMask = positionBits >= 32 ? -1 : (1 << positionBits) - 1;
  // A table of its own, not the spare: it lives as long as its index is asked.
  const slots = new Int32Array(size);
  const probe = (k: string, place: number): number => {
    const h = hashOf(k);
    const tag = h & ~positionMask;
    let slot = Math.min(size - 1, Math.floor(((Math.imul(h, 0x9e3779b1) >>> 0) / 4_294_967_296) * size));
    for (let held = slots[slot]!; held !== 0; slot = slot + 1 === size ? 0 : slot + 1, held = slots[slot]!) {
      const at = (held & positionMask) - 1;
      if ((held & ~positionMask) === tag && key(values[at]!, at) === k) return at;
    }
    if (place >= 0) slots[slot] = tag | (place + 1);
    return -1;
  };
  for (let index = 0; index < values.length; index++) {
    const k = key(values[index]!, index);
    if (k !== undefined) probe(k, index);
  }
  return { find: (k) => probe(k, -1) };
}
