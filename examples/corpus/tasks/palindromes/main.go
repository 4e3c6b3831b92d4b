// Palindrome checks.
//
// A phrase is a palindrome when its letters and digits, lower-cased, read the same
// backwards; spaces and punctuation are ignored. Also finds the longest
// palindromic substring of one word by expanding around every centre (the first
// one found wins on ties).
package main

import (
	"fmt"
	"unicode"
)

var phrases = []string{
	"A man, a plan, a canal: Panama",
	"racecar",
	"Hello, World!",
	"Was it a car or a cat I saw?",
	"No 'x' in Nixon",
	"Step on no pets!",
	"codemix",
	"12321",
}

const word = "mississippi"

func isPalindrome(phrase string) bool {
	var cleaned []rune
	for _, r := range phrase {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cleaned = append(cleaned, unicode.ToLower(r))
		}
	}
	for i, j := 0, len(cleaned)-1; i < j; i, j = i+1, j-1 {
		if cleaned[i] != cleaned[j] {
			return false
		}
	}
	return true
}

// expand grows [left, right] while it stays a palindrome and returns its start and length.
func expand(word string, left, right int) (int, int) {
	for left >= 0 && right < len(word) && word[left] == word[right] {
		left--
		right++
	}
	return left + 1, right - left - 1
}

func longestPalindrome(word string) string {
	bestStart, bestLength := 0, 0
	for centre := range word {
		for _, right := range []int{centre, centre + 1} {
			if start, length := expand(word, centre, right); length > bestLength {
				bestStart, bestLength = start, length
			}
		}
	}
	return word[bestStart : bestStart+bestLength]
}

func main() {
	for _, phrase := range phrases {
		verdict := "not a palindrome"
		if isPalindrome(phrase) {
			verdict = "palindrome"
		}
		fmt.Printf("%q -> %s\n", phrase, verdict)
	}
	longest := longestPalindrome(word)
	fmt.Printf("longest palindromic substring of %q: %q (length %d)\n", word, longest, len(longest))
}
