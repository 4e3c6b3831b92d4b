// Palindrome checks.
//
// A phrase is a palindrome when its letters and digits, lower-cased, read the same
// backwards; spaces and punctuation are ignored. Also finds the longest
// palindromic substring of one word by expanding around every centre (the first
// one found wins on ties).

using System;
using System.Linq;

namespace Palindromes
{
    public static class Program
    {
        private static readonly string[] Phrases =
        {
            "A man, a plan, a canal: Panama",
            "racecar",
            "Hello, World!",
            "Was it a car or a cat I saw?",
            "No 'x' in Nixon",
            "Step on no pets!",
            "codemix",
            "12321",
        };

        private const string Word = "mississippi";

        private static bool IsPalindrome(string phrase)
        {
            var cleaned = phrase.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
            return cleaned.SequenceEqual(cleaned.Reverse());
        }

        /// <summary>
        /// Grows [left, right] while it stays a palindrome; returns the span's start and length.
        /// </summary>
        private static int[] Expand(string word, int left, int right)
        {
            while (left >= 0 && right < word.Length && word[left] == word[right])
            {
                left--;
                right++;
            }
            return new[] { left + 1, right - left - 1 };
        }

        private static string LongestPalindrome(string word)
        {
            int bestStart = 0, bestLength = 0;
            for (var centre = 0; centre < word.Length; centre++)
            {
                var odd = Expand(word, centre, centre);
                var even = Expand(word, centre, centre + 1);
                foreach (var candidate in new[] { odd, even })
                {
                    if (candidate[1] > bestLength)
                    {
                        bestStart = candidate[0];
                        bestLength = candidate[1];
                    }
                }
            }
            return word.Substring(bestStart, bestLength);
        }

        public static void Main()
        {
            foreach (var phrase in Phrases)
            {
                var verdict = IsPalindrome(phrase) ? "palindrome" : "not a palindrome";
                Console.WriteLine($"\"{phrase}\" -> {verdict}");
            }
            var longest = LongestPalindrome(Word);
            Console.WriteLine(
                $"longest palindromic substring of \"{Word}\": \"{longest}\" (length {longest.Length})");
        }
    }
}
