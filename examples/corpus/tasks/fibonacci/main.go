// Fibonacci numbers two ways.
//
// Prints the first 20 Fibonacci numbers computed iteratively, then fib(50) and
// fib(90) from a memoised recursive function. fib(90) still fits in a signed
// 64-bit integer, so every translation can use its native 64-bit type.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

func firstFibonacci(count int) []int64 {
	numbers := make([]int64, 0, count)
	var a, b int64 = 0, 1
	for i := 0; i < count; i++ {
		numbers = append(numbers, a)
		a, b = b, a+b
	}
	return numbers
}

func fibMemo(n int, memo map[int]int64) int64 {
	if cached, ok := memo[n]; ok {
		return cached
	}
	value := fibMemo(n-1, memo) + fibMemo(n-2, memo)
	memo[n] = value
	return value
}

func main() {
	first := firstFibonacci(20)
	parts := make([]string, len(first))
	for i, n := range first {
		parts[i] = strconv.FormatInt(n, 10)
	}
	fmt.Println("first 20:", strings.Join(parts, " "))

	memo := map[int]int64{0: 0, 1: 1}
	for _, n := range []int{50, 90} {
		fmt.Printf("fib(%d) = %d\n", n, fibMemo(n, memo))
	}
	fmt.Printf("memo entries: %d\n", len(memo))
}
