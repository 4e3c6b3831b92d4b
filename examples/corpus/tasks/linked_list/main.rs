// Singly linked list: build one from an array, find its middle node, reverse it in place.

struct Node {
    value: i32,
    next: Link,
}

type Link = Option<Box<Node>>;

fn from_slice(values: &[i32]) -> Link {
    values
        .iter()
        .rev()
        .fold(None, |next, &value| Some(Box::new(Node { value, next })))
}

fn to_string(head: &Link) -> String {
    let mut parts = Vec::new();
    let mut node = head.as_deref();
    while let Some(current) = node {
        parts.push(current.value.to_string());
        node = current.next.as_deref();
    }
    if parts.is_empty() {
        "(empty)".to_string()
    } else {
        parts.join(" -> ")
    }
}

/// Reverses by relinking each node to its predecessor; no new nodes are allocated.
fn reverse(mut head: Link) -> Link {
    let mut previous = None;
    while let Some(mut node) = head {
        head = node.next.take();
        node.next = previous;
        previous = Some(node);
    }
    previous
}

/// The fast pointer moves two steps per slow step; for even lengths this picks the second middle.
fn middle(head: &Link) -> Option<&Node> {
    let mut slow = head.as_deref();
    let mut fast = head.as_deref();
    while let Some(after_fast) = fast.and_then(|node| node.next.as_deref()) {
        slow = slow.and_then(|node| node.next.as_deref());
        fast = after_fast.next.as_deref();
    }
    slow
}

fn main() {
    let inputs: [&[i32]; 4] = [&[1, 2, 3, 4, 5, 6, 7], &[10, 20, 30, 40], &[42], &[]];
    for values in inputs {
        let mut head = from_slice(values);
        println!("before: {}", to_string(&head));
        match middle(&head) {
            Some(node) => println!("middle: {}", node.value),
            None => println!("middle: none"),
        }
        head = reverse(head);
        println!("after:  {}", to_string(&head));
        println!();
    }
}
