"""Singly linked list: build one from an array, find its middle node, reverse it in place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Node:
    value: int
    next: Optional[Node] = None


def from_list(values: list[int]) -> Optional[Node]:
    head = None
    for value in reversed(values):
        head = Node(value, head)
    return head


def to_string(head: Optional[Node]) -> str:
    parts = []
    node = head
    while node is not None:
        parts.append(str(node.value))
        node = node.next
    return " -> ".join(parts) if parts else "(empty)"


def reverse(head: Optional[Node]) -> Optional[Node]:
    """Reverse by relinking each node to its predecessor; no new nodes are allocated."""
    previous = None
    while head is not None:
        following = head.next
        head.next = previous
        previous = head
        head = following
    return previous


def middle(head: Optional[Node]) -> Optional[Node]:
    """Fast pointer moves two steps per slow step; for even lengths this picks the second middle."""
    slow = fast = head
    while fast is not None and fast.next is not None:
        slow = slow.next
        fast = fast.next.next
    return slow


def main() -> None:
    for values in ([1, 2, 3, 4, 5, 6, 7], [10, 20, 30, 40], [42], []):
        head = from_list(values)
        print(f"before: {to_string(head)}")
        mid = middle(head)
        print(f"middle: {mid.value if mid is not None else 'none'}")
        head = reverse(head)
        print(f"after:  {to_string(head)}")
        print()


if __name__ == "__main__":
    main()
