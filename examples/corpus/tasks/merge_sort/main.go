// Recursive merge sort of a fixed integer array.
//
// Splits the array in halves, sorts each half recursively and merges them; the
// merge takes from the left half on ties, so the sort is stable. Prints the array
// before and after sorting.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

var values = []int{38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27}

func merge(left, right []int) []int {
	merged := make([]int, 0, len(left)+len(right))
	i, j := 0, 0
	for i < len(left) && j < len(right) {
		if left[i] <= right[j] {
			merged = append(merged, left[i])
			i++
		} else {
			merged = append(merged, right[j])
			j++
		}
	}
	merged = append(merged, left[i:]...)
	return append(merged, right[j:]...)
}

func mergeSort(values []int) []int {
	if len(values) <= 1 {
		return append([]int(nil), values...)
	}
	middle := len(values) / 2
	return merge(mergeSort(values[:middle]), mergeSort(values[middle:]))
}

func formatValues(values []int) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, " ")
}

func main() {
	fmt.Println("before:", formatValues(values))
	fmt.Println("after: ", formatValues(mergeSort(values)))
}
