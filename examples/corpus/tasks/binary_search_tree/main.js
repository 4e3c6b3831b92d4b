// Binary search tree of integers: insert (duplicates ignored), contains, in-order traversal, height.

class BinarySearchTree {
  #root = null;
  #size = 0;

  // Inserts the key; returns false when it is already present.
  insert(key) {
    const node = { key, left: null, right: null };
    if (this.#root === null) {
      this.#root = node;
      this.#size++;
      return true;
    }
    let current = this.#root;
    while (true) {
      if (key === current.key) return false;
      const side = key < current.key ? "left" : "right";
      if (current[side] === null) {
        current[side] = node;
        this.#size++;
        return true;
      }
      current = current[side];
    }
  }

  contains(key) {
    let node = this.#root;
    while (node !== null) {
      if (key === node.key) return true;
      node = key < node.key ? node.left : node.right;
    }
    return false;
  }

  *inOrder(node = this.#root) {
    if (node === null) return;
    yield* this.inOrder(node.left);
    yield node.key;
    yield* this.inOrder(node.right);
  }

  // Number of nodes on the longest root-to-leaf path; 0 for an empty tree.
  height() {
    const depth = (node) => (node === null ? 0 : 1 + Math.max(depth(node.left), depth(node.right)));
    return depth(this.#root);
  }

  get size() {
    return this.#size;
  }
}

const tree = new BinarySearchTree();
console.log(`empty height: ${tree.height()}`);
for (const key of [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10]) {
  const status = tree.insert(key) ? "inserted" : "duplicate";
  console.log(`insert ${key}: ${status}`);
}
console.log(`in-order: ${[...tree.inOrder()].join(" ")}`);
console.log(`size: ${tree.size}`);
console.log(`height: ${tree.height()}`);
for (const key of [45, 55, 10, 90]) {
  console.log(`contains ${key}: ${tree.contains(key)}`);
}
