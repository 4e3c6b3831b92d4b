// Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

func encode(text string) (string, error) {
	runes := []rune(text)
	var out strings.Builder
	for i := 0; i < len(runes); {
		if unicode.IsDigit(runes[i]) {
			return "", fmt.Errorf("cannot encode digit '%c' at index %d", runes[i], i)
		}
		runEnd := i
		for runEnd < len(runes) && runes[runEnd] == runes[i] {
			runEnd++
		}
		fmt.Fprintf(&out, "%d%c", runEnd-i, runes[i])
		i = runEnd
	}
	return out.String(), nil
}

func decode(encoded string) (string, error) {
	var out strings.Builder
	count := ""
	for _, r := range encoded {
		switch {
		case unicode.IsDigit(r):
			count += string(r)
		case count == "":
			return "", fmt.Errorf("missing count before '%c'", r)
		default:
			n, err := strconv.Atoi(count)
			if err != nil {
				return "", err
			}
			out.WriteString(strings.Repeat(string(r), n))
			count = ""
		}
	}
	if count != "" {
		return "", fmt.Errorf("dangling count '%s' at end", count)
	}
	return out.String(), nil
}

func main() {
	inputs := []string{
		"WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
		"AAABBBCCDAA",
		"abc",
		"",
		"zzzzzzzzzzzz",
		"h1",
	}
	for _, text := range inputs {
		encoded, err := encode(text)
		if err != nil {
			fmt.Printf("%q -> error: %v\n", text, err)
			continue
		}
		status := "ok"
		if decoded, err := decode(encoded); err != nil || decoded != text {
			status = "FAILED"
		}
		fmt.Printf("%q -> %q -> round trip %s\n", text, encoded, status)
	}
	for _, encoded := range []string{"12W1B", "3", "A2"} {
		if decoded, err := decode(encoded); err != nil {
			fmt.Printf("decode %q -> error: %v\n", encoded, err)
		} else {
			fmt.Printf("decode %q -> %q\n", encoded, decoded)
		}
	}
}
