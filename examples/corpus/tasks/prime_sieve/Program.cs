// Sieve of Eratosthenes up to 100.
//
// Crosses out the multiples of every prime p starting at p * p (smaller multiples
// were already crossed out by smaller primes), then prints the primes ten per
// line, their count and their sum.

using System;
using System.Collections.Generic;
using System.Linq;

namespace PrimeSieve
{
    public static class Program
    {
        private const int Limit = 100;
        private const int PerLine = 10;

        private static List<int> Sieve(int limit)
        {
            var isPrime = new bool[limit + 1];
            for (var n = 2; n <= limit; n++)
            {
                isPrime[n] = true;
            }
            for (var p = 2; p * p <= limit; p++)
            {
                if (!isPrime[p])
                {
                    continue;
                }
                for (var multiple = p * p; multiple <= limit; multiple += p)
                {
                    isPrime[multiple] = false;
                }
            }
            return Enumerable.Range(0, limit + 1).Where(n => isPrime[n]).ToList();
        }

        public static void Main()
        {
            var primes = Sieve(Limit);
            Console.WriteLine($"primes up to {Limit}:");
            for (var start = 0; start < primes.Count; start += PerLine)
            {
                Console.WriteLine(string.Join(" ", primes.Skip(start).Take(PerLine)));
            }
            Console.WriteLine($"count: {primes.Count}");
            Console.WriteLine($"sum: {primes.Sum()}");
        }
    }
}
