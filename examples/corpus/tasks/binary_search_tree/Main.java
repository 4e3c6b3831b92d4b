// Binary search tree of integers: insert (duplicates ignored), contains, in-order traversal, height.

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

public class Main {
    static final class BinarySearchTree {
        private static final class Node {
            final int key;
            Node left;
            Node right;

            Node(int key) {
                this.key = key;
            }
        }

        private Node root;
        private int size;

        /** Inserts the key; returns false when it is already present. */
        boolean insert(int key) {
            if (root == null) {
                root = new Node(key);
                size++;
                return true;
            }
            Node node = root;
            while (true) {
                if (key == node.key) {
                    return false;
                }
                if (key < node.key) {
                    if (node.left == null) {
                        node.left = new Node(key);
                        break;
                    }
                    node = node.left;
                } else {
                    if (node.right == null) {
                        node.right = new Node(key);
                        break;
                    }
                    node = node.right;
                }
            }
            size++;
            return true;
        }

        boolean contains(int key) {
            Node node = root;
            while (node != null) {
                if (key == node.key) {
                    return true;
                }
                node = key < node.key ? node.left : node.right;
            }
            return false;
        }

        List<Integer> inOrder() {
            List<Integer> keys = new ArrayList<>();
            collect(root, keys);
            return keys;
        }

        private static void collect(Node node, List<Integer> keys) {
            if (node != null) {
                collect(node.left, keys);
                keys.add(node.key);
                collect(node.right, keys);
            }
        }

        /** Number of nodes on the longest root-to-leaf path; 0 for an empty tree. */
        int height() {
            return depth(root);
        }

        private static int depth(Node node) {
            return node == null ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
        }

        int size() {
            return size;
        }
    }

    public static void main(String[] args) {
        BinarySearchTree tree = new BinarySearchTree();
        System.out.println("empty height: " + tree.height());
        for (int key : new int[] {50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10}) {
            String status = tree.insert(key) ? "inserted" : "duplicate";
            System.out.println("insert " + key + ": " + status);
        }
        String keys = tree.inOrder().stream().map(String::valueOf).collect(Collectors.joining(" "));
        System.out.println("in-order: " + keys);
        System.out.println("size: " + tree.size());
        System.out.println("height: " + tree.height());
        for (int key : new int[] {45, 55, 10, 90}) {
            System.out.println("contains " + key + ": " + tree.contains(key));
        }
    }
}
