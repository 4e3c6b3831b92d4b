// Matrix multiplication and transposition.
//
// Multiplies a 2x3 matrix by a 3x2 matrix with the textbook triple loop, prints
// both inputs, the product and its transpose, checks the identity
// (A x B)^T = B^T x A^T, and shows the error for incompatible shapes.

using System;
using System.Linq;

namespace MatrixMultiply
{
    public static class Program
    {
        private static readonly int[,] A = { { 1, 2, 3 }, { 4, 5, 6 } };
        private static readonly int[,] B = { { 7, 8 }, { 9, 10 }, { 11, 12 } };

        private static string Shape(int[,] m) => $"{m.GetLength(0)}x{m.GetLength(1)}";

        private static int[,] Multiply(int[,] left, int[,] right)
        {
            if (left.GetLength(1) != right.GetLength(0))
            {
                throw new ArgumentException($"cannot multiply {Shape(left)} by {Shape(right)}");
            }
            var product = new int[left.GetLength(0), right.GetLength(1)];
            for (var i = 0; i < left.GetLength(0); i++)
            {
                for (var j = 0; j < right.GetLength(1); j++)
                {
                    for (var k = 0; k < right.GetLength(0); k++)
                    {
                        product[i, j] += left[i, k] * right[k, j];
                    }
                }
            }
            return product;
        }

        private static int[,] Transpose(int[,] m)
        {
            var result = new int[m.GetLength(1), m.GetLength(0)];
            for (var i = 0; i < m.GetLength(0); i++)
            {
                for (var j = 0; j < m.GetLength(1); j++)
                {
                    result[j, i] = m[i, j];
                }
            }
            return result;
        }

        private static void PrintMatrix(string name, int[,] m)
        {
            Console.WriteLine($"{name} ({Shape(m)}):");
            for (var i = 0; i < m.GetLength(0); i++)
            {
                var cells = Enumerable.Range(0, m.GetLength(1)).Select(j => $"{m[i, j],4}");
                Console.WriteLine(string.Concat(cells));
            }
        }

        public static void Main()
        {
            var product = Multiply(A, B);
            PrintMatrix("A", A);
            PrintMatrix("B", B);
            PrintMatrix("A x B", product);
            PrintMatrix("(A x B)^T", Transpose(product));
            var expected = Multiply(Transpose(B), Transpose(A));
            var same = Transpose(product).Cast<int>().SequenceEqual(expected.Cast<int>());
            Console.WriteLine($"(A x B)^T == B^T x A^T: {(same ? "yes" : "no")}");
            try
            {
                Multiply(A, A);
            }
            catch (ArgumentException e)
            {
                Console.WriteLine($"A x A: error: {e.Message}");
            }
        }
    }
}
