"""Evaluate integer Reverse Polish Notation expressions (+ - * /), reporting malformed input as errors.

Division truncates toward zero, as in C, Java, Go and Rust.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"-?[0-9]+")


class RPNError(ValueError):
    pass


def divide_truncating(a: int, b: int) -> int:
    if b == 0:
        raise RPNError("division by zero")
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


OPERATORS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": divide_truncating,
}


def evaluate(expression: str) -> int:
    stack: list[int] = []
    for token in expression.split():
        if NUMBER.fullmatch(token):
            stack.append(int(token))
        elif token in OPERATORS:
            if len(stack) < 2:
                raise RPNError(f"'{token}' needs two operands")
            right = stack.pop()
            left = stack.pop()
            stack.append(OPERATORS[token](left, right))
        else:
            raise RPNError(f"invalid token '{token}'")
    if not stack:
        raise RPNError("empty expression")
    if len(stack) > 1:
        raise RPNError(f"{len(stack)} values left on the stack")
    return stack[0]


def main() -> None:
    expressions = ["3 4 +", "5 1 2 + 4 * + 3 -", "15 7 1 1 + - / 3 * 2 1 1 + + -", "10 3 /", "-7 2 /",
                   "4 0 /", "1 +", "1 2 3 +", "2 x +", ""]
    for expression in expressions:
        try:
            print(f'"{expression}" = {evaluate(expression)}')
        except RPNError as error:
            print(f'"{expression}" -> error: {error}')


if __name__ == "__main__":
    main()
