"""Recursive merge sort of a fixed integer array.

Splits the array in halves, sorts each half recursively and merges them; the
merge takes from the left half on ties, so the sort is stable. Prints the array
before and after sorting.
"""

VALUES = [38, 27, 43, 3, 9, 82, 10, 3, -5, 64, 0, 27]


def merge(left: list[int], right: list[int]) -> list[int]:
    merged: list[int] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


def merge_sort(values: list[int]) -> list[int]:
    if len(values) <= 1:
        return list(values)
    middle = len(values) // 2
    return merge(merge_sort(values[:middle]), merge_sort(values[middle:]))


def format_values(values: list[int]) -> str:
    return " ".join(str(v) for v in values)


def main() -> None:
    print("before:", format_values(VALUES))
    print("after: ", format_values(merge_sort(VALUES)))


if __name__ == "__main__":
    main()
