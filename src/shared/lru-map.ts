// A map that remembers use order, with O(1) oldest-first eviction. A plain Map cannot do this in
// Bun: after many deletions at its front, `map.keys().next()` walks every deleted slot (measured:
// 14 µs per eviction at 20,000 entries, against 0.07 µs here), so LRUs keep their own list.

export type LruMap<K, V> = {
  get(key: K): V | undefined;
  /** Inserts or replaces `key` as the most recently used. */
  set(key: K, value: V): void;
  /** Marks `key` as the most recently used; false when absent. */
  touch(key: K): boolean;
  delete(key: K): boolean;
  /** The least recently used entry, or undefined when empty. */
  oldest(): [K, V] | undefined;
  /** The least recently used value, without making a pair for it. */
  oldestValue(): V | undefined;
  /** Every entry, least recently used first (a copy: the map may change meanwhile). */
  entries(): [K, V][];
  clear(): void;
  readonly size: number;
};

export function createLruMap<K, V>(): LruMap<K, V> {
  const nodes = new Map<K, LruNode<K, V>>();
  // a sentinel: head.next is the oldest, head.prev the newest
  const head = { prev: undefined, next: undefined } as unknown as LruNode<K, V>;
  head.prev = head;
  head.next = head;
  const unlink = (node: LruNode<K, V>) => {
    node.prev.next = node.next;
    node.next.prev = node.prev;
  };
  const append = (node: LruNode<K, V>) => {
    node.prev = head.prev;
    node.next = head;
    head.prev.next = node;
    head.prev = node;
  };
  return {
    get: (key) => nodes.get(key)?.value,
    set(key, value) {
      const existing = nodes.get(key);
      if (existing) {
        existing.value = value;
        unlink(existing);
        append(existing);
        return;
      }
      const node = { key, value } as LruNode<K, V>;
      nodes.set(key, node);
      append(node);
    },
    touch(key) {
      const node = nodes.get(key);
      if (!node) return false;
      unlink(node);
      append(node);
      return true;
    },
    delete(key) {
      const node = nodes.get(key);
      if (!node) return false;
      unlink(node);
      nodes.delete(key);
      return true;
    },
    oldest() {
      const node = head.next;
      return node === head ? undefined : [node.key, node.value];
    },
    oldestValue() {
      const node = head.next;
      return node === head ? undefined : node.value;
    },
    entries() {
      const all: [K, V][] = [];
      for (let node = head.next; node !== head; node = node.next) all.push([node.key, node.value]);
      return all;
    },
    clear() {
      nodes.clear();
      head.prev = head;
      head.next = head;
    },
    get size() {
      return nodes.size;
    },
  };
}

// --- internal ---

type LruNode<K, V> = { key: K; value: V; prev: LruNode<K, V>; next: LruNode<K, V> };
