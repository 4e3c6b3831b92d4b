// Word frequencies of a fixed paragraph.
//
// The text is lower-cased and split on every run of non-letters, so "that's"
// counts as "that" and "s". Prints the totals and the five most frequent words,
// ordered by count (highest first) and then alphabetically.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WordCount
{
    public static class Program
    {
        private const string Paragraph =
            "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; " +
            "the fox runs into the woods! A fox, a dog and a cat: which of them is the " +
            "quickest? Nobody knows, but the fox is quick and the dog is lazy, and " +
            "that's that.";

        private static Dictionary<string, int> CountWords(string text)
        {
            var counts = new Dictionary<string, int>();
            foreach (var word in Regex.Split(text.ToLowerInvariant(), "[^a-z]+"))
            {
                if (word.Length == 0)
                {
                    continue;
                }
                counts.TryGetValue(word, out var count);
                counts[word] = count + 1;
            }
            return counts;
        }

        private static List<KeyValuePair<string, int>> TopWords(Dictionary<string, int> counts, int limit)
        {
            return counts
                .OrderByDescending(pair => pair.Value)
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
        }

        public static void Main()
        {
            var counts = CountWords(Paragraph);
            Console.WriteLine($"total words: {counts.Values.Sum()}");
            Console.WriteLine($"distinct words: {counts.Count}");
            Console.WriteLine("top 5:");
            foreach (var pair in TopWords(counts, 5))
            {
                Console.WriteLine($"  {pair.Key}: {pair.Value}");
            }
        }
    }
}
