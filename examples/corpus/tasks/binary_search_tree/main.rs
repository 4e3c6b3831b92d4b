// Binary search tree: insert (duplicates ignored), contains, in-order traversal, height.

use std::cmp::Ordering;

#[derive(Debug)]
struct Node<K> {
    key: K,
    left: Option<Box<Node<K>>>,
    right: Option<Box<Node<K>>>,
}

#[derive(Debug, Default)]
struct BinarySearchTree<K> {
    root: Option<Box<Node<K>>>,
    len: usize,
}

impl<K: Ord + Copy> BinarySearchTree<K> {
    fn new() -> Self {
        BinarySearchTree { root: None, len: 0 }
    }

    /// Inserts the key; returns false when it is already present.
    fn insert(&mut self, key: K) -> bool {
        let mut link = &mut self.root;
        while let Some(node) = link {
            link = match key.cmp(&node.key) {
                Ordering::Equal => return false,
                Ordering::Less => &mut node.left,
                Ordering::Greater => &mut node.right,
            };
        }
        *link = Some(Box::new(Node {
            key,
            left: None,
            right: None,
        }));
        self.len += 1;
        true
    }

    fn contains(&self, key: K) -> bool {
        let mut current = self.root.as_deref();
        while let Some(node) = current {
            current = match key.cmp(&node.key) {
                Ordering::Equal => return true,
                Ordering::Less => node.left.as_deref(),
                Ordering::Greater => node.right.as_deref(),
            };
        }
        false
    }

    fn in_order(&self) -> Vec<K> {
        fn walk<K: Copy>(node: &Option<Box<Node<K>>>, keys: &mut Vec<K>) {
            if let Some(node) = node {
                walk(&node.left, keys);
                keys.push(node.key);
                walk(&node.right, keys);
            }
        }
        let mut keys = Vec::with_capacity(self.len);
        walk(&self.root, &mut keys);
        keys
    }

    /// Number of nodes on the longest root-to-leaf path; 0 for an empty tree.
    fn height(&self) -> usize {
        fn depth<K>(node: &Option<Box<Node<K>>>) -> usize {
            node.as_ref()
                .map_or(0, |n| 1 + depth(&n.left).max(depth(&n.right)))
        }
        depth(&self.root)
    }
}

fn main() {
    let mut tree = BinarySearchTree::new();
    println!("empty height: {}", tree.height());
    for key in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10] {
        let status = if tree.insert(key) {
            "inserted"
        } else {
            "duplicate"
        };
        println!("insert {}: {}", key, status);
    }
    let keys: Vec<String> = tree.in_order().iter().map(|k| k.to_string()).collect();
    println!("in-order: {}", keys.join(" "));
    println!("size: {}", tree.len);
    println!("height: {}", tree.height());
    for key in [45, 55, 10, 90] {
        println!("contains {}: {}", key, tree.contains(key));
    }
}
