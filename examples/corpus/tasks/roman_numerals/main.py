"""Roman numerals in both directions.

Converts integers to Roman numerals greedily with the subtractive pairs (CM, XL,
IV, ...) in the table, parses numerals back (a symbol smaller than the next one
is subtracted), round-trips a list of numbers and reports invalid input.
"""

NUMERALS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
SYMBOL_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
NUMBERS = [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999]
TO_PARSE = ["XLII", "MMXXVI", "MCMZ"]


def to_roman(number: int) -> str:
    parts = []
    for value, symbol in NUMERALS:
        count, number = divmod(number, value)
        parts.append(symbol * count)
    return "".join(parts)


def from_roman(numeral: str) -> int:
    total = 0
    for i, symbol in enumerate(numeral):
        if symbol not in SYMBOL_VALUES:
            raise ValueError(f"invalid Roman digit '{symbol}'")
        value = SYMBOL_VALUES[symbol]
        following = SYMBOL_VALUES.get(numeral[i + 1], 0) if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def main() -> None:
    round_trips_ok = 0
    for number in NUMBERS:
        numeral = to_roman(number)
        back = from_roman(numeral)
        if back == number:
            round_trips_ok += 1
        print(f"{number} -> {numeral} -> {back}")
    print(f"round trips ok: {round_trips_ok}/{len(NUMBERS)}")

    for numeral in TO_PARSE:
        try:
            print(f"{numeral} -> {from_roman(numeral)}")
        except ValueError as error:
            print(f"{numeral} -> error: {error}")


if __name__ == "__main__":
    main()
