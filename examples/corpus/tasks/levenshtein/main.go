// Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table.
package main

import (
	"fmt"
	"strings"
)

// editTable returns table where table[i][j] is the distance between source[:i] and target[:j].
func editTable(source, target string) [][]int {
	s, t := []rune(source), []rune(target)
	table := make([][]int, len(s)+1)
	for i := range table {
		table[i] = make([]int, len(t)+1)
		table[i][0] = i
	}
	for j := range table[0] {
		table[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			substitution := 1
			if s[i-1] == t[j-1] {
				substitution = 0
			}
			table[i][j] = minOf(table[i-1][j]+1, table[i][j-1]+1, table[i-1][j-1]+substitution)
		}
	}
	return table
}

func minOf(first int, rest ...int) int {
	smallest := first
	for _, value := range rest {
		if value < smallest {
			smallest = value
		}
	}
	return smallest
}

func formatTable(source, target string, table [][]int) string {
	var out strings.Builder
	out.WriteString("     ")
	for _, c := range target {
		fmt.Fprintf(&out, "%3c", c)
	}
	s := []rune(source)
	for i, row := range table {
		label := ' '
		if i > 0 {
			label = s[i-1]
		}
		fmt.Fprintf(&out, "\n  %c", label)
		for _, value := range row {
			fmt.Fprintf(&out, "%3d", value)
		}
	}
	return out.String()
}

func main() {
	pairs := [][2]string{{"kitten", "sitting"}, {"flaw", "lawn"}, {"intention", "execution"}, {"", "abc"},
		{"gumbo", "gambol"}, {"book", "back"}, {"same", "same"}}
	first, second := pairs[0][0], pairs[0][1]
	fmt.Printf("table for %s -> %s:\n", first, second)
	fmt.Println(formatTable(first, second, editTable(first, second)))
	for _, pair := range pairs {
		table := editTable(pair[0], pair[1])
		distance := table[len(table)-1][len(table[0])-1]
		fmt.Printf("distance(%q, %q) = %d\n", pair[0], pair[1], distance)
	}
}
