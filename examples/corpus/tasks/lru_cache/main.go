// An LRU (least recently used) cache with a fixed capacity, driven by a scripted sequence of gets and puts.
package main

import (
	"container/list"
	"fmt"
	"strconv"
	"strings"
)

type entry struct {
	key   int
	value string
}

// LRUCache keeps entries in a list from least to most recently used; the map finds list elements in O(1).
type LRUCache struct {
	capacity int
	order    *list.List
	elements map[int]*list.Element
}

func NewLRUCache(capacity int) *LRUCache {
	if capacity <= 0 {
		panic("capacity must be positive")
	}
	return &LRUCache{capacity: capacity, order: list.New(), elements: map[int]*list.Element{}}
}

func (c *LRUCache) Get(key int) (string, bool) {
	element, ok := c.elements[key]
	if !ok {
		return "", false
	}
	c.order.MoveToBack(element)
	return element.Value.(*entry).value, true
}

// Put stores value and returns the key evicted to make room, if any.
func (c *LRUCache) Put(key int, value string) (evicted int, didEvict bool) {
	if element, ok := c.elements[key]; ok {
		element.Value.(*entry).value = value
		c.order.MoveToBack(element)
		return 0, false
	}
	if c.order.Len() == c.capacity {
		oldest := c.order.Front()
		evicted, didEvict = c.order.Remove(oldest).(*entry).key, true
		delete(c.elements, evicted)
	}
	c.elements[key] = c.order.PushBack(&entry{key, value})
	return evicted, didEvict
}

func (c *LRUCache) Keys() []int {
	keys := make([]int, 0, c.order.Len())
	for element := c.order.Front(); element != nil; element = element.Next() {
		keys = append(keys, element.Value.(*entry).key)
	}
	return keys
}

func main() {
	cache := NewLRUCache(3)
	script := []struct {
		operation string
		key       int
		value     string
	}{
		{"put", 1, "one"}, {"put", 2, "two"}, {"put", 3, "three"}, {"get", 1, ""},
		{"put", 4, "four"}, {"get", 2, ""}, {"put", 3, "THREE"}, {"put", 5, "five"},
		{"get", 1, ""}, {"get", 4, ""}, {"get", 3, ""}, {"get", 5, ""},
	}
	for _, step := range script {
		if step.operation == "put" {
			suffix := ""
			if evicted, ok := cache.Put(step.key, step.value); ok {
				suffix = fmt.Sprintf(" evicts %d", evicted)
			}
			fmt.Printf("put(%d, %s)%s\n", step.key, step.value, suffix)
		} else if value, ok := cache.Get(step.key); ok {
			fmt.Printf("get(%d) -> %s\n", step.key, value)
		} else {
			fmt.Printf("get(%d) -> miss\n", step.key)
		}
	}
	var order []string
	for _, key := range cache.Keys() {
		order = append(order, strconv.Itoa(key))
	}
	fmt.Printf("order (least to most recent): %s\n", strings.Join(order, " "))
}
