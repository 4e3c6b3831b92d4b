// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.

interface Queue<T> {
  readonly size: number;
  enqueue(item: T): void;
  dequeue(): T | undefined;
  peek(): T | undefined;
}

class TwoStackQueue<T> implements Queue<T> {
  private readonly inbox: T[] = [];
  private readonly outbox: T[] = [];
  private movedCount = 0;

  get size(): number {
    return this.inbox.length + this.outbox.length;
  }

  get moved(): number {
    return this.movedCount;
  }

  enqueue(item: T): void {
    this.inbox.push(item);
  }

  dequeue(): T | undefined {
    this.refill();
    return this.outbox.pop();
  }

  peek(): T | undefined {
    this.refill();
    return this.outbox[this.outbox.length - 1];
  }

  private refill(): void {
    if (this.outbox.length > 0) return;
    for (let item = this.inbox.pop(); item !== undefined; item = this.inbox.pop()) {
      this.outbox.push(item);
      this.movedCount++;
    }
  }
}

type Operation = "enqueue" | "dequeue" | "peek";

const queue = new TwoStackQueue<number>();
const script: string[] = ["enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
  "dequeue", "dequeue", "dequeue", "dequeue", "dequeue"];
for (const step of script) {
  const [operation, argument] = step.split(" ") as [Operation, string?];
  if (operation === "enqueue") {
    queue.enqueue(Number(argument));
    console.log(`enqueue ${argument} -> size ${queue.size}`);
  } else {
    const item = operation === "dequeue" ? queue.dequeue() : queue.peek();
    console.log(`${operation} -> ${item ?? "empty"} (size ${queue.size})`);
  }
}
console.log(`items moved between stacks: ${queue.moved}`);
