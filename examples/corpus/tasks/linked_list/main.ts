// Singly linked list: build one from an array, find its middle node, reverse it in place.

class ListNode<T> {
  constructor(public value: T, public next: ListNode<T> | null = null) {}
}

function fromArray<T>(values: readonly T[]): ListNode<T> | null {
  let head: ListNode<T> | null = null;
  for (let i = values.length - 1; i >= 0; i--) {
    head = new ListNode(values[i], head);
  }
  return head;
}

function listToString<T>(head: ListNode<T> | null): string {
  const parts: string[] = [];
  for (let node = head; node !== null; node = node.next) {
    parts.push(String(node.value));
  }
  return parts.length > 0 ? parts.join(" -> ") : "(empty)";
}

// Reverses by relinking each node to its predecessor; no new nodes are allocated.
function reverse<T>(head: ListNode<T> | null): ListNode<T> | null {
  let previous: ListNode<T> | null = null;
  while (head !== null) {
    const following: ListNode<T> | null = head.next;
    head.next = previous;
    previous = head;
    head = following;
  }
  return previous;
}

// The fast pointer moves two steps per slow step; for even lengths this picks the second middle.
function middle<T>(head: ListNode<T> | null): ListNode<T> | null {
  let slow = head;
  let fast = head;
  while (slow !== null && fast !== null && fast.next !== null) {
    slow = slow.next;
    fast = fast.next.next;
  }
  return slow;
}

const inputs: number[][] = [[1, 2, 3, 4, 5, 6, 7], [10, 20, 30, 40], [42], []];
for (const values of inputs) {
  let head = fromArray(values);
  console.log(`before: ${listToString(head)}`);
  const mid = middle(head);
  console.log(`middle: ${mid !== null ? mid.value : "none"}`);
  head = reverse(head);
  console.log(`after:  ${listToString(head)}`);
  console.log();
}
