// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.

class TwoStackQueue {
  #inbox = [];
  #outbox = [];
  moved = 0;

  get size() {
    return this.#inbox.length + this.#outbox.length;
  }

  enqueue(item) {
    this.#inbox.push(item);
  }

  #refill() {
    if (this.#outbox.length === 0) {
      while (this.#inbox.length > 0) {
        this.#outbox.push(this.#inbox.pop());
        this.moved++;
      }
    }
  }

  // Returns undefined when the queue is empty.
  dequeue() {
    this.#refill();
    return this.#outbox.pop();
  }

  peek() {
    this.#refill();
    return this.#outbox.at(-1);
  }
}

const queue = new TwoStackQueue();
const script = ["enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
  "dequeue", "dequeue", "dequeue", "dequeue", "dequeue"];
for (const step of script) {
  const [operation, argument] = step.split(" ");
  if (operation === "enqueue") {
    queue.enqueue(Number(argument));
    console.log(`enqueue ${argument} -> size ${queue.size}`);
  } else {
    const item = operation === "dequeue" ? queue.dequeue() : queue.peek();
    console.log(`${operation} -> ${item ?? "empty"} (size ${queue.size})`);
  }
}
console.log(`items moved between stacks: ${queue.moved}`);
