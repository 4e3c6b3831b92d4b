// Singly linked list: build one from an array, find its middle node, reverse it in place.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

type Node struct {
	Value int
	Next  *Node
}

func fromSlice(values []int) *Node {
	var head *Node
	for i := len(values) - 1; i >= 0; i-- {
		head = &Node{Value: values[i], Next: head}
	}
	return head
}

func (head *Node) String() string {
	if head == nil {
		return "(empty)"
	}
	var parts []string
	for node := head; node != nil; node = node.Next {
		parts = append(parts, strconv.Itoa(node.Value))
	}
	return strings.Join(parts, " -> ")
}

// reverse relinks each node to its predecessor; no new nodes are allocated.
func reverse(head *Node) *Node {
	var previous *Node
	for head != nil {
		head, head.Next, previous = head.Next, previous, head
	}
	return previous
}

// middle moves the fast pointer two steps per slow step; for even lengths it picks the second middle.
func middle(head *Node) *Node {
	slow, fast := head, head
	for fast != nil && fast.Next != nil {
		slow = slow.Next
		fast = fast.Next.Next
	}
	return slow
}

func main() {
	inputs := [][]int{{1, 2, 3, 4, 5, 6, 7}, {10, 20, 30, 40}, {42}, {}}
	for _, values := range inputs {
		head := fromSlice(values)
		fmt.Printf("before: %v\n", head)
		if mid := middle(head); mid != nil {
			fmt.Printf("middle: %d\n", mid.Value)
		} else {
			fmt.Println("middle: none")
		}
		head = reverse(head)
		fmt.Printf("after:  %v\n", head)
		fmt.Println()
	}
}
