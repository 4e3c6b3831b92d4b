// Caesar cipher: encrypt, decrypt and crack.
//
// Shifts ASCII letters through the alphabet, keeping their case; every other
// character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
// and keeping the one whose decryption contains the most common English words
// (the smallest shift wins on ties).
package main

import (
	"fmt"
	"strings"
)

const (
	message      = "Hello, World! The quick brown fox jumps over the lazy dog."
	messageShift = 3
	ciphertext   = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!"
)

var commonWords = map[string]bool{
	"the": true, "and": true, "to": true, "of": true, "a": true, "in": true,
	"is": true, "it": true, "at": true, "be": true, "me": true, "that": true,
}

func shiftRune(r rune, shift int) rune {
	for _, base := range []rune{'a', 'A'} {
		if offset := int(r - base); offset >= 0 && offset < 26 {
			// Go's % keeps the sign of the dividend, so add 26 before the final %.
			return base + rune(((offset+shift)%26+26)%26)
		}
	}
	return r
}

func encrypt(text string, shift int) string {
	return strings.Map(func(r rune) rune { return shiftRune(r, shift) }, text)
}

func decrypt(text string, shift int) string {
	return encrypt(text, -shift)
}

func englishScore(text string) int {
	isNotLetter := func(r rune) bool { return r < 'a' || r > 'z' }
	score := 0
	for _, word := range strings.FieldsFunc(strings.ToLower(text), isNotLetter) {
		if commonWords[word] {
			score++
		}
	}
	return score
}

// crack returns the best-scoring shift, its score and the decrypted text.
func crack(ciphertext string) (bestShift, bestScore int, plaintext string) {
	bestScore, plaintext = -1, ciphertext
	for s := 0; s < 26; s++ {
		candidate := decrypt(ciphertext, s)
		if score := englishScore(candidate); score > bestScore {
			bestShift, bestScore, plaintext = s, score, candidate
		}
	}
	return bestShift, bestScore, plaintext
}

func main() {
	encrypted := encrypt(message, messageShift)
	fmt.Printf("shift: %d\n", messageShift)
	fmt.Printf("plain:      %s\n", message)
	fmt.Printf("encrypted:  %s\n", encrypted)
	fmt.Printf("decrypted:  %s\n", decrypt(encrypted, messageShift))

	bestShift, score, plaintext := crack(ciphertext)
	fmt.Printf("ciphertext: %s\n", ciphertext)
	fmt.Printf("best shift: %d (score %d)\n", bestShift, score)
	fmt.Printf("cracked:    %s\n", plaintext)
}
