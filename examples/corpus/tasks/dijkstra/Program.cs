// Dijkstra's shortest paths from one source over a fixed directed graph.
// A SortedSet of (distance, node) serves as the priority queue: an improved node's old entry is removed,
// so no stale entries are ever popped.

using System;
using System.Collections.Generic;

sealed class Edge
{
    public Edge(string source, string target, int weight)
    {
        Source = source;
        Target = target;
        Weight = weight;
    }

    public string Source { get; }
    public string Target { get; }
    public int Weight { get; }
}

static class Program
{
    static SortedDictionary<string, List<Edge>> BuildGraph(IEnumerable<Edge> edges)
    {
        var graph = new SortedDictionary<string, List<Edge>>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            if (!graph.ContainsKey(edge.Source)) graph[edge.Source] = new List<Edge>();
            if (!graph.ContainsKey(edge.Target)) graph[edge.Target] = new List<Edge>();
            graph[edge.Source].Add(edge);
        }
        return graph;
    }

    static Dictionary<string, int> Dijkstra(
        IDictionary<string, List<Edge>> graph, string source,
        Dictionary<string, string> previous)
    {
        var distances = new Dictionary<string, int> { [source] = 0 };
        var queue = new SortedSet<(int Distance, string Node)> { (0, source) };
        while (queue.Count > 0)
        {
            var (distance, node) = queue.Min;
            queue.Remove(queue.Min);
            foreach (var edge in graph[node])
            {
                int candidate = distance + edge.Weight;
                if (!distances.TryGetValue(edge.Target, out int known) || candidate < known)
                {
                    if (distances.ContainsKey(edge.Target)) queue.Remove((known, edge.Target));
                    distances[edge.Target] = candidate;
                    previous[edge.Target] = node;
                    queue.Add((candidate, edge.Target));
                }
            }
        }
        return distances;
    }

    static IEnumerable<string> PathTo(Dictionary<string, string> previous, string target)
    {
        var path = new List<string> { target };
        while (previous.TryGetValue(path[path.Count - 1], out var before))
        {
            path.Add(before);
        }
        path.Reverse();
        return path;
    }

    static void Main()
    {
        var edges = new[]
        {
            new Edge("A", "B", 4), new Edge("A", "C", 2), new Edge("C", "B", 1), new Edge("B", "D", 5),
            new Edge("C", "D", 8), new Edge("C", "E", 10), new Edge("D", "E", 2), new Edge("D", "F", 6),
            new Edge("E", "F", 2), new Edge("G", "A", 1),
        };
        var graph = BuildGraph(edges);
        const string source = "A";
        var previous = new Dictionary<string, string>();
        var distances = Dijkstra(graph, source, previous);
        Console.WriteLine($"source: {source}");
        foreach (var node in graph.Keys)
        {
            Console.WriteLine(distances.TryGetValue(node, out int distance)
                ? $"{node}: {distance} via {string.Join(" -> ", PathTo(previous, node))}"
                : $"{node}: unreachable");
        }
    }
}
