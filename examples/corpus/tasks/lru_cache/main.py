"""An LRU (least recently used) cache with a fixed capacity, driven by a scripted series of gets and puts."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Hashable, Optional, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """OrderedDict keeps keys from least to most recently used; both get and put refresh a key."""

    def __init__(self, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> Optional[V]:
        if key not in self._entries:
            return None
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key: K, value: V) -> Optional[K]:
        """Store `value`; return the key evicted to make room, if any."""
        evicted = None
        if key in self._entries:
            self._entries.move_to_end(key)
        elif len(self._entries) == self.capacity:
            evicted, _ = self._entries.popitem(last=False)
        self._entries[key] = value
        return evicted

    def keys(self) -> list[K]:
        return list(self._entries)


def main() -> None:
    cache: LRUCache[int, str] = LRUCache(3)
    script = [
        ("put", 1, "one"), ("put", 2, "two"), ("put", 3, "three"), ("get", 1, None),
        ("put", 4, "four"), ("get", 2, None), ("put", 3, "THREE"), ("put", 5, "five"),
        ("get", 1, None), ("get", 4, None), ("get", 3, None), ("get", 5, None),
    ]
    for operation, key, value in script:
        if operation == "put":
            evicted = cache.put(key, value)
            print(f"put({key}, {value})" + (f" evicts {evicted}" if evicted is not None else ""))
        else:
            found = cache.get(key)
            print(f"get({key}) -> {found if found is not None else 'miss'}")
    print("order (least to most recent): " + " ".join(str(key) for key in cache.keys()))


if __name__ == "__main__":
    main()
