// Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table.

using System;
using System.Text;

static class Program
{
    // table[i, j] is the distance between the first i chars of source and the first j chars of target.
    static int[,] EditTable(string source, string target)
    {
        var table = new int[source.Length + 1, target.Length + 1];
        for (int i = 0; i <= source.Length; i++) table[i, 0] = i;
        for (int j = 0; j <= target.Length; j++) table[0, j] = j;
        for (int i = 1; i <= source.Length; i++)
        {
            for (int j = 1; j <= target.Length; j++)
            {
                int substitution = source[i - 1] == target[j - 1] ? 0 : 1;
                table[i, j] = Math.Min(
                    Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1),
                    table[i - 1, j - 1] + substitution);
            }
        }
        return table;
    }

    static string FormatTable(string source, string target, int[,] table)
    {
        var output = new StringBuilder("     ");
        foreach (char c in target) output.Append($"{c,3}");
        for (int i = 0; i <= source.Length; i++)
        {
            output.Append("\n  ").Append(i > 0 ? source[i - 1] : ' ');
            for (int j = 0; j <= target.Length; j++) output.Append($"{table[i, j],3}");
        }
        return output.ToString();
    }

    static void Main()
    {
        var pairs = new[]
        {
            new[] { "kitten", "sitting" }, new[] { "flaw", "lawn" }, new[] { "intention", "execution" },
            new[] { "", "abc" }, new[] { "gumbo", "gambol" }, new[] { "book", "back" }, new[] { "same", "same" },
        };
        string first = pairs[0][0], second = pairs[0][1];
        Console.WriteLine($"table for {first} -> {second}:");
        Console.WriteLine(FormatTable(first, second, EditTable(first, second)));
        foreach (var pair in pairs)
        {
            int distance = EditTable(pair[0], pair[1])[pair[0].Length, pair[1].Length];
            Console.WriteLine($"distance(\"{pair[0]}\", \"{pair[1]}\") = {distance}");
        }
    }
}
