// Dijkstra's shortest paths from one source over a fixed directed graph, using container/heap.
package main

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"
)

type edge struct {
	target string
	weight int
}

type entry struct {
	distance int
	node     string
}

// entryHeap implements heap.Interface as a min-heap on distance.
type entryHeap []entry

func (h entryHeap) Len() int            { return len(h) }
func (h entryHeap) Less(i, j int) bool  { return h[i].distance < h[j].distance }
func (h entryHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *entryHeap) Push(x interface{}) { *h = append(*h, x.(entry)) }
func (h *entryHeap) Pop() interface{} {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}

func dijkstra(graph map[string][]edge, source string) (map[string]int, map[string]string) {
	distances := map[string]int{source: 0}
	previous := map[string]string{}
	queue := &entryHeap{{0, source}}
	for queue.Len() > 0 {
		current := heap.Pop(queue).(entry)
		if current.distance > distances[current.node] {
			continue // a stale entry: the node was already settled with a shorter distance
		}
		for _, e := range graph[current.node] {
			candidate := current.distance + e.weight
			if known, seen := distances[e.target]; !seen || candidate < known {
				distances[e.target] = candidate
				previous[e.target] = current.node
				heap.Push(queue, entry{candidate, e.target})
			}
		}
	}
	return distances, previous
}

func pathTo(previous map[string]string, target string) []string {
	path := []string{target}
	for node, ok := previous[target]; ok; node, ok = previous[node] {
		path = append([]string{node}, path...)
	}
	return path
}

func main() {
	edges := []struct {
		source, target string
		weight         int
	}{
		{"A", "B", 4}, {"A", "C", 2}, {"C", "B", 1}, {"B", "D", 5}, {"C", "D", 8},
		{"C", "E", 10}, {"D", "E", 2}, {"D", "F", 6}, {"E", "F", 2}, {"G", "A", 1},
	}
	graph := map[string][]edge{}
	for _, e := range edges {
		graph[e.source] = append(graph[e.source], edge{e.target, e.weight})
		if _, ok := graph[e.target]; !ok {
			graph[e.target] = nil
		}
	}
	source := "A"
	distances, previous := dijkstra(graph, source)
	nodes := make([]string, 0, len(graph))
	for node := range graph {
		nodes = append(nodes, node)
	}
	sort.Strings(nodes)
	fmt.Printf("source: %s\n", source)
	for _, node := range nodes {
		if distance, ok := distances[node]; ok {
			fmt.Printf("%s: %d via %s\n", node, distance, strings.Join(pathTo(previous, node), " -> "))
		} else {
			fmt.Printf("%s: unreachable\n", node)
		}
	}
}
