// FizzBuzz from 1 to 30 driven by a rule table.
//
// Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
// divisible by several divisors gets all their words in table order; a number that
// matches no rule is printed as is. A summary counts how often each word was used.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

type rule struct {
	divisor int
	word    string
}

var rules = []rule{{3, "Fizz"}, {5, "Buzz"}, {7, "Bazz"}}

func label(n int, rules []rule) string {
	var words strings.Builder
	for _, r := range rules {
		if n%r.divisor == 0 {
			words.WriteString(r.word)
		}
	}
	if words.Len() == 0 {
		return strconv.Itoa(n)
	}
	return words.String()
}

func main() {
	wordCounts := make(map[string]int, len(rules))
	plainNumbers := 0
	for n := 1; n <= 30; n++ {
		fmt.Println(label(n, rules))
		matched := false
		for _, r := range rules {
			if n%r.divisor == 0 {
				wordCounts[r.word]++
				matched = true
			}
		}
		if !matched {
			plainNumbers++
		}
	}

	fmt.Println("---")
	for _, r := range rules {
		fmt.Printf("%s: %d\n", r.word, wordCounts[r.word])
	}
	fmt.Printf("plain numbers: %d\n", plainNumbers)
}
