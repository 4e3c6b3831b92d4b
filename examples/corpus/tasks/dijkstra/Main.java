// Dijkstra's shortest paths from one source over a fixed directed graph, using a priority queue.

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

public class Main {
    record Edge(String target, int weight) {}

    record Entry(int distance, String node) {}

    static Map<String, List<Edge>> buildGraph(Object[][] edges) {
        Map<String, List<Edge>> graph = new TreeMap<>();
        for (Object[] edge : edges) {
            String source = (String) edge[0];
            String target = (String) edge[1];
            graph.computeIfAbsent(source, key -> new ArrayList<>()).add(new Edge(target, (Integer) edge[2]));
            graph.computeIfAbsent(target, key -> new ArrayList<>());
        }
        return graph;
    }

    static Map<String, Integer> dijkstra(
            Map<String, List<Edge>> graph, String source, Map<String, String> previous) {
        Map<String, Integer> distances = new HashMap<>();
        distances.put(source, 0);
        PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Integer.compare(a.distance(), b.distance()));
        queue.add(new Entry(0, source));
        while (!queue.isEmpty()) {
            Entry entry = queue.poll();
            if (entry.distance() > distances.get(entry.node())) {
                continue; // a stale entry: the node was already settled with a shorter distance
            }
            for (Edge edge : graph.get(entry.node())) {
                int candidate = entry.distance() + edge.weight();
                if (candidate < distances.getOrDefault(edge.target(), Integer.MAX_VALUE)) {
                    distances.put(edge.target(), candidate);
                    previous.put(edge.target(), entry.node());
                    queue.add(new Entry(candidate, edge.target()));
                }
            }
        }
        return distances;
    }

    static List<String> pathTo(Map<String, String> previous, String target) {
        List<String> path = new ArrayList<>();
        for (String node = target; node != null; node = previous.get(node)) {
            path.add(node);
        }
        Collections.reverse(path);
        return path;
    }

    public static void main(String[] args) {
        Object[][] edges = {
            {"A", "B", 4}, {"A", "C", 2}, {"C", "B", 1}, {"B", "D", 5}, {"C", "D", 8},
            {"C", "E", 10}, {"D", "E", 2}, {"D", "F", 6}, {"E", "F", 2}, {"G", "A", 1},
        };
        Map<String, List<Edge>> graph = buildGraph(edges);
        String source = "A";
        Map<String, String> previous = new HashMap<>();
        Map<String, Integer> distances = dijkstra(graph, source, previous);
        System.out.println("source: " + source);
        for (String node : graph.keySet()) {
            if (distances.containsKey(node)) {
                String path = String.join(" -> ", pathTo(previous, node));
                System.out.println(node + ": " + distances.get(node) + " via " + path);
            } else {
                System.out.println(node + ": unreachable");
            }
        }
    }
}
