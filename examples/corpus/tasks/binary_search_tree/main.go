// Binary search tree of integers: insert (duplicates ignored), contains, in-order traversal, height.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

type node struct {
	key         int
	left, right *node
}

type BinarySearchTree struct {
	root *node
	size int
}

// Insert adds key and reports false when it is already present.
func (t *BinarySearchTree) Insert(key int) bool {
	link := &t.root
	for *link != nil {
		switch current := *link; {
		case key == current.key:
			return false
		case key < current.key:
			link = &current.left
		default:
			link = &current.right
		}
	}
	*link = &node{key: key}
	t.size++
	return true
}

func (t *BinarySearchTree) Contains(key int) bool {
	current := t.root
	for current != nil {
		if key == current.key {
			return true
		}
		if key < current.key {
			current = current.left
		} else {
			current = current.right
		}
	}
	return false
}

func (t *BinarySearchTree) InOrder() []int {
	var keys []int
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		walk(n.left)
		keys = append(keys, n.key)
		walk(n.right)
	}
	walk(t.root)
	return keys
}

// Height is the number of nodes on the longest root-to-leaf path; 0 for an empty tree.
func (t *BinarySearchTree) Height() int {
	return depth(t.root)
}

func depth(n *node) int {
	if n == nil {
		return 0
	}
	left, right := depth(n.left), depth(n.right)
	if left > right {
		return 1 + left
	}
	return 1 + right
}

func main() {
	tree := &BinarySearchTree{}
	fmt.Printf("empty height: %d\n", tree.Height())
	for _, key := range []int{50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 40, 10} {
		status := "duplicate"
		if tree.Insert(key) {
			status = "inserted"
		}
		fmt.Printf("insert %d: %s\n", key, status)
	}
	var keys []string
	for _, key := range tree.InOrder() {
		keys = append(keys, strconv.Itoa(key))
	}
	fmt.Printf("in-order: %s\n", strings.Join(keys, " "))
	fmt.Printf("size: %d\n", tree.size)
	fmt.Printf("height: %d\n", tree.Height())
	for _, key := range []int{45, 55, 10, 90} {
		fmt.Printf("contains %d: %t\n", key, tree.Contains(key))
	}
}
