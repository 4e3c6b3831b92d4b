"""FizzBuzz from 1 to 30 driven by a rule table.

Each rule maps a divisor to a word (3 -> Fizz, 5 -> Buzz, 7 -> Bazz). A number
divisible by several divisors gets all their words in table order; a number that
matches no rule is printed as is. A summary counts how often each word was used.
"""

RULES: list[tuple[int, str]] = [(3, "Fizz"), (5, "Buzz"), (7, "Bazz")]


def label(n: int, rules: list[tuple[int, str]]) -> str:
    words = "".join(word for divisor, word in rules if n % divisor == 0)
    return words or str(n)


def main() -> None:
    word_counts = {word: 0 for _, word in RULES}
    plain_numbers = 0
    for n in range(1, 31):
        print(label(n, RULES))
        matched = False
        for divisor, word in RULES:
            if n % divisor == 0:
                word_counts[word] += 1
                matched = True
        if not matched:
            plain_numbers += 1

    print("---")
    for _, word in RULES:
        print(f"{word}: {word_counts[word]}")
    print(f"plain numbers: {plain_numbers}")


if __name__ == "__main__":
    main()
