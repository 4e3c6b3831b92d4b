// Singly linked list: build one from an array, find its middle node, reverse it in place.

class Node {
  constructor(value, next = null) {
    this.value = value;
    this.next = next;
  }
}

function fromArray(values) {
  let head = null;
  for (let i = values.length - 1; i >= 0; i--) {
    head = new Node(values[i], head);
  }
  return head;
}

function toString(head) {
  const parts = [];
  for (let node = head; node !== null; node = node.next) {
    parts.push(String(node.value));
  }
  return parts.length > 0 ? parts.join(" -> ") : "(empty)";
}

// Reverses by relinking each node to its predecessor; no new nodes are allocated.
function reverse(head) {
  let previous = null;
  while (head !== null) {
    const following = head.next;
    head.next = previous;
    previous = head;
    head = following;
  }
  return previous;
}

// The fast pointer moves two steps per slow step; for even lengths this picks the second middle.
function middle(head) {
  let slow = head;
  let fast = head;
  while (fast !== null && fast.next !== null) {
    slow = slow.next;
    fast = fast.next.next;
  }
  return slow;
}

const inputs = [[1, 2, 3, 4, 5, 6, 7], [10, 20, 30, 40], [42], []];
for (const values of inputs) {
  let head = fromArray(values);
  console.log(`before: ${toString(head)}`);
  const mid = middle(head);
  console.log(`middle: ${mid !== null ? mid.value : "none"}`);
  head = reverse(head);
  console.log(`after:  ${toString(head)}`);
  console.log();
}
