"""Caesar cipher: encrypt, decrypt and crack.

Shifts ASCII letters through the alphabet, keeping their case; every other
character passes through unchanged. Cracks a ciphertext by trying all 26 shifts
and keeping the one whose decryption contains the most common English words
(the smallest shift wins on ties).
"""

import re

MESSAGE = "Hello, World! The quick brown fox jumps over the lazy dog."
SHIFT = 3
CIPHERTEXT = "Xppe xp le esp zwo mctorp le olhy, lyo mctyr esp xla ez esp mzle!"
COMMON_WORDS = frozenset(["the", "and", "to", "of", "a", "in", "is", "it", "at", "be", "me", "that"])


def shift_char(char: str, shift: int) -> str:
    for base in ("a", "A"):
        offset = ord(char) - ord(base)
        if 0 <= offset < 26:
            return chr(ord(base) + (offset + shift) % 26)
    return char


def encrypt(text: str, shift: int) -> str:
    return "".join(shift_char(char, shift) for char in text)


def decrypt(text: str, shift: int) -> str:
    return encrypt(text, -shift)


def english_score(text: str) -> int:
    return sum(1 for word in re.split(r"[^a-z]+", text.lower()) if word in COMMON_WORDS)


def crack(ciphertext: str) -> tuple[int, int, str]:
    """Return (shift, score, plaintext) of the best-scoring shift."""
    best = (0, -1, ciphertext)
    for shift in range(26):
        candidate = decrypt(ciphertext, shift)
        score = english_score(candidate)
        if score > best[1]:
            best = (shift, score, candidate)
    return best


def main() -> None:
    encrypted = encrypt(MESSAGE, SHIFT)
    print(f"shift: {SHIFT}")
    print(f"plain:      {MESSAGE}")
    print(f"encrypted:  {encrypted}")
    print(f"decrypted:  {decrypt(encrypted, SHIFT)}")

    shift, score, plaintext = crack(CIPHERTEXT)
    print(f"ciphertext: {CIPHERTEXT}")
    print(f"best shift: {shift} (score {score})")
    print(f"cracked:    {plaintext}")


if __name__ == "__main__":
    main()
