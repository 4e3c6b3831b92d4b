"""Word frequencies of a fixed paragraph.

The text is lower-cased and split on every run of non-letters, so "that's"
counts as "that" and "s". Prints the totals and the five most frequent words,
ordered by count (highest first) and then alphabetically.
"""

import re
from collections import Counter

PARAGRAPH = (
    "The quick brown fox jumps over the lazy dog. The dog sleeps in the sun; "
    "the fox runs into the woods! A fox, a dog and a cat: which of them is the "
    "quickest? Nobody knows, but the fox is quick and the dog is lazy, and "
    "that's that."
)


def count_words(text: str) -> Counter[str]:
    words = [word for word in re.split(r"[^a-z]+", text.lower()) if word]
    return Counter(words)


def top_words(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def main() -> None:
    counts = count_words(PARAGRAPH)
    print(f"total words: {sum(counts.values())}")
    print(f"distinct words: {len(counts)}")
    print("top 5:")
    for word, count in top_words(counts, 5):
        print(f"  {word}: {count}")


if __name__ == "__main__":
    main()
