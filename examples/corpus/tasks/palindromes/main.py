"""Palindrome checks.

A phrase is a palindrome when its letters and digits, lower-cased, read the same
backwards; spaces and punctuation are ignored. Also finds the longest
palindromic substring of one word by expanding around every centre (the first
one found wins on ties).
"""

PHRASES = [
    "A man, a plan, a canal: Panama",
    "racecar",
    "Hello, World!",
    "Was it a car or a cat I saw?",
    "No 'x' in Nixon",
    "Step on no pets!",
    "codemix",
    "12321",
]
WORD = "mississippi"


def is_palindrome(phrase: str) -> bool:
    cleaned = [c.lower() for c in phrase if c.isalnum()]
    return cleaned == cleaned[::-1]


def expand(word: str, left: int, right: int) -> tuple[int, int]:
    """Grow [left, right] while it stays a palindrome; return (start, length)."""
    while left >= 0 and right < len(word) and word[left] == word[right]:
        left -= 1
        right += 1
    return left + 1, right - left - 1


def longest_palindrome(word: str) -> str:
    best_start, best_length = 0, 0
    for centre in range(len(word)):
        for start, length in (expand(word, centre, centre), expand(word, centre, centre + 1)):
            if length > best_length:
                best_start, best_length = start, length
    return word[best_start:best_start + best_length]


def main() -> None:
    for phrase in PHRASES:
        verdict = "palindrome" if is_palindrome(phrase) else "not a palindrome"
        print(f'"{phrase}" -> {verdict}')
    longest = longest_palindrome(WORD)
    print(f'longest palindromic substring of "{WORD}": "{longest}" (length {len(longest)})')


if __name__ == "__main__":
    main()
