// Breadth-first search for the shortest path from S to E on a character grid with walls (#).
package main

import (
	"fmt"
	"strings"
)

type cell struct{ row, col int }

// Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
var steps = []cell{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}

func find(grid []string, mark byte) cell {
	for row, line := range grid {
		if col := strings.IndexByte(line, mark); col >= 0 {
			return cell{row, col}
		}
	}
	panic(fmt.Sprintf("grid has no %q", mark))
}

// shortestPath returns the cells from S to E inclusive, or nil when E cannot be reached.
func shortestPath(grid []string) []cell {
	start, goal := find(grid, 'S'), find(grid, 'E')
	cameFrom := map[cell]cell{}
	visited := map[cell]bool{start: true}
	queue := []cell{start}
	for len(queue) > 0 {
		current := queue[0]
		queue = queue[1:]
		if current == goal {
			path := []cell{current}
			for current != start {
				current = cameFrom[current]
				path = append(path, current)
			}
			for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
				path[i], path[j] = path[j], path[i]
			}
			return path
		}
		for _, step := range steps {
			next := cell{current.row + step.row, current.col + step.col}
			if next.row < 0 || next.row >= len(grid) || next.col < 0 || next.col >= len(grid[0]) {
				continue
			}
			if grid[next.row][next.col] == '#' || visited[next] {
				continue
			}
			visited[next] = true
			cameFrom[next] = current
			queue = append(queue, next)
		}
	}
	return nil
}

func main() {
	grids := [][]string{
		{"S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E"},
		{"S.#..", "..#..", "###..", "....E"},
	}
	for number, grid := range grids {
		fmt.Printf("grid %d:\n", number+1)
		path := shortestPath(grid)
		if path == nil {
			fmt.Println("no path")
		} else {
			fmt.Printf("length: %d\n", len(path)-1)
			parts := make([]string, len(path))
			onPath := map[cell]bool{}
			for i, c := range path {
				parts[i] = fmt.Sprintf("(%d,%d)", c.row, c.col)
				if i > 0 && i < len(path)-1 {
					onPath[c] = true
				}
			}
			fmt.Printf("path: %s\n", strings.Join(parts, " "))
			for row, line := range grid {
				chars := []byte(line)
				for col := range chars {
					if onPath[cell{row, col}] {
						chars[col] = '*'
					}
				}
				fmt.Println(string(chars))
			}
		}
		fmt.Println()
	}
}
