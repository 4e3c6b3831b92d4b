// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.

#[derive(Debug, Default)]
struct TwoStackQueue<T> {
    inbox: Vec<T>,
    outbox: Vec<T>,
    moved: usize,
}

impl<T> TwoStackQueue<T> {
    fn new() -> Self {
        TwoStackQueue {
            inbox: Vec::new(),
            outbox: Vec::new(),
            moved: 0,
        }
    }

    fn len(&self) -> usize {
        self.inbox.len() + self.outbox.len()
    }

    fn enqueue(&mut self, item: T) {
        self.inbox.push(item);
    }

    fn refill(&mut self) {
        if self.outbox.is_empty() {
            while let Some(item) = self.inbox.pop() {
                self.outbox.push(item);
                self.moved += 1;
            }
        }
    }

    fn dequeue(&mut self) -> Option<T> {
        self.refill();
        self.outbox.pop()
    }

    fn peek(&mut self) -> Option<&T> {
        self.refill();
        self.outbox.last()
    }
}

fn main() {
    let mut queue = TwoStackQueue::new();
    let script = [
        "enqueue 1",
        "enqueue 2",
        "enqueue 3",
        "dequeue",
        "enqueue 4",
        "enqueue 5",
        "peek",
        "dequeue",
        "dequeue",
        "dequeue",
        "dequeue",
        "dequeue",
    ];
    for step in script {
        let (operation, argument) = step.split_once(' ').unwrap_or((step, ""));
        if operation == "enqueue" {
            queue.enqueue(argument.parse::<i32>().expect("enqueue takes an integer"));
            println!("enqueue {} -> size {}", argument, queue.len());
            continue;
        }
        let item = if operation == "dequeue" {
            queue.dequeue()
        } else {
            queue.peek().copied()
        };
        let shown = item.map_or_else(|| "empty".to_string(), |value| value.to_string());
        println!("{} -> {} (size {})", operation, shown, queue.len());
    }
    println!("items moved between stacks: {}", queue.moved);
}
