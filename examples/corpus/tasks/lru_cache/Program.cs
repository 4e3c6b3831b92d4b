// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.

using System;
using System.Collections.Generic;
using System.Linq;

// A dictionary gives O(1) lookup of list nodes; the linked list keeps keys from least to most recent.
class LruCache<TKey, TValue>
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _nodes =
        new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>();
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = new LinkedList<KeyValuePair<TKey, TValue>>();

    public LruCache(int capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be positive");
        _capacity = capacity;
    }

    public bool TryGet(TKey key, out TValue value)
    {
        if (!_nodes.TryGetValue(key, out var node))
        {
            value = default(TValue);
            return false;
        }
        _order.Remove(node);
        _order.AddLast(node);
        value = node.Value.Value;
        return true;
    }

    // Stores the value; returns true and the evicted key when room had to be made.
    public bool Put(TKey key, TValue value, out TKey evicted)
    {
        evicted = default(TKey);
        bool evictedAny = false;
        if (_nodes.TryGetValue(key, out var existing))
        {
            _order.Remove(existing);
            _nodes.Remove(key);
        }
        else if (_nodes.Count == _capacity)
        {
            evicted = _order.First.Value.Key;
            _order.RemoveFirst();
            _nodes.Remove(evicted);
            evictedAny = true;
        }
        _nodes[key] = _order.AddLast(new KeyValuePair<TKey, TValue>(key, value));
        return evictedAny;
    }

    public IEnumerable<TKey> Keys => _order.Select(entry => entry.Key);
}

static class Program
{
    static void Main()
    {
        var cache = new LruCache<int, string>(3);
        var script = new[]
        {
            ("put", 1, "one"), ("put", 2, "two"), ("put", 3, "three"), ("get", 1, null),
            ("put", 4, "four"), ("get", 2, null), ("put", 3, "THREE"), ("put", 5, "five"),
            ("get", 1, null), ("get", 4, null), ("get", 3, null), ("get", 5, null),
        };
        foreach (var step in script)
        {
            var (operation, key, value) = step;
            if (operation == "put")
            {
                var suffix = cache.Put(key, value, out int evicted) ? $" evicts {evicted}" : "";
                Console.WriteLine($"put({key}, {value}){suffix}");
            }
            else
            {
                Console.WriteLine($"get({key}) -> {(cache.TryGet(key, out var found) ? found : "miss")}");
            }
        }
        Console.WriteLine($"order (least to most recent): {string.Join(" ", cache.Keys)}");
    }
}
