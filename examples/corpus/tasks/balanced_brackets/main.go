// Balanced bracket checker.
//
// Pushes every opening bracket ((, [, {) with its position on a stack and pops it
// at the matching closing bracket; other characters are ignored. Reports the first
// error: a closing bracket that does not match, one with nothing open, or an
// opening bracket still unclosed at the end (position = length of the input).
package main

import "fmt"

var closerFor = map[rune]rune{'(': ')', '[': ']', '{': '}'}
var openerFor = map[rune]rune{')': '(', ']': '[', '}': '{'}

var inputs = []string{"([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])"}

type bracketError struct {
	position int
	message  string
}

func (e *bracketError) Error() string {
	return fmt.Sprintf("error at %d: %s", e.position, e.message)
}

type openBracket struct {
	bracket  rune
	position int
}

// checkBrackets returns nil when text is balanced, else its first error.
func checkBrackets(text string) error {
	var stack []openBracket
	for position, c := range text {
		if _, isOpener := closerFor[c]; isOpener {
			stack = append(stack, openBracket{c, position})
		} else if opener, isCloser := openerFor[c]; isCloser {
			if len(stack) == 0 {
				return &bracketError{position, fmt.Sprintf("unexpected '%c'", c)}
			}
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if open.bracket != opener {
				return &bracketError{position, fmt.Sprintf("expected '%c' but found '%c'", closerFor[open.bracket], c)}
			}
		}
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return &bracketError{len(text), fmt.Sprintf("unclosed '%c' opened at %d", open.bracket, open.position)}
	}
	return nil
}

func main() {
	for _, text := range inputs {
		if err := checkBrackets(text); err != nil {
			fmt.Printf("%q: %v\n", text, err)
		} else {
			fmt.Printf("%q: balanced\n", text)
		}
	}
}
