// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.

using System;
using System.Collections.Generic;

class TwoStackQueue<T>
{
    private readonly Stack<T> _inbox = new Stack<T>();
    private readonly Stack<T> _outbox = new Stack<T>();

    public int Count => _inbox.Count + _outbox.Count;
    public int Moved { get; private set; }

    public void Enqueue(T item) => _inbox.Push(item);

    public bool TryDequeue(out T item)
    {
        Refill();
        return _outbox.TryPop(out item);
    }

    public bool TryPeek(out T item)
    {
        Refill();
        return _outbox.TryPeek(out item);
    }

    private void Refill()
    {
        if (_outbox.Count > 0) return;
        while (_inbox.Count > 0)
        {
            _outbox.Push(_inbox.Pop());
            Moved++;
        }
    }
}

static class Program
{
    static void Main()
    {
        var queue = new TwoStackQueue<int>();
        string[] script =
        {
            "enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
            "dequeue", "dequeue", "dequeue", "dequeue", "dequeue",
        };
        foreach (var step in script)
        {
            var parts = step.Split(' ');
            var operation = parts[0];
            if (operation == "enqueue")
            {
                queue.Enqueue(int.Parse(parts[1]));
                Console.WriteLine($"enqueue {parts[1]} -> size {queue.Count}");
            }
            else
            {
                bool found = operation == "dequeue" ? queue.TryDequeue(out int item) : queue.TryPeek(out item);
                Console.WriteLine($"{operation} -> {(found ? item.ToString() : "empty")} (size {queue.Count})");
            }
        }
        Console.WriteLine($"items moved between stacks: {queue.Moved}");
    }
}
