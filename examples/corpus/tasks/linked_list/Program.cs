// Singly linked list: build one from an array, find its middle node, reverse it in place.

using System;
using System.Collections.Generic;

class Node
{
    public int Value { get; }
    public Node Next { get; set; }

    public Node(int value, Node next)
    {
        Value = value;
        Next = next;
    }
}

static class Program
{
    static Node FromArray(int[] values)
    {
        Node head = null;
        for (int i = values.Length - 1; i >= 0; i--)
        {
            head = new Node(values[i], head);
        }
        return head;
    }

    static string Format(Node head)
    {
        var parts = new List<string>();
        for (var node = head; node != null; node = node.Next)
        {
            parts.Add(node.Value.ToString());
        }
        return parts.Count > 0 ? string.Join(" -> ", parts) : "(empty)";
    }

    // Reverses by relinking each node to its predecessor; no new nodes are allocated.
    static Node Reverse(Node head)
    {
        Node previous = null;
        while (head != null)
        {
            var following = head.Next;
            head.Next = previous;
            previous = head;
            head = following;
        }
        return previous;
    }

    // The fast pointer moves two steps per slow step; for even lengths this picks the second middle.
    static Node Middle(Node head)
    {
        Node slow = head, fast = head;
        while (fast != null && fast.Next != null)
        {
            slow = slow.Next;
            fast = fast.Next.Next;
        }
        return slow;
    }

    static void Main()
    {
        var inputs = new[]
        {
            new[] { 1, 2, 3, 4, 5, 6, 7 },
            new[] { 10, 20, 30, 40 },
            new[] { 42 },
            new int[0],
        };
        foreach (var values in inputs)
        {
            var head = FromArray(values);
            Console.WriteLine($"before: {Format(head)}");
            var mid = Middle(head);
            Console.WriteLine($"middle: {(mid != null ? mid.Value.ToString() : "none")}");
            head = Reverse(head);
            Console.WriteLine($"after:  {Format(head)}");
            Console.WriteLine();
        }
    }
}
