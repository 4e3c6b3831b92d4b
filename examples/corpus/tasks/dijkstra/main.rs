// Dijkstra's shortest paths from one source over a fixed directed graph, using a binary heap.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

type Graph<'a> = BTreeMap<&'a str, Vec<(&'a str, u32)>>;

fn build_graph<'a>(edges: &[(&'a str, &'a str, u32)]) -> Graph<'a> {
    let mut graph = Graph::new();
    for &(source, target, weight) in edges {
        graph.entry(source).or_default().push((target, weight));
        graph.entry(target).or_default();
    }
    graph
}

fn dijkstra<'a>(
    graph: &Graph<'a>,
    source: &'a str,
) -> (HashMap<&'a str, u32>, HashMap<&'a str, &'a str>) {
    let mut distances = HashMap::from([(source, 0)]);
    let mut previous = HashMap::new();
    // BinaryHeap is a max-heap; Reverse turns it into a min-heap on distance.
    let mut heap = BinaryHeap::from([Reverse((0, source))]);
    while let Some(Reverse((distance, node))) = heap.pop() {
        if distance > distances[node] {
            continue; // a stale entry: the node was already settled with a shorter distance
        }
        for &(neighbour, weight) in &graph[node] {
            let candidate = distance + weight;
            if distances
                .get(neighbour)
                .map_or(true, |&known| candidate < known)
            {
                distances.insert(neighbour, candidate);
                previous.insert(neighbour, node);
                heap.push(Reverse((candidate, neighbour)));
            }
        }
    }
    (distances, previous)
}

fn path_to<'a>(previous: &HashMap<&'a str, &'a str>, target: &'a str) -> Vec<&'a str> {
    let mut path = vec![target];
    while let Some(&node) = previous.get(path.last().unwrap()) {
        path.push(node);
    }
    path.reverse();
    path
}

fn main() {
    let edges = [
        ("A", "B", 4),
        ("A", "C", 2),
        ("C", "B", 1),
        ("B", "D", 5),
        ("C", "D", 8),
        ("C", "E", 10),
        ("D", "E", 2),
        ("D", "F", 6),
        ("E", "F", 2),
        ("G", "A", 1),
    ];
    let graph = build_graph(&edges);
    let source = "A";
    let (distances, previous) = dijkstra(&graph, source);
    println!("source: {}", source);
    for node in graph.keys() {
        match distances.get(node) {
            Some(distance) => println!(
                "{}: {} via {}",
                node,
                distance,
                path_to(&previous, node).join(" -> ")
            ),
            None => println!("{}: unreachable", node),
        }
    }
}
