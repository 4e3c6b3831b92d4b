// Breadth-first search for the shortest path from S to E on a character grid with walls (#).

use std::collections::{HashMap, HashSet, VecDeque};

type Cell = (usize, usize);

// Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
const STEPS: [(isize, isize); 4] = [(-1, 0), (1, 0), (0, -1), (0, 1)];

fn find(grid: &[&str], mark: char) -> Option<Cell> {
    grid.iter()
        .enumerate()
        .find_map(|(row, line)| line.find(mark).map(|col| (row, col)))
}

fn shortest_path(grid: &[&str]) -> Option<Vec<Cell>> {
    let start = find(grid, 'S').expect("grid has no 'S'");
    let goal = find(grid, 'E').expect("grid has no 'E'");
    let rows = grid.len() as isize;
    let cols = grid[0].len() as isize;
    let mut came_from: HashMap<Cell, Option<Cell>> = HashMap::from([(start, None)]);
    let mut queue = VecDeque::from([start]);
    while let Some(cell) = queue.pop_front() {
        if cell == goal {
            let mut path = vec![cell];
            while let Some(&Some(previous)) = came_from.get(path.last().unwrap()) {
                path.push(previous);
            }
            path.reverse();
            return Some(path);
        }
        for (d_row, d_col) in STEPS {
            let (r, c) = (cell.0 as isize + d_row, cell.1 as isize + d_col);
            if r < 0 || r >= rows || c < 0 || c >= cols {
                continue;
            }
            let next = (r as usize, c as usize);
            if grid[next.0].as_bytes()[next.1] != b'#' && !came_from.contains_key(&next) {
                came_from.insert(next, Some(cell));
                queue.push_back(next);
            }
        }
    }
    None
}

fn main() {
    let grids: [&[&str]; 2] = [
        &[
            "S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E",
        ],
        &["S.#..", "..#..", "###..", "....E"],
    ];
    for (index, grid) in grids.iter().enumerate() {
        println!("grid {}:", index + 1);
        match shortest_path(grid) {
            None => println!("no path"),
            Some(path) => {
                println!("length: {}", path.len() - 1);
                let cells: Vec<String> =
                    path.iter().map(|(r, c)| format!("({},{})", r, c)).collect();
                println!("path: {}", cells.join(" "));
                let on_path: HashSet<Cell> = path[1..path.len() - 1].iter().copied().collect();
                for (row, line) in grid.iter().enumerate() {
                    let marked: String = line
                        .chars()
                        .enumerate()
                        .map(|(col, ch)| {
                            if on_path.contains(&(row, col)) {
                                '*'
                            } else {
                                ch
                            }
                        })
                        .collect();
                    println!("{}", marked);
                }
            }
        }
        println!();
    }
}
