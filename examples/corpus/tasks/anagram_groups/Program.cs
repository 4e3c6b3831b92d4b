// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.

using System;
using System.Linq;

static class Program
{
    static string SortedLetters(string word)
    {
        var letters = word.ToCharArray();
        Array.Sort(letters);
        return new string(letters);
    }

    static void Main()
    {
        string[] words =
        {
            "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
            "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below",
        };
        // Largest groups first; ties by key. Ordinal comparison keeps the order culture-independent.
        var groups = words
            .GroupBy(SortedLetters)
            .Select(g => new { g.Key, Members = g.OrderBy(w => w, StringComparer.Ordinal).ToList() })
            .OrderByDescending(g => g.Members.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        Console.WriteLine($"{words.Length} words, {groups.Count} groups");
        foreach (var group in groups)
        {
            Console.WriteLine($"{group.Key} ({group.Members.Count}): {string.Join(" ", group.Members)}");
        }
    }
}
