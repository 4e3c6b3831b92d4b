// Dijkstra's shortest paths from one source over a fixed directed graph, using a binary heap.

interface Edge {
  target: string;
  weight: number;
}

type Graph = Map<string, Edge[]>;

// A minimal binary min-heap (TypeScript has no built-in priority queue).
class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (last !== undefined && items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.less(items[left], items[smallest])) smallest = left;
        if (right < items.length && this.less(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

function buildGraph(edges: ReadonlyArray<[string, string, number]>): Graph {
  const graph: Graph = new Map();
  for (const [source, target, weight] of edges) {
    if (!graph.has(source)) graph.set(source, []);
    if (!graph.has(target)) graph.set(target, []);
    graph.get(source)!.push({ target, weight });
  }
  return graph;
}

interface ShortestPaths {
  distances: Map<string, number>;
  previous: Map<string, string>;
}

function dijkstra(graph: Graph, source: string): ShortestPaths {
  const distances = new Map<string, number>([[source, 0]]);
  const previous = new Map<string, string>();
  const heap = new MinHeap<[number, string]>((a, b) => a[0] < b[0]);
  heap.push([0, source]);
  while (heap.size > 0) {
    const [distance, node] = heap.pop()!;
    if (distance > distances.get(node)!) continue; // stale entry: already settled shorter
    for (const { target, weight } of graph.get(node) ?? []) {
      const candidate = distance + weight;
      if (candidate < (distances.get(target) ?? Infinity)) {
        distances.set(target, candidate);
        previous.set(target, node);
        heap.push([candidate, target]);
      }
    }
  }
  return { distances, previous };
}

function pathTo(previous: Map<string, string>, target: string): string[] {
  const path = [target];
  for (let node = previous.get(target); node !== undefined; node = previous.get(node)) {
    path.push(node);
  }
  return path.reverse();
}

const edges: Array<[string, string, number]> = [
  ["A", "B", 4], ["A", "C", 2], ["C", "B", 1], ["B", "D", 5], ["C", "D", 8],
  ["C", "E", 10], ["D", "E", 2], ["D", "F", 6], ["E", "F", 2], ["G", "A", 1],
];
const graph = buildGraph(edges);
const source = "A";
const { distances, previous } = dijkstra(graph, source);
console.log(`source: ${source}`);
for (const node of [...graph.keys()].sort()) {
  const distance = distances.get(node);
  if (distance !== undefined) {
    console.log(`${node}: ${distance} via ${pathTo(previous, node).join(" -> ")}`);
  } else {
    console.log(`${node}: unreachable`);
  }
}
