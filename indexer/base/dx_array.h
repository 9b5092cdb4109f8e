/*
 * dx_array.h - growing an array that can fail, in one place (git's
 * ALLOC_GROW): a caller that runs out of memory gets DX_ENOMEM with its
 * array as it was, and must pass the failure on, never stop early and
 * report success with the elements it had so far.
 */
#ifndef DX_ARRAY_H
#define DX_ARRAY_H

#include <stddef.h>

/* Make room for nr elements of size bytes in the array *pv (a pointer to
 * the caller's array pointer) that has room for *alloc: grown by half
 * again (at least to nr).  0, or DX_ENOMEM with *pv and *alloc unchanged
 * (also when the bytes would not fit a size_t). */
int dx_array_grow(void *pv, size_t size, size_t nr, size_t *alloc);

/* DX_GROW(v, nr, alloc): room for nr elements in the array v (any pointer
 * to an element, NULL at first) whose capacity is the size_t alloc. */
#define DX_GROW(v, nr, alloc) dx_array_grow(&(v), sizeof(*(v)), (nr), &(alloc))

#endif /* DX_ARRAY_H */
