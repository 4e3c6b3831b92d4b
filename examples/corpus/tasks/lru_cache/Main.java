// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

public class Main {
    /** A LinkedHashMap in access order keeps keys from least to most recently used. */
    static final class LRUCache<K, V> {
        private final int capacity;
        private final LinkedHashMap<K, V> entries;

        LRUCache(int capacity) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity must be positive");
            }
            this.capacity = capacity;
            this.entries = new LinkedHashMap<>(16, 0.75f, true);
        }

        Optional<V> get(K key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** Stores the value; returns the key evicted to make room, if any. */
        Optional<K> put(K key, V value) {
            K evicted = null;
            if (!entries.containsKey(key) && entries.size() == capacity) {
                evicted = entries.keySet().iterator().next();
                entries.remove(evicted);
            }
            entries.put(key, value);
            return Optional.ofNullable(evicted);
        }

        List<K> keys() {
            return new ArrayList<>(entries.keySet());
        }
    }

    record Step(String operation, int key, String value) {}

    public static void main(String[] args) {
        LRUCache<Integer, String> cache = new LRUCache<>(3);
        List<Step> script = List.of(
                new Step("put", 1, "one"), new Step("put", 2, "two"), new Step("put", 3, "three"),
                new Step("get", 1, null), new Step("put", 4, "four"), new Step("get", 2, null),
                new Step("put", 3, "THREE"), new Step("put", 5, "five"), new Step("get", 1, null),
                new Step("get", 4, null), new Step("get", 3, null), new Step("get", 5, null));
        for (Step step : script) {
            if (step.operation().equals("put")) {
                String evicted = cache.put(step.key(), step.value()).map(key -> " evicts " + key).orElse("");
                System.out.println("put(" + step.key() + ", " + step.value() + ")" + evicted);
            } else {
                System.out.println("get(" + step.key() + ") -> " + cache.get(step.key()).orElse("miss"));
            }
        }
        String order = cache.keys().stream().map(String::valueOf).collect(Collectors.joining(" "));
        System.out.println("order (least to most recent): " + order);
    }
}
