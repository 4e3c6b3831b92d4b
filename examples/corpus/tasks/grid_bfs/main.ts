// Breadth-first search for the shortest path from S to E on a character grid with walls (#).

type Cell = readonly [row: number, col: number];

// Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
const STEPS: readonly Cell[] = [[-1, 0], [1, 0], [0, -1], [0, 1]];

function find(grid: readonly string[], mark: string): Cell {
  for (let row = 0; row < grid.length; row++) {
    const col = grid[row].indexOf(mark);
    if (col >= 0) return [row, col];
  }
  throw new Error(`grid has no '${mark}'`);
}

// Tuples compare by identity in a Map, so cells are keyed as "row,col" strings.
const key = ([row, col]: Cell): string => `${row},${col}`;

function shortestPath(grid: readonly string[]): Cell[] | null {
  const start = find(grid, "S");
  const goal = key(find(grid, "E"));
  const cameFrom = new Map<string, Cell | null>([[key(start), null]]);
  const queue: Cell[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const cell = queue[head];
    if (key(cell) === goal) {
      const path: Cell[] = [];
      for (let step: Cell | null = cell; step !== null; step = cameFrom.get(key(step)) ?? null) {
        path.push(step);
      }
      return path.reverse();
    }
    for (const [dRow, dCol] of STEPS) {
      const next: Cell = [cell[0] + dRow, cell[1] + dCol];
      const [r, c] = next;
      if (r >= 0 && r < grid.length && c >= 0 && c < grid[0].length
          && grid[r][c] !== "#" && !cameFrom.has(key(next))) {
        cameFrom.set(key(next), cell);
        queue.push(next);
      }
    }
  }
  return null;
}

const grids: string[][] = [
  ["S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E"],
  ["S.#..", "..#..", "###..", "....E"],
];
grids.forEach((grid, index) => {
  console.log(`grid ${index + 1}:`);
  const path = shortestPath(grid);
  if (path === null) {
    console.log("no path");
  } else {
    console.log(`length: ${path.length - 1}`);
    console.log(`path: ${path.map(([r, c]) => `(${r},${c})`).join(" ")}`);
    const onPath = new Set<string>(path.slice(1, -1).map(key));
    grid.forEach((line, r) => {
      console.log([...line].map((ch, c) => (onPath.has(key([r, c])) ? "*" : ch)).join(""));
    });
  }
  console.log();
});
