// Word frequencies of a fixed paragraph.
//
// The text is lower-cased and split on every run of non-letters, so "that's"
// counts as "that" and "s". Prints the totals and the five most frequent words,
// ordered by count (highest first) and then alphabetically.
package main

import (
	"fmt"
	"sort"
	"strings"
)

const paragraph = "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; " +
	"the fox runs into the woods! A fox, a dog and a cat: which of them is the " +
	"quickest? Nobody knows, but the fox is quick and the dog is lazy, and " +
	"that's that."

type wordCount struct {
	word  string
	count int
}

func countWords(text string) map[string]int {
	isNotLetter := func(r rune) bool { return r < 'a' || r > 'z' }
	counts := make(map[string]int)
	for _, word := range strings.FieldsFunc(strings.ToLower(text), isNotLetter) {
		counts[word]++
	}
	return counts
}

func topWords(counts map[string]int, limit int) []wordCount {
	ranked := make([]wordCount, 0, len(counts))
	for word, count := range counts {
		ranked = append(ranked, wordCount{word, count})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].count != ranked[j].count {
			return ranked[i].count > ranked[j].count
		}
		return ranked[i].word < ranked[j].word
	})
	if len(ranked) > limit {
		ranked = ranked[:limit]
	}
	return ranked
}

func main() {
	counts := countWords(paragraph)
	total := 0
	for _, count := range counts {
		total += count
	}
	fmt.Printf("total words: %d\n", total)
	fmt.Printf("distinct words: %d\n", len(counts))
	fmt.Println("top 5:")
	for _, wc := range topWords(counts, 5) {
		fmt.Printf("  %s: %d\n", wc.word, wc.count)
	}
}
