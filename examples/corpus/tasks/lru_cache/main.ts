// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.

// A Map iterates in insertion order, so deleting and re-inserting a key makes it the most recent.
class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (capacity <= 0) throw new RangeError("capacity must be positive");
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  // Stores the value; returns the key evicted to make room, or undefined.
  put(key: K, value: V): K | undefined {
    let evicted: K | undefined;
    if (this.entries.has(key)) {
      this.entries.delete(key);
    } else if (this.entries.size === this.capacity) {
      evicted = this.entries.keys().next().value as K;
      this.entries.delete(evicted);
    }
    this.entries.set(key, value);
    return evicted;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }
}

type Step = { operation: "put"; key: number; value: string } | { operation: "get"; key: number };

const cache = new LRUCache<number, string>(3);
const script: Step[] = [
  { operation: "put", key: 1, value: "one" }, { operation: "put", key: 2, value: "two" },
  { operation: "put", key: 3, value: "three" }, { operation: "get", key: 1 },
  { operation: "put", key: 4, value: "four" }, { operation: "get", key: 2 },
  { operation: "put", key: 3, value: "THREE" }, { operation: "put", key: 5, value: "five" },
  { operation: "get", key: 1 }, { operation: "get", key: 4 },
  { operation: "get", key: 3 }, { operation: "get", key: 5 },
];
for (const step of script) {
  if (step.operation === "put") {
    const evicted = cache.put(step.key, step.value);
    console.log(`put(${step.key}, ${step.value})${evicted !== undefined ? ` evicts ${evicted}` : ""}`);
  } else {
    console.log(`get(${step.key}) -> ${cache.get(step.key) ?? "miss"}`);
  }
}
console.log(`order (least to most recent): ${cache.keys().join(" ")}`);
