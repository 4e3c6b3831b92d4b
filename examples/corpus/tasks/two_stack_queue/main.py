"""A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.

New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
so every item moves between stacks at most once: amortised O(1) per operation.
"""

from __future__ import annotations

from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class TwoStackQueue(Generic[T]):
    def __init__(self) -> None:
        self._inbox: list[T] = []
        self._outbox: list[T] = []
        self.moved = 0

    def __len__(self) -> int:
        return len(self._inbox) + len(self._outbox)

    def enqueue(self, item: T) -> None:
        self._inbox.append(item)

    def _refill(self) -> None:
        if not self._outbox:
            while self._inbox:
                self._outbox.append(self._inbox.pop())
                self.moved += 1

    def dequeue(self) -> Optional[T]:
        self._refill()
        return self._outbox.pop() if self._outbox else None

    def peek(self) -> Optional[T]:
        self._refill()
        return self._outbox[-1] if self._outbox else None


def main() -> None:
    queue: TwoStackQueue[int] = TwoStackQueue()
    script = ["enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
              "dequeue", "dequeue", "dequeue", "dequeue", "dequeue"]
    for step in script:
        operation, _, argument = step.partition(" ")
        if operation == "enqueue":
            queue.enqueue(int(argument))
            print(f"enqueue {argument} -> size {len(queue)}")
        else:
            item = queue.dequeue() if operation == "dequeue" else queue.peek()
            print(f"{operation} -> {item if item is not None else 'empty'} (size {len(queue)})")
    print(f"items moved between stacks: {queue.moved}")


if __name__ == "__main__":
    main()
