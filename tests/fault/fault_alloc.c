/*
 * fault_alloc.c - an allocator that fails on request, for the fault
 * injection test: the library's own malloc, calloc, realloc, strdup and
 * strndup (wrapped at link time with -Wl,--wrap=...) and SQLite's
 * allocator (SQLITE_CONFIG_MALLOC) count into one counter, and the call
 * numbered fail_at fails once.  jansson allocates through the library's
 * malloc (base/json.c gives it a watching allocator), so it counts too.
 */
#include "fault_alloc.h"

#include <sqlite3.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static atomic_long calls;   /* allocations counted since fault_arm() */
static atomic_long fail_at; /* the call that fails; 0: none */
static atomic_int failed;   /* it came */
static atomic_int paused;
static int trace;

/* AddressSanitizer's, when it is linked in: where the fault was */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static int fault_now(void)
{
        long n;

        if (atomic_load(&paused) || !atomic_load(&fail_at))
                return 0;
        n = atomic_fetch_add(&calls, 1) + 1;
        if (n != atomic_load(&fail_at))
                return 0;
        atomic_store(&failed, 1);
        if (trace) {
                fprintf(stderr, "fault: allocation %ld fails here\n", n);
                if (__sanitizer_print_stack_trace)
                        __sanitizer_print_stack_trace();
        }
        return 1;
}

void fault_arm(long n)
{
        trace = getenv("FAULT_TRACE") != NULL;
        atomic_store(&calls, 0);
        atomic_store(&failed, 0);
        atomic_store(&fail_at, n);
}

long fault_disarm(int *hit)
{
        atomic_store(&fail_at, 0);
        if (hit)
                *hit = atomic_load(&failed);
        return atomic_load(&calls);
}

void fault_pause(int on)
{
        atomic_store(&paused, on);
}

void *__wrap_malloc(size_t n)
{
        return fault_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
        return fault_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
        return fault_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
        return fault_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
        return fault_now() ? NULL : __real_strndup(s, n);
}

/* SQLite: its own allocator, behind a counting front */
static sqlite3_mem_methods sqlite_mem;

static void *sqlite_malloc(int n)
{
        return fault_now() ? NULL : sqlite_mem.xMalloc(n);
}

static void *sqlite_realloc(void *p, int n)
{
        return fault_now() ? NULL : sqlite_mem.xRealloc(p, n);
}

int fault_init(void)
{
        sqlite3_mem_methods m;

        if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK)
                return -1;
        m = sqlite_mem;
        m.xMalloc = sqlite_malloc;
        m.xRealloc = sqlite_realloc;
        /* no lookaside: every allocation of SQLite's goes through ours */
        if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK ||
            sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK)
                return -1;
        return 0;
}
