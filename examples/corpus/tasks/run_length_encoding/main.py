"""Run-length encoding: "AAAB" <-> "3A1B", with a round-trip check. Digits cannot be encoded unambiguously."""

from __future__ import annotations

from itertools import groupby


class EncodingError(ValueError):
    pass


def encode(text: str) -> str:
    for index, char in enumerate(text):
        if char.isdigit():
            raise EncodingError(f"cannot encode digit '{char}' at index {index}")
    return "".join(f"{len(list(run))}{char}" for char, run in groupby(text))


def decode(encoded: str) -> str:
    parts = []
    count = ""
    for char in encoded:
        if char.isdigit():
            count += char
        elif not count:
            raise EncodingError(f"missing count before '{char}'")
        else:
            parts.append(char * int(count))
            count = ""
    if count:
        raise EncodingError(f"dangling count '{count}' at end")
    return "".join(parts)


def main() -> None:
    inputs = [
        "WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW",
        "AAABBBCCDAA",
        "abc",
        "",
        "zzzzzzzzzzzz",
        "h1",
    ]
    for text in inputs:
        try:
            encoded = encode(text)
        except EncodingError as error:
            print(f'"{text}" -> error: {error}')
            continue
        status = "ok" if decode(encoded) == text else "FAILED"
        print(f'"{text}" -> "{encoded}" -> round trip {status}')
    for encoded in ["12W1B", "3", "A2"]:
        try:
            print(f'decode "{encoded}" -> "{decode(encoded)}"')
        except EncodingError as error:
            print(f'decode "{encoded}" -> error: {error}')


if __name__ == "__main__":
    main()
