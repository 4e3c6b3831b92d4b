// A FIFO queue built from two LIFO stacks, driven by a scripted sequence of operations.
// New items go on the inbox stack; the outbox is refilled (reversing the order) only when it runs empty,
// so every item moves between stacks at most once: amortised O(1) per operation.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

type TwoStackQueue[T any] struct {
	inbox, outbox []T
	Moved         int
}

func (q *TwoStackQueue[T]) Len() int { return len(q.inbox) + len(q.outbox) }

func (q *TwoStackQueue[T]) Enqueue(item T) { q.inbox = append(q.inbox, item) }

func (q *TwoStackQueue[T]) refill() {
	if len(q.outbox) > 0 {
		return
	}
	for len(q.inbox) > 0 {
		last := len(q.inbox) - 1
		q.outbox = append(q.outbox, q.inbox[last])
		q.inbox = q.inbox[:last]
		q.Moved++
	}
}

// Peek returns the oldest item without removing it; ok is false when the queue is empty.
func (q *TwoStackQueue[T]) Peek() (item T, ok bool) {
	q.refill()
	if len(q.outbox) == 0 {
		return item, false
	}
	return q.outbox[len(q.outbox)-1], true
}

func (q *TwoStackQueue[T]) Dequeue() (item T, ok bool) {
	if item, ok = q.Peek(); ok {
		q.outbox = q.outbox[:len(q.outbox)-1]
	}
	return item, ok
}

func main() {
	queue := &TwoStackQueue[int]{}
	script := []string{"enqueue 1", "enqueue 2", "enqueue 3", "dequeue", "enqueue 4", "enqueue 5", "peek",
		"dequeue", "dequeue", "dequeue", "dequeue", "dequeue"}
	for _, step := range script {
		operation, argument, _ := strings.Cut(step, " ")
		if operation == "enqueue" {
			value, err := strconv.Atoi(argument)
			if err != nil {
				panic(err)
			}
			queue.Enqueue(value)
			fmt.Printf("enqueue %s -> size %d\n", argument, queue.Len())
			continue
		}
		var item int
		var ok bool
		if operation == "dequeue" {
			item, ok = queue.Dequeue()
		} else {
			item, ok = queue.Peek()
		}
		shown := "empty"
		if ok {
			shown = strconv.Itoa(item)
		}
		fmt.Printf("%s -> %s (size %d)\n", operation, shown, queue.Len())
	}
	fmt.Printf("items moved between stacks: %d\n", queue.Moved)
}
