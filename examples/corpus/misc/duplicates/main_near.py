"""Dijkstra's shortest paths from one source over a fixed directed graph, using a binary heap."""

from __future__ import annotations

import heapq

Graph = dict[str, list[tuple[str, int]]]


def build_graph(edges: list[tuple[str, str, int]]) -> Graph:
    graph: Graph = {}
    for source, target, weight in edges:
        graph.setdefault(source, []).append((target, weight))
        graph.setdefault(target, [])
    return graph


def dijkstra(graph: Graph, source: str) -> tuple[dict[str, int], dict[str, str]]:
    distances = {source: 0}
    previous: dict[str, str] = {}
    heap = [(0, source)]
    while heap:
        distance, node = heapq.heappop(heap)
        if distance > distances[node]:
            continue  # outdated heap entry: this node already has a shorter distance
        for neighbour, weight in graph[node]:
            candidate = distance + weight
            if candidate < distances.get(neighbour, float("inf")):
                distances[neighbour] = candidate
                previous[neighbour] = node
                heapq.heappush(heap, (candidate, neighbour))
    return distances, previous


def path_to(previous: dict[str, str], target: str) -> list[str]:
    path = [target]
    while path[-1] in previous:
        path.append(previous[path[-1]])
    return path[::-1]


def main() -> None:
    edges = [
        ("A", "B", 4), ("A", "C", 2), ("C", "B", 1), ("B", "D", 5), ("C", "D", 8),
        ("C", "E", 10), ("D", "E", 2), ("D", "F", 6), ("E", "F", 2), ("G", "A", 1),
    ]
    graph = build_graph(edges)
    origin = "A"
    distances, previous = dijkstra(graph, origin)
    print(f"source: {origin}")
    for node in sorted(graph):
        if node in distances:
            print(f"{node}: {distances[node]} via {' -> '.join(path_to(previous, node))}")
        else:
            print(f"{node}: unreachable")


if __name__ == "__main__":
    main()
