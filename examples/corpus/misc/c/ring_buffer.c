/*
 * ring_buffer.c - a fixed-capacity FIFO of bytes; see ring_buffer.h.
 *
 * Build the self-test with:  cc -std=c11 -Wall -Wextra -DRING_BUFFER_SELFTEST ring_buffer.c
 */
#include "ring_buffer.h"

#include <assert.h>

void ring_buffer_init(ring_buffer_t *rb, uint8_t *storage, size_t capacity)
{
    assert(rb != NULL && storage != NULL && capacity > 0);
    rb->data = storage;
    rb->capacity = capacity;
    rb->head = 0;
    rb->count = 0;
}

bool ring_buffer_push(ring_buffer_t *rb, uint8_t byte)
{
    if (ring_buffer_is_full(rb)) {
        return false; /* the caller decides whether to drop or retry */
    }
    rb->data[(rb->head + rb->count) % rb->capacity] = byte;
    rb->count++;
    return true;
}

bool ring_buffer_pop(ring_buffer_t *rb, uint8_t *out)
{
    if (ring_buffer_is_empty(rb)) {
        return false;
    }
    *out = rb->data[rb->head];
    rb->head = (rb->head + 1) % rb->capacity;
    rb->count--;
    return true;
}

size_t ring_buffer_size(const ring_buffer_t *rb)
{
    return rb->count;
}

#ifdef RING_BUFFER_SELFTEST
#include <stdio.h>

int main(void)
{
    uint8_t storage[4];
    ring_buffer_t rb;
    ring_buffer_init(&rb, storage, sizeof storage);

    for (uint8_t i = 1; i <= 5; i++) {
        printf("push %u: %s\n", (unsigned)i, ring_buffer_push(&rb, i) ? "ok" : "full");
    }
    uint8_t byte;
    while (ring_buffer_pop(&rb, &byte)) {
        printf("pop %u\n", (unsigned)byte);
    }
    printf("size after draining: %zu\n", ring_buffer_size(&rb));
    return 0;
}
#endif
