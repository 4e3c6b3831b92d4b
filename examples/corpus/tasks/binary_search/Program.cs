// Iterative binary search over a sorted array.
//
// Looks up several targets (present at the ends, in the middle, and absent below,
// inside and above the range) and prints the index found or "not found".

using System;

namespace BinarySearch
{
    public static class Program
    {
        private static readonly int[] SortedValues = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43 };
        private static readonly int[] Targets = { 2, 19, 43, 1, 20, 44 };

        /// <summary>Returns the index of target in values, or -1 when it is absent.</summary>
        private static int Search(int[] values, int target)
        {
            int low = 0;
            int high = values.Length - 1;
            while (low <= high)
            {
                int mid = low + (high - low) / 2;
                if (values[mid] == target)
                {
                    return mid;
                }
                if (values[mid] < target)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return -1;
        }

        public static void Main()
        {
            Console.WriteLine("values: " + string.Join(" ", SortedValues));
            foreach (var target in Targets)
            {
                int index = Search(SortedValues, target);
                Console.WriteLine(index >= 0
                    ? $"search {target}: found at index {index}"
                    : $"search {target}: not found");
            }
        }
    }
}
