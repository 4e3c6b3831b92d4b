// Dijkstra's shortest paths from one source over a fixed directed graph, using a binary heap.

// A minimal binary min-heap of [priority, value] pairs (JavaScript has no built-in priority queue).
class MinHeap {
  #items = [];

  get size() {
    return this.#items.length;
  }

  push(priority, value) {
    const items = this.#items;
    items.push([priority, value]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent][0] <= items[i][0]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop() {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left][0] < items[smallest][0]) smallest = left;
        if (right < items.length && items[right][0] < items[smallest][0]) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

function buildGraph(edges) {
  const graph = new Map();
  for (const [source, target, weight] of edges) {
    if (!graph.has(source)) graph.set(source, []);
    if (!graph.has(target)) graph.set(target, []);
    graph.get(source).push({ target, weight });
  }
  return graph;
}

function dijkstra(graph, source) {
  const distances = new Map([[source, 0]]);
  const previous = new Map();
  const heap = new MinHeap();
  heap.push(0, source);
  while (heap.size > 0) {
    const [distance, node] = heap.pop();
    if (distance > distances.get(node)) continue; // stale entry: already settled shorter
    for (const { target, weight } of graph.get(node)) {
      const candidate = distance + weight;
      if (candidate < (distances.get(target) ?? Infinity)) {
        distances.set(target, candidate);
        previous.set(target, node);
        heap.push(candidate, target);
      }
    }
  }
  return { distances, previous };
}

function pathTo(previous, target) {
  const path = [target];
  while (previous.has(path[path.length - 1])) {
    path.push(previous.get(path[path.length - 1]));
  }
  return path.reverse();
}

const edges = [
  ["A", "B", 4], ["A", "C", 2], ["C", "B", 1], ["B", "D", 5], ["C", "D", 8],
  ["C", "E", 10], ["D", "E", 2], ["D", "F", 6], ["E", "F", 2], ["G", "A", 1],
];
const graph = buildGraph(edges);
const source = "A";
const { distances, previous } = dijkstra(graph, source);
console.log(`source: ${source}`);
for (const node of [...graph.keys()].sort()) {
  if (distances.has(node)) {
    console.log(`${node}: ${distances.get(node)} via ${pathTo(previous, node).join(" -> ")}`);
  } else {
    console.log(`${node}: unreachable`);
  }
}
