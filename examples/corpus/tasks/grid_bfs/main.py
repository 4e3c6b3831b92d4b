"""Breadth-first search for the shortest path from S to E on a character grid with walls (#)."""

from __future__ import annotations

from collections import deque
from typing import Optional

Cell = tuple[int, int]

# Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))


def find(grid: list[str], mark: str) -> Cell:
    for row, line in enumerate(grid):
        col = line.find(mark)
        if col >= 0:
            return row, col
    raise ValueError(f"grid has no {mark!r}")


def shortest_path(grid: list[str]) -> Optional[list[Cell]]:
    start, goal = find(grid, "S"), find(grid, "E")
    came_from: dict[Cell, Optional[Cell]] = {start: None}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        if cell == goal:
            path = []
            step: Optional[Cell] = cell
            while step is not None:
                path.append(step)
                step = came_from[step]
            return path[::-1]
        row, col = cell
        for d_row, d_col in STEPS:
            nxt = (row + d_row, col + d_col)
            if (
                0 <= nxt[0] < len(grid)
                and 0 <= nxt[1] < len(grid[0])
                and grid[nxt[0]][nxt[1]] != "#"
                and nxt not in came_from
            ):
                came_from[nxt] = cell
                queue.append(nxt)
    return None


def main() -> None:
    grids = [
        ["S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E"],
        ["S.#..", "..#..", "###..", "....E"],
    ]
    for number, grid in enumerate(grids, start=1):
        print(f"grid {number}:")
        path = shortest_path(grid)
        if path is None:
            print("no path")
        else:
            print(f"length: {len(path) - 1}")
            print("path: " + " ".join(f"({r},{c})" for r, c in path))
            on_path = set(path[1:-1])
            for r, line in enumerate(grid):
                print("".join("*" if (r, c) in on_path else ch for c, ch in enumerate(line)))
        print()


if __name__ == "__main__":
    main()
