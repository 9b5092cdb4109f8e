/*
 * fault_alloc.h - the failing allocator of the fault injection test.
 */
#ifndef FAULT_ALLOC_H
#define FAULT_ALLOC_H

/* Put SQLite's allocations behind the counter; before SQLite is first
 * used.  0, or -1 when SQLite refuses. */
int fault_init(void);
/* Count allocations from 0 and fail the n-th (n >= 1) once. */
void fault_arm(long n);
/* Stop failing; the allocations counted, and in *hit whether the n-th came. */
long fault_disarm(int *hit);
/* While on, allocations are not counted (the test's own bookkeeping). */
void fault_pause(int on);

#endif /* FAULT_ALLOC_H */
