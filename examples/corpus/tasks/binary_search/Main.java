// Iterative binary search over a sorted array.
//
// Looks up several targets (present at the ends, in the middle, and absent below,
// inside and above the range) and prints the index found or "not found".

import java.util.Arrays;
import java.util.stream.Collectors;

public class Main {
    private static final int[] SORTED_VALUES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43};
    private static final int[] TARGETS = {2, 19, 43, 1, 20, 44};

    /** Returns the index of target in values, or -1 when it is absent. */
    static int binarySearch(int[] values, int target) {
        int low = 0;
        int high = values.length - 1;
        while (low <= high) {
            int mid = low + (high - low) / 2;
            if (values[mid] == target) {
                return mid;
            }
            if (values[mid] < target) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }

    public static void main(String[] args) {
        String joined = Arrays.stream(SORTED_VALUES)
                .mapToObj(String::valueOf)
                .collect(Collectors.joining(" "));
        System.out.println("values: " + joined);
        for (int target : TARGETS) {
            int index = binarySearch(SORTED_VALUES, target);
            if (index >= 0) {
                System.out.println("search " + target + ": found at index " + index);
            } else {
                System.out.println("search " + target + ": not found");
            }
        }
    }
}
