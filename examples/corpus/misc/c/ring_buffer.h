/*
 * ring_buffer.h - a fixed-capacity FIFO of bytes backed by a caller-supplied array.
 *
 * The buffer never allocates: the caller owns the storage, which makes it usable
 * in interrupt handlers and on targets without a heap.
 */
#ifndef RING_BUFFER_H
#define RING_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint8_t *data;
    size_t capacity;
    size_t head;  /* index of the oldest byte */
    size_t count; /* bytes currently stored */
} ring_buffer_t;

void ring_buffer_init(ring_buffer_t *rb, uint8_t *storage, size_t capacity);
bool ring_buffer_push(ring_buffer_t *rb, uint8_t byte);
bool ring_buffer_pop(ring_buffer_t *rb, uint8_t *out);
size_t ring_buffer_size(const ring_buffer_t *rb);

static inline bool ring_buffer_is_empty(const ring_buffer_t *rb) { return rb->count == 0; }
static inline bool ring_buffer_is_full(const ring_buffer_t *rb) { return rb->count == rb->capacity; }

#ifdef __cplusplus
}
#endif

#endif /* RING_BUFFER_H */
