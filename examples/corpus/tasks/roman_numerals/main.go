// Roman numerals in both directions.
//
// Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
// IV, ...) in the table, parses numerals back (a symbol smaller than the next one
// is subtracted), round-trips a list of numbers and reports invalid input.
package main

import (
	"fmt"
	"strings"
)

var numerals = []struct {
	value  int
	symbol string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
	{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

var symbolValues = map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}

func toRoman(number int) string {
	var roman strings.Builder
	for _, n := range numerals {
		roman.WriteString(strings.Repeat(n.symbol, number/n.value))
		number %= n.value
	}
	return roman.String()
}

func fromRoman(numeral string) (int, error) {
	total := 0
	for i := 0; i < len(numeral); i++ {
		value, ok := symbolValues[numeral[i]]
		if !ok {
			return 0, fmt.Errorf("invalid Roman digit '%c'", numeral[i])
		}
		following := 0
		if i+1 < len(numeral) {
			following = symbolValues[numeral[i+1]]
		}
		if value < following {
			total -= value
		} else {
			total += value
		}
	}
	return total, nil
}

func main() {
	numbers := []int{1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999}
	roundTripsOk := 0
	for _, number := range numbers {
		numeral := toRoman(number)
		back, err := fromRoman(numeral)
		if err == nil && back == number {
			roundTripsOk++
		}
		fmt.Printf("%d -> %s -> %d\n", number, numeral, back)
	}
	fmt.Printf("round trips ok: %d/%d\n", roundTripsOk, len(numbers))

	for _, numeral := range []string{"XLII", "MMXXVI", "MCMZ"} {
		if value, err := fromRoman(numeral); err != nil {
			fmt.Printf("%s -> error: %v\n", numeral, err)
		} else {
			fmt.Printf("%s -> %d\n", numeral, value)
		}
	}
}
