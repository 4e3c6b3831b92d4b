// Binary search tree of integers: insert (duplicates ignored), contains, in-order traversal, height.

using System;
using System.Collections.Generic;

class BinarySearchTree
{
    private sealed class Node
    {
        public readonly int Key;
        public Node Left;
        public Node Right;

        public Node(int key) => Key = key;
    }

    private Node _root;

    public int Count { get; private set; }

    // Inserts the key; returns false when it is already present.
    public bool Insert(int key)
    {
        if (_root == null)
        {
            _root = new Node(key);
            Count++;
            return true;
        }
        var node = _root;
        while (true)
        {
            if (key == node.Key)
            {
                return false;
            }
            if (key < node.Key)
            {
                if (node.Left == null)
                {
                    node.Left = new Node(key);
                    break;
                }
                node = node.Left;
            }
            else
            {
                if (node.Right == null)
                {
                    node.Right = new Node(key);
                    break;
                }
                node = node.Right;
            }
        }
        Count++;
        return true;
    }

    public bool Contains(int key)
    {
        var node = _root;
        while (node != null)
        {
            if (key == node.Key)
            {
                return true;
            }
            node = key < node.Key ? node.Left : node.Right;
        }
        return false;
    }

    public IEnumerable<int> InOrder() => Walk(_root);

    private static IEnumerable<int> Walk(Node node)
    {
        if (node == null)
        {
            yield break;
        }
        foreach (var key in Walk(node.Left))
        {
            yield return key;
        }
        yield return node.Key;
        foreach (var key in Walk(node.Right))
        {
            yield return key;
        }
    }

    // Number of nodes on the longest root-to-leaf path; 0 for an empty tree.
    public int Height() => Depth(_root);

    private static int Depth(Node node) =>
        node == null ? 0 : 1 + Math.Max(Depth(node.Left), Depth(node.Right));
}

static class Program
{
    static void Main()
    {
        var tree = new BinarySearchTree();
        Console.WriteLine($"empty height: {tree.Height()}");
        foreach (var key in new[] { 50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10 })
        {
            var status = tree.Insert(key) ? "inserted" : "duplicate";
            Console.WriteLine($"insert {key}: {status}");
        }
        Console.WriteLine($"in-order: {string.Join(" ", tree.InOrder())}");
        Console.WriteLine($"size: {tree.Count}");
        Console.WriteLine($"height: {tree.Height()}");
        foreach (var key in new[] { 45, 55, 10, 90 })
        {
            // bool.ToString() is "True"/"False"; the shared output format is lower case.
            Console.WriteLine($"contains {key}: {(tree.Contains(key) ? "true" : "false")}");
        }
    }
}
