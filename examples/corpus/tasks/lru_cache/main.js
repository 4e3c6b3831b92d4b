// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.

// A Map iterates in insertion order, so deleting and re-inserting a key makes it the most recent.
class LRUCache {
  #entries = new Map();

  constructor(capacity) {
    if (capacity <= 0) throw new RangeError("capacity must be positive");
    this.capacity = capacity;
  }

  get(key) {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key);
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  // Stores the value; returns the key evicted to make room, or undefined.
  put(key, value) {
    let evicted;
    if (this.#entries.has(key)) {
      this.#entries.delete(key);
    } else if (this.#entries.size === this.capacity) {
      evicted = this.#entries.keys().next().value;
      this.#entries.delete(evicted);
    }
    this.#entries.set(key, value);
    return evicted;
  }

  keys() {
    return [...this.#entries.keys()];
  }
}

const cache = new LRUCache(3);
const script = [
  ["put", 1, "one"], ["put", 2, "two"], ["put", 3, "three"], ["get", 1],
  ["put", 4, "four"], ["get", 2], ["put", 3, "THREE"], ["put", 5, "five"],
  ["get", 1], ["get", 4], ["get", 3], ["get", 5],
];
for (const [operation, key, value] of script) {
  if (operation === "put") {
    const evicted = cache.put(key, value);
    console.log(`put(${key}, ${value})${evicted !== undefined ? ` evicts ${evicted}` : ""}`);
  } else {
    console.log(`get(${key}) -> ${cache.get(key) ?? "miss"}`);
  }
}
console.log(`order (least to most recent): ${cache.keys().join(" ")}`);
