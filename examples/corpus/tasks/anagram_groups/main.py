"""Group words that are anagrams of each other (same sorted letters) and print the groups in a fixed order."""

from __future__ import annotations

from collections import defaultdict


def group_anagrams(words: list[str]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        groups["".join(sorted(word))].append(word)
    # Largest groups first; ties by key, so the order never depends on hashing.
    return sorted(((key, sorted(members)) for key, members in groups.items()), key=lambda g: (-len(g[1]), g[0]))


def main() -> None:
    words = [
        "listen", "silent", "enlist", "google", "inlets", "banana", "tinsel", "rat", "tar", "art",
        "evil", "vile", "live", "veil", "stone", "notes", "onset", "tones", "apple", "elbow", "below",
    ]
    groups = group_anagrams(words)
    print(f"{len(words)} words, {len(groups)} groups")
    for key, members in groups:
        print(f"{key} ({len(members)}): {' '.join(members)}")


if __name__ == "__main__":
    main()
