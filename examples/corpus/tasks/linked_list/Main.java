// Singly linked list: build one from an array, find its middle node, reverse it in place.

import java.util.ArrayList;
import java.util.List;

public class Main {
    static final class Node {
        final int value;
        Node next;

        Node(int value, Node next) {
            this.value = value;
            this.next = next;
        }
    }

    static Node fromArray(int[] values) {
        Node head = null;
        for (int i = values.length - 1; i >= 0; i--) {
            head = new Node(values[i], head);
        }
        return head;
    }

    static String toString(Node head) {
        List<String> parts = new ArrayList<>();
        for (Node node = head; node != null; node = node.next) {
            parts.add(String.valueOf(node.value));
        }
        return parts.isEmpty() ? "(empty)" : String.join(" -> ", parts);
    }

    /** Reverses by relinking each node to its predecessor; no new nodes are allocated. */
    static Node reverse(Node head) {
        Node previous = null;
        while (head != null) {
            Node following = head.next;
            head.next = previous;
            previous = head;
            head = following;
        }
        return previous;
    }

    /** The fast pointer moves two steps per slow step; for even lengths this picks the second middle. */
    static Node middle(Node head) {
        Node slow = head;
        Node fast = head;
        while (fast != null && fast.next != null) {
            slow = slow.next;
            fast = fast.next.next;
        }
        return slow;
    }

    public static void main(String[] args) {
        int[][] inputs = {{1, 2, 3, 4, 5, 6, 7}, {10, 20, 30, 40}, {42}, {}};
        for (int[] values : inputs) {
            Node head = fromArray(values);
            System.out.println("before: " + toString(head));
            Node mid = middle(head);
            System.out.println("middle: " + (mid != null ? String.valueOf(mid.value) : "none"));
            head = reverse(head);
            System.out.println("after:  " + toString(head));
            System.out.println();
        }
    }
}
