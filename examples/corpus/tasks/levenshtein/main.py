"""Levenshtein edit distance (insertions, deletions, substitutions) with a full dynamic-programming table."""

from __future__ import annotations


def edit_table(source: str, target: str) -> list[list[int]]:
    """table[i][j] is the distance between source[:i] and target[:j]."""
    table = [[0] * (len(target) + 1) for _ in range(len(source) + 1)]
    for i in range(len(source) + 1):
        table[i][0] = i
    for j in range(len(target) + 1):
        table[0][j] = j
    for i in range(1, len(source) + 1):
        for j in range(1, len(target) + 1):
            substitution = 0 if source[i - 1] == target[j - 1] else 1
            table[i][j] = min(
                table[i - 1][j] + 1,  # delete source[i - 1]
                table[i][j - 1] + 1,  # insert target[j - 1]
                table[i - 1][j - 1] + substitution,
            )
    return table


def format_table(source: str, target: str, table: list[list[int]]) -> str:
    lines = ["     " + "".join(f"{char:>3}" for char in target)]
    for i, row in enumerate(table):
        label = source[i - 1] if i > 0 else " "
        lines.append(f"  {label}" + "".join(f"{value:>3}" for value in row))
    return "\n".join(lines)


def main() -> None:
    pairs = [("kitten", "sitting"), ("flaw", "lawn"), ("intention", "execution"), ("", "abc"),
             ("gumbo", "gambol"), ("book", "back"), ("same", "same")]
    source, target = pairs[0]
    print(f"table for {source} -> {target}:")
    print(format_table(source, target, edit_table(source, target)))
    for source, target in pairs:
        print(f'distance("{source}", "{target}") = {edit_table(source, target)[-1][-1]}')


if __name__ == "__main__":
    main()
