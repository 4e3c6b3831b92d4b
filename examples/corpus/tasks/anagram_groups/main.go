// Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type group struct {
	key     string
	members []string
}

func sortedLetters(word string) string {
	letters := []rune(word)
	sort.Slice(letters, func(i, j int) bool { return letters[i] < letters[j] })
	return string(letters)
}

func groupAnagrams(words []string) []group {
	byKey := map[string][]string{}
	for _, word := range words {
		key := sortedLetters(word)
		byKey[key] = append(byKey[key], word)
	}
	groups := make([]group, 0, len(byKey))
	for key, members := range byKey {
		sort.Strings(members)
		groups = append(groups, group{key, members})
	}
	// Largest groups first; ties by key, so the order never depends on map iteration.
	sort.Slice(groups, func(i, j int) bool {
		if len(groups[i].members) != len(groups[j].members) {
			return len(groups[i].members) > len(groups[j].members)
		}
		return groups[i].key < groups[j].key
	})
	return groups
}

func main() {
	words := []string{
		"listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
		"evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below",
	}
	groups := groupAnagrams(words)
	fmt.Printf("%d words, %d groups\n", len(words), len(groups))
	for _, g := range groups {
		fmt.Printf("%s (%d): %s\n", g.key, len(g.members), strings.Join(g.members, " "))
	}
}
