"""Binary search tree of integers: insert (duplicates ignored), contains, in-order traversal, height."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass
class Node:
    key: int
    left: Optional[Node] = None
    right: Optional[Node] = None


class BinarySearchTree:
    def __init__(self) -> None:
        self.root: Optional[Node] = None
        self.size = 0

    def insert(self, key: int) -> bool:
        """Insert `key`; return False when it is already present."""
        if self.root is None:
            self.root = Node(key)
            self.size += 1
            return True
        node = self.root
        while True:
            if key == node.key:
                return False
            side = "left" if key < node.key else "right"
            child = getattr(node, side)
            if child is None:
                setattr(node, side, Node(key))
                self.size += 1
                return True
            node = child

    def __contains__(self, key: int) -> bool:
        node = self.root
        while node is not None:
            if key == node.key:
                return True
            node = node.left if key < node.key else node.right
        return False

    def in_order(self) -> Iterator[int]:
        def walk(node: Optional[Node]) -> Iterator[int]:
            if node is not None:
                yield from walk(node.left)
                yield node.key
                yield from walk(node.right)

        return walk(self.root)

    def height(self) -> int:
        """Number of nodes on the longest root-to-leaf path; 0 for an empty tree."""

        def depth(node: Optional[Node]) -> int:
            return 0 if node is None else 1 + max(depth(node.left), depth(node.right))

        return depth(self.root)


def main() -> None:
    tree = BinarySearchTree()
    print(f"empty height: {tree.height()}")
    for key in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10]:
        status = "inserted" if tree.insert(key) else "duplicate"
        print(f"insert {key}: {status}")
    print(f"in-order: {' '.join(str(key) for key in tree.in_order())}")
    print(f"size: {tree.size}")
    print(f"height: {tree.height()}")
    for key in [45, 55, 10, 90]:
        print(f"contains {key}: {'true' if key in tree else 'false'}")


if __name__ == "__main__":
    main()
