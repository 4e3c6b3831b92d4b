// Sieve of Eratosthenes up to 100.
//
// Crosses out the multiples of every prime p starting at p * p (smaller multiples
// were already crossed out by smaller primes), then prints the primes ten per
// line, their count and their sum.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

const (
	limit   = 100
	perLine = 10
)

func sieve(limit int) []int {
	// composite[n] is true once n is crossed out; the zero value means "maybe prime".
	composite := make([]bool, limit+1)
	for p := 2; p*p <= limit; p++ {
		if composite[p] {
			continue
		}
		for multiple := p * p; multiple <= limit; multiple += p {
			composite[multiple] = true
		}
	}
	var primes []int
	for n := 2; n <= limit; n++ {
		if !composite[n] {
			primes = append(primes, n)
		}
	}
	return primes
}

func main() {
	primes := sieve(limit)
	fmt.Printf("primes up to %d:\n", limit)
	sum := 0
	for start := 0; start < len(primes); start += perLine {
		end := start + perLine
		if end > len(primes) {
			end = len(primes)
		}
		parts := make([]string, 0, perLine)
		for _, p := range primes[start:end] {
			parts = append(parts, strconv.Itoa(p))
			sum += p
		}
		fmt.Println(strings.Join(parts, " "))
	}
	fmt.Printf("count: %d\n", len(primes))
	fmt.Printf("sum: %d\n", sum)
}
