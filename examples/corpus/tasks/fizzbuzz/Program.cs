// FizzBuzz from 1 to 30 driven by a rule table.
//
// Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
// divisible by several divisors gets all their words in table order; a number that
// matches no rule is printed as is. A summary counts how often each word was used.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FizzBuzz
{
    public static class Program
    {
        private sealed class Rule
        {
            public Rule(int divisor, string word)
            {
                Divisor = divisor;
                Word = word;
            }

            public int Divisor { get; }
            public string Word { get; }
        }

        private static readonly Rule[] Rules =
        {
            new Rule(3, "Fizz"), new Rule(5, "Buzz"), new Rule(7, "Bazz"),
        };

        private static string Label(int n, IEnumerable<Rule> rules)
        {
            var words = new StringBuilder();
            foreach (var rule in rules.Where(r => n % r.Divisor == 0))
            {
                words.Append(rule.Word);
            }
            return words.Length > 0 ? words.ToString() : n.ToString();
        }

        public static void Main()
        {
            var wordCounts = Rules.ToDictionary(rule => rule.Word, rule => 0);
            var plainNumbers = 0;
            for (var n = 1; n <= 30; n++)
            {
                Console.WriteLine(Label(n, Rules));
                var matching = Rules.Where(rule => n % rule.Divisor == 0).ToList();
                foreach (var rule in matching)
                {
                    wordCounts[rule.Word]++;
                }
                if (matching.Count == 0)
                {
                    plainNumbers++;
                }
            }

            Console.WriteLine("---");
            foreach (var rule in Rules)
            {
                Console.WriteLine($"{rule.Word}: {wordCounts[rule.Word]}");
            }
            Console.WriteLine($"plain numbers: {plainNumbers}");
        }
    }
}
