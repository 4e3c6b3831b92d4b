// Iterative binary search over a sorted array.
//
// Looks up several targets (present at the ends, in the middle, and absent below,
// inside and above the range) and prints the index found or "not found".
package main

import (
	"fmt"
	"strconv"
	"strings"
)

var sortedValues = []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43}
var targets = []int{2, 19, 43, 1, 20, 44}

// binarySearch returns the index of target in values and whether it was found.
func binarySearch(values []int, target int) (int, bool) {
	low, high := 0, len(values)-1
	for low <= high {
		mid := low + (high-low)/2
		switch {
		case values[mid] == target:
			return mid, true
		case values[mid] < target:
			low = mid + 1
		default:
			high = mid - 1
		}
	}
	return -1, false
}

func main() {
	parts := make([]string, len(sortedValues))
	for i, v := range sortedValues {
		parts[i] = strconv.Itoa(v)
	}
	fmt.Println("values:", strings.Join(parts, " "))
	for _, target := range targets {
		if index, found := binarySearch(sortedValues, target); found {
			fmt.Printf("search %d: found at index %d\n", target, index)
		} else {
			fmt.Printf("search %d: not found\n", target)
		}
	}
}
