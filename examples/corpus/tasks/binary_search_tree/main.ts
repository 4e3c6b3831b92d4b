// Binary search tree: insert (duplicates ignored), contains, in-order traversal, height.
// Generic over any key type with a comparator; the demo uses numbers.

interface TreeNode<K> {
  key: K;
  left: TreeNode<K> | null;
  right: TreeNode<K> | null;
}

type Comparator<K> = (a: K, b: K) => number;

class BinarySearchTree<K> {
  private root: TreeNode<K> | null = null;
  private count = 0;

  constructor(private readonly compare: Comparator<K>) {}

  // Inserts the key; returns false when it is already present.
  insert(key: K): boolean {
    const fresh: TreeNode<K> = { key, left: null, right: null };
    if (this.root === null) {
      this.root = fresh;
      this.count++;
      return true;
    }
    let node = this.root;
    while (true) {
      const order = this.compare(key, node.key);
      if (order === 0) return false;
      const child = order < 0 ? node.left : node.right;
      if (child === null) {
        if (order < 0) node.left = fresh;
        else node.right = fresh;
        this.count++;
        return true;
      }
      node = child;
    }
  }

  contains(key: K): boolean {
    let node = this.root;
    while (node !== null) {
      const order = this.compare(key, node.key);
      if (order === 0) return true;
      node = order < 0 ? node.left : node.right;
    }
    return false;
  }

  inOrder(): K[] {
    const keys: K[] = [];
    const walk = (node: TreeNode<K> | null): void => {
      if (node === null) return;
      walk(node.left);
      keys.push(node.key);
      walk(node.right);
    };
    walk(this.root);
    return keys;
  }

  // Number of nodes on the longest root-to-leaf path; 0 for an empty tree.
  height(): number {
    const depth = (node: TreeNode<K> | null): number =>
      node === null ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
    return depth(this.root);
  }

  get size(): number {
    return this.count;
  }
}

const tree = new BinarySearchTree<number>((a, b) => a - b);
console.log(`empty height: ${tree.height()}`);
for (const key of [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10]) {
  const status = tree.insert(key) ? "inserted" : "duplicate";
  console.log(`insert ${key}: ${status}`);
}
console.log(`in-order: ${tree.inOrder().join(" ")}`);
console.log(`size: ${tree.size}`);
console.log(`height: ${tree.height()}`);
for (const key of [45, 55, 10, 90]) {
  console.log(`contains ${key}: ${tree.contains(key)}`);
}
