// Greatest common divisor and least common multiple.
//
// Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
// (dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
// folds lcm over whole lists: the last one is the smallest number divisible by
// every integer from 1 to 20.

using System;
using System.Collections.Generic;
using System.Linq;

namespace GcdLcm
{
    public static class Program
    {
        private static readonly long[][] Pairs =
        {
            new long[] { 12, 18 }, new long[] { 17, 5 }, new long[] { 0, 9 },
            new long[] { 48, 180 }, new long[] { 1071, 462 },
        };

        private static readonly long[][] Lists =
        {
            new long[] { 4, 6, 8, 10, 15 },
            Enumerable.Range(1, 20).Select(i => (long)i).ToArray(),
        };

        private static long Gcd(long a, long b)
        {
            while (b != 0)
            {
                var remainder = a % b;
                a = b;
                b = remainder;
            }
            return a;
        }

        private static long Lcm(long a, long b) => a == 0 || b == 0 ? 0 : a / Gcd(a, b) * b;

        private static long LcmOf(IEnumerable<long> values) => values.Aggregate(1L, Lcm);

        public static void Main()
        {
            foreach (var pair in Pairs)
            {
                long a = pair[0], b = pair[1];
                Console.WriteLine($"gcd({a}, {b}) = {Gcd(a, b)}, lcm({a}, {b}) = {Lcm(a, b)}");
            }
            foreach (var values in Lists)
            {
                Console.WriteLine($"lcm of [{string.Join(" ", values)}] = {LcmOf(values)}");
            }
        }
    }
}
