// Recursive merge sort of a fixed integer array.
//
// Splits the array in halves, sorts each half recursively and merges them; the
// merge takes from the left half on ties, so the sort is stable. Prints the array
// before and after sorting.

using System;

namespace MergeSort
{
    public static class Program
    {
        private static readonly int[] Values = { 38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27 };

        private static int[] Merge(int[] left, int[] right)
        {
            var merged = new int[left.Length + right.Length];
            int i = 0, j = 0, k = 0;
            while (i < left.Length && j < right.Length)
            {
                merged[k++] = left[i] <= right[j] ? left[i++] : right[j++];
            }
            while (i < left.Length)
            {
                merged[k++] = left[i++];
            }
            while (j < right.Length)
            {
                merged[k++] = right[j++];
            }
            return merged;
        }

        private static int[] Sort(int[] values)
        {
            if (values.Length <= 1)
            {
                return (int[])values.Clone();
            }
            int middle = values.Length / 2;
            var left = new int[middle];
            var right = new int[values.Length - middle];
            Array.Copy(values, 0, left, 0, left.Length);
            Array.Copy(values, middle, right, 0, right.Length);
            return Merge(Sort(left), Sort(right));
        }

        public static void Main()
        {
            Console.WriteLine("before: " + string.Join(" ", Values));
            Console.WriteLine("after:  " + string.Join(" ", Sort(Values)));
        }
    }
}
