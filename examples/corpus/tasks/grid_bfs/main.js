// Breadth-first search for the shortest path from S to E on a character grid with walls (#).

// Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
const STEPS = [[-1, 0], [1, 0], [0, -1], [0, 1]];

function find(grid, mark) {
  for (let row = 0; row < grid.length; row++) {
    const col = grid[row].indexOf(mark);
    if (col >= 0) return [row, col];
  }
  throw new Error(`grid has no '${mark}'`);
}

// Cells are keyed as "row,col" strings because arrays compare by identity in a Map.
const key = (row, col) => `${row},${col}`;

function shortestPath(grid) {
  const start = find(grid, "S");
  const goal = find(grid, "E");
  const cameFrom = new Map([[key(...start), null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const [row, col] = queue[head];
    if (row === goal[0] && col === goal[1]) {
      const path = [];
      for (let step = [row, col]; step !== null; step = cameFrom.get(key(...step))) {
        path.push(step);
      }
      return path.reverse();
    }
    for (const [dRow, dCol] of STEPS) {
      const r = row + dRow;
      const c = col + dCol;
      if (r >= 0 && r < grid.length && c >= 0 && c < grid[0].length
          && grid[r][c] !== "#" && !cameFrom.has(key(r, c))) {
        cameFrom.set(key(r, c), [row, col]);
        queue.push([r, c]);
      }
    }
  }
  return null;
}

const grids = [
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
    const onPath = new Set(path.slice(1, -1).map(([r, c]) => key(r, c)));
    grid.forEach((line, r) => {
      console.log([...line].map((ch, c) => (onPath.has(key(r, c)) ? "*" : ch)).join(""));
    });
  }
  console.log();
});
