// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

public class Main {
    static final class TwoStackQueue<T> {
        private final Deque<T> inbox = new ArrayDeque<>();
        private final Deque<T> outbox = new ArrayDeque<>();
        private int moved;

        int size() {
            return inbox.size() + outbox.size();
        }

        int moved() {
            return moved;
        }

        void enqueue(T item) {
            inbox.push(item);
        }

        private void refill() {
            if (outbox.isEmpty()) {
                while (!inbox.isEmpty()) {
                    outbox.push(inbox.pop());
                    moved++;
                }
            }
        }

        Optional<T> dequeue() {
            refill();
            return Optional.ofNullable(outbox.poll());
        }

        Optional<T> peek() {
            refill();
            return Optional.ofNullable(outbox.peek());
        }
    }

    public static void main(String[] args) {
        TwoStackQueue<Integer> queue = new TwoStackQueue<>();
        String[] script = {"enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
            "dequeue", "dequeue", "dequeue", "dequeue", "dequeue"};
        for (String step : script) {
            String[] parts = step.split(" ");
            String operation = parts[0];
            if (operation.equals("enqueue")) {
                queue.enqueue(Integer.parseInt(parts[1]));
                System.out.println("enqueue " + parts[1] + " -> size " + queue.size());
            } else {
                Optional<Integer> item = operation.equals("dequeue") ? queue.dequeue() : queue.peek();
                String shown = item.map(String::valueOf).orElse("empty");
                System.out.println(operation + " -> " + shown + " (size " + queue.size() + ")");
            }
        }
        System.out.println("items moved between stacks: " + queue.moved());
    }
}
