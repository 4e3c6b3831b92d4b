// Fibonacci numbers two ways.
//
// Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
// fib(90) from a memoised recursive function. fib(90) still fits in a signed
// 64-bit integer, so every translation can use its native 64-bit type.

using System;
using System.Collections.Generic;

namespace Fibonacci
{
    public static class Program
    {
        private static List<long> FirstFibonacci(int count)
        {
            var numbers = new List<long>(count);
            long a = 0, b = 1;
            for (var i = 0; i < count; i++)
            {
                numbers.Add(a);
                var next = a + b;
                a = b;
                b = next;
            }
            return numbers;
        }

        private static long FibMemo(int n, Dictionary<int, long> memo)
        {
            if (memo.TryGetValue(n, out var cached))
            {
                return cached;
            }
            var value = FibMemo(n - 1, memo) + FibMemo(n - 2, memo);
            memo[n] = value;
            return value;
        }

        public static void Main()
        {
            Console.WriteLine("first 20: " + string.Join(" ", FirstFibonacci(20)));

            var memo = new Dictionary<int, long> { [0] = 0, [1] = 1 };
            foreach (var n in new[] { 50, 90 })
            {
                Console.WriteLine($"fib({n}) = {FibMemo(n, memo)}");
            }
            Console.WriteLine($"memo entries: {memo.Count}");
        }
    }
}
