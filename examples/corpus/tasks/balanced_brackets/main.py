"""Balanced bracket checker.

Pushes every opening bracket ((, [, {) with its position on a stack and pops it
at the matching closing bracket; other characters are ignored. Reports the first
error: a closing bracket that does not match, one with nothing open, or an
opening bracket still unclosed at the end (position = length of the input).
"""

from dataclasses import dataclass

OPENER_FOR = {")": "(", "]": "[", "}": "{"}
CLOSER_FOR = {opener: closer for closer, opener in OPENER_FOR.items()}
INPUTS = ["([]{})", "([)]", "((()", "{[()()]}", "}", "a(b[c]{d}e)f", "", "[(])"]


@dataclass(frozen=True)
class BracketError:
    position: int
    message: str


def check_brackets(text: str) -> BracketError | None:
    stack: list[tuple[str, int]] = []
    for position, char in enumerate(text):
        if char in CLOSER_FOR:
            stack.append((char, position))
        elif char in OPENER_FOR:
            if not stack:
                return BracketError(position, f"unexpected '{char}'")
            opener, _ = stack.pop()
            if opener != OPENER_FOR[char]:
                return BracketError(position, f"expected '{CLOSER_FOR[opener]}' but found '{char}'")
    if stack:
        opener, opened_at = stack[-1]
        return BracketError(len(text), f"unclosed '{opener}' opened at {opened_at}")
    return None


def main() -> None:
    for text in INPUTS:
        error = check_brackets(text)
        if error is None:
            print(f'"{text}": balanced')
        else:
            print(f'"{text}": error at {error.position}: {error.message}')


if __name__ == "__main__":
    main()
