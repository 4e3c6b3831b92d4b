// Breadth-first search for the shortest path from S to E on a character grid with walls (#).

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

public class Main {
    record Cell(int row, int col) {}

    // Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
    private static final int[][] STEPS = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};

    static Cell find(String[] grid, char mark) {
        for (int row = 0; row < grid.length; row++) {
            int col = grid[row].indexOf(mark);
            if (col >= 0) {
                return new Cell(row, col);
            }
        }
        throw new IllegalArgumentException("grid has no '" + mark + "'");
    }

    static Optional<List<Cell>> shortestPath(String[] grid) {
        Cell start = find(grid, 'S');
        Cell goal = find(grid, 'E');
        Map<Cell, Cell> cameFrom = new HashMap<>();
        cameFrom.put(start, null);
        ArrayDeque<Cell> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            Cell cell = queue.poll();
            if (cell.equals(goal)) {
                List<Cell> path = new ArrayList<>();
                for (Cell step = cell; step != null; step = cameFrom.get(step)) {
                    path.add(step);
                }
                Collections.reverse(path);
                return Optional.of(path);
            }
            for (int[] step : STEPS) {
                Cell next = new Cell(cell.row() + step[0], cell.col() + step[1]);
                if (next.row() >= 0 && next.row() < grid.length
                        && next.col() >= 0 && next.col() < grid[0].length()
                        && grid[next.row()].charAt(next.col()) != '#'
                        && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, cell);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    public static void main(String[] args) {
        String[][] grids = {
            {"S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E"},
            {"S.#..", "..#..", "###..", "....E"},
        };
        for (int number = 1; number <= grids.length; number++) {
            String[] grid = grids[number - 1];
            System.out.println("grid " + number + ":");
            Optional<List<Cell>> found = shortestPath(grid);
            if (found.isEmpty()) {
                System.out.println("no path");
            } else {
                List<Cell> path = found.get();
                System.out.println("length: " + (path.size() - 1));
                StringBuilder line = new StringBuilder("path:");
                for (Cell cell : path) {
                    line.append(" (").append(cell.row()).append(',').append(cell.col()).append(')');
                }
                System.out.println(line);
                Set<Cell> onPath = new HashSet<>(path.subList(1, path.size() - 1));
                for (int row = 0; row < grid.length; row++) {
                    char[] chars = grid[row].toCharArray();
                    for (int col = 0; col < chars.length; col++) {
                        if (onPath.contains(new Cell(row, col))) {
                            chars[col] = '*';
                        }
                    }
                    System.out.println(new String(chars));
                }
            }
            System.out.println();
        }
    }
}
