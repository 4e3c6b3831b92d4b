// Recursive merge sort of a fixed integer array.
//
// Splits the array in halves, sorts each half recursively and merges them; the
// merge takes from the left half on ties, so the sort is stable. Prints the array
// before and after sorting.

import java.util.Arrays;
import java.util.stream.Collectors;

public class Main {
    private static final int[] VALUES = {38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27};

    static int[] merge(int[] left, int[] right) {
        int[] merged = new int[left.length + right.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < left.length && j < right.length) {
            merged[k++] = left[i] <= right[j] ? left[i++] : right[j++];
        }
        while (i < left.length) {
            merged[k++] = left[i++];
        }
        while (j < right.length) {
            merged[k++] = right[j++];
        }
        return merged;
    }

    static int[] mergeSort(int[] values) {
        if (values.length <= 1) {
            return values.clone();
        }
        int middle = values.length / 2;
        int[] left = mergeSort(Arrays.copyOfRange(values, 0, middle));
        int[] right = mergeSort(Arrays.copyOfRange(values, middle, values.length));
        return merge(left, right);
    }

    static String formatValues(int[] values) {
        return Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(" "));
    }

    public static void main(String[] args) {
        System.out.println("before: " + formatValues(VALUES));
        System.out.println("after:  " + formatValues(mergeSort(VALUES)));
    }
}
