// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// Values live in a HashMap; a VecDeque keeps keys from least to most recently used.
/// Refreshing a key is O(capacity), which is fine for the small caches this is meant for.
struct LruCache<K, V> {
    capacity: usize,
    values: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V> LruCache<K, V> {
    fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "capacity must be positive");
        LruCache {
            capacity,
            values: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn touch(&mut self, key: &K) {
        if let Some(position) = self.order.iter().position(|k| k == key) {
            let key = self.order.remove(position).unwrap();
            self.order.push_back(key);
        }
    }

    fn get(&mut self, key: &K) -> Option<&V> {
        if self.values.contains_key(key) {
            self.touch(key);
        }
        self.values.get(key)
    }

    /// Stores the value; returns the key evicted to make room, if any.
    fn put(&mut self, key: K, value: V) -> Option<K> {
        let mut evicted = None;
        if self.values.contains_key(&key) {
            self.touch(&key);
        } else {
            if self.values.len() == self.capacity {
                if let Some(oldest) = self.order.pop_front() {
                    self.values.remove(&oldest);
                    evicted = Some(oldest);
                }
            }
            self.order.push_back(key.clone());
        }
        self.values.insert(key, value);
        evicted
    }
}

enum Step {
    Put(i32, &'static str),
    Get(i32),
}

fn main() {
    use Step::{Get, Put};
    let mut cache = LruCache::new(3);
    let script = [
        Put(1, "one"),
        Put(2, "two"),
        Put(3, "three"),
        Get(1),
        Put(4, "four"),
        Get(2),
        Put(3, "THREE"),
        Put(5, "five"),
        Get(1),
        Get(4),
        Get(3),
        Get(5),
    ];
    for step in script {
        match step {
            Put(key, value) => match cache.put(key, value) {
                Some(evicted) => println!("put({}, {}) evicts {}", key, value, evicted),
                None => println!("put({}, {})", key, value),
            },
            Get(key) => println!(
                "get({}) -> {}",
                key,
                cache.get(&key).copied().unwrap_or("miss")
            ),
        }
    }
    let order: Vec<String> = cache.order.iter().map(|k| k.to_string()).collect();
    println!("order (least to most recent): {}", order.join(" "));
}
