// Breadth-first search for the shortest path from S to E on a character grid with walls (#).

using System;
using System.Collections.Generic;
using System.Linq;

static class Program
{
    // Neighbour order is fixed (up, down, left, right) so that ties between shortest paths break the same way.
    static readonly (int Row, int Col)[] Steps = { (-1, 0), (1, 0), (0, -1), (0, 1) };

    static (int Row, int Col) Find(string[] grid, char mark)
    {
        for (int row = 0; row < grid.Length; row++)
        {
            int col = grid[row].IndexOf(mark);
            if (col >= 0)
            {
                return (row, col);
            }
        }
        throw new ArgumentException($"grid has no '{mark}'");
    }

    static List<(int Row, int Col)> ShortestPath(string[] grid)
    {
        var start = Find(grid, 'S');
        var goal = Find(grid, 'E');
        var cameFrom = new Dictionary<(int Row, int Col), (int Row, int Col)>();
        var visited = new HashSet<(int Row, int Col)> { start };
        var queue = new Queue<(int Row, int Col)>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var cell = queue.Dequeue();
            if (cell.Equals(goal))
            {
                var path = new List<(int Row, int Col)> { cell };
                while (!cell.Equals(start))
                {
                    cell = cameFrom[cell];
                    path.Add(cell);
                }
                path.Reverse();
                return path;
            }
            foreach (var step in Steps)
            {
                var next = (Row: cell.Row + step.Row, Col: cell.Col + step.Col);
                if (next.Row >= 0 && next.Row < grid.Length
                    && next.Col >= 0 && next.Col < grid[0].Length
                    && grid[next.Row][next.Col] != '#'
                    && visited.Add(next))
                {
                    cameFrom[next] = cell;
                    queue.Enqueue(next);
                }
            }
        }
        return null;
    }

    static void Main()
    {
        var grids = new[]
        {
            new[] { "S..#....", "##.#.##.", "....#...", ".##...#.", "...#.#..", "##...#.E" },
            new[] { "S.#..", "..#..", "###..", "....E" },
        };
        for (int number = 1; number <= grids.Length; number++)
        {
            var grid = grids[number - 1];
            Console.WriteLine($"grid {number}:");
            var path = ShortestPath(grid);
            if (path == null)
            {
                Console.WriteLine("no path");
            }
            else
            {
                Console.WriteLine($"length: {path.Count - 1}");
                Console.WriteLine("path: " + string.Join(" ", path.Select(c => $"({c.Row},{c.Col})")));
                var onPath = new HashSet<(int Row, int Col)>(path.Skip(1).Take(path.Count - 2));
                for (int row = 0; row < grid.Length; row++)
                {
                    var chars = grid[row].Select((ch, col) => onPath.Contains((row, col)) ? '*' : ch);
                    Console.WriteLine(new string(chars.ToArray()));
                }
            }
            Console.WriteLine();
        }
    }
}
