// Greatest common divisor and least common multiple.
//
// Uses Euclid's algorithm for the gcd of each pair, derives the lcm from it
// (dividing before multiplying to keep intermediates small; lcm with 0 is 0), and
// folds lcm over whole lists: the last one is the smallest number divisible by
// every integer from 1 to 20.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

var pairs = [][2]int64{{12, 18}, {17, 5}, {0, 9}, {48, 180}, {1071, 462}}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func lcm(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	return a / gcd(a, b) * b
}

func lcmOf(values []int64) int64 {
	result := int64(1)
	for _, v := range values {
		result = lcm(result, v)
	}
	return result
}

func main() {
	for _, pair := range pairs {
		a, b := pair[0], pair[1]
		fmt.Printf("gcd(%d, %d) = %d, lcm(%d, %d) = %d\n", a, b, gcd(a, b), a, b, lcm(a, b))
	}

	oneToTwenty := make([]int64, 20)
	for i := range oneToTwenty {
		oneToTwenty[i] = int64(i + 1)
	}
	for _, values := range [][]int64{{4, 6, 8, 10, 15}, oneToTwenty} {
		parts := make([]string, len(values))
		for i, v := range values {
			parts[i] = strconv.FormatInt(v, 10)
		}
		fmt.Printf("lcm of [%s] = %d\n", strings.Join(parts, " "), lcmOf(values))
	}
}
