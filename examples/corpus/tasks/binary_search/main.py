"""Iterative binary search over a sorted array.

Looks up several targets (present at the ends, in the middle, and absent below,
inside and above the range) and prints the index found or "not found".
"""

SORTED_VALUES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43]
TARGETS = [2, 19, 43, 1, 20, 44]


def binary_search(values: list[int], target: int) -> int:
    """Return the index of target in values, or -1 when it is absent."""
    low, high = 0, len(values) - 1
    while low <= high:
        mid = low + (high - low) // 2
        if values[mid] == target:
            return mid
        if values[mid] < target:
            low = mid + 1
        else:
            high = mid - 1
    return -1


def main() -> None:
    print("values:", " ".join(str(v) for v in SORTED_VALUES))
    for target in TARGETS:
        index = binary_search(SORTED_VALUES, target)
        if index >= 0:
            print(f"search {target}: found at index {index}")
        else:
            print(f"search {target}: not found")


if __name__ == "__main__":
    main()
