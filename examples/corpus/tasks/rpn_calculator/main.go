// Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.
// Division truncates toward zero (Go's native integer division).
package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var number = regexp.MustCompile(`^-?[0-9]+$`)

var errDivisionByZero = errors.New("division by zero")

func apply(operator string, left, right int64) (int64, error) {
	switch operator {
	case "+":
		return left + right, nil
	case "-":
		return left - right, nil
	case "*":
		return left * right, nil
	default: // "/"
		if right == 0 {
			return 0, errDivisionByZero
		}
		return left / right, nil
	}
}

func evaluate(expression string) (int64, error) {
	var stack []int64
	for _, token := range strings.Fields(expression) {
		switch {
		case number.MatchString(token):
			value, err := strconv.ParseInt(token, 10, 64)
			if err != nil {
				return 0, fmt.Errorf("number out of range '%s'", token)
			}
			stack = append(stack, value)
		case token == "+" || token == "-" || token == "*" || token == "/":
			if len(stack) < 2 {
				return 0, fmt.Errorf("'%s' needs two operands", token)
			}
			left, right := stack[len(stack)-2], stack[len(stack)-1]
			result, err := apply(token, left, right)
			if err != nil {
				return 0, err
			}
			stack = append(stack[:len(stack)-2], result)
		default:
			return 0, fmt.Errorf("invalid token '%s'", token)
		}
	}
	switch len(stack) {
	case 0:
		return 0, errors.New("empty expression")
	case 1:
		return stack[0], nil
	default:
		return 0, fmt.Errorf("%d values left on the stack", len(stack))
	}
}

func main() {
	expressions := []string{"3 4 +", "5 1 2 + 4 * + 3 -", "15 7 1 1 + - / 3 * 2 1 1 + + -", "10 3 /", "-7 2 /",
		"4 0 /", "1 +", "1 2 3 +", "2 x +", ""}
	for _, expression := range expressions {
		if value, err := evaluate(expression); err != nil {
			fmt.Printf("%q -> error: %v\n", expression, err)
		} else {
			fmt.Printf("%q = %d\n", expression, value)
		}
	}
}
