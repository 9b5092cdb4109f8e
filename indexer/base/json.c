/*
 * json.c - jansson calls that cannot lose data when memory runs out.
 * jansson 2.14's parser drops a byte of a string when growing its buffer
 * fails and carries on, so a parse that "succeeds" may hold other text;
 * its allocations are therefore watched (a per-thread flag set by the
 * allocator it is given) and a parse during which one failed is thrown
 * away.  Arrays are built with appends that fail on a missing element.
 */
#include "dx_int.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

static _Thread_local int json_failed;

static void *watch_malloc(size_t n)
{
        void *p = malloc(n);

        if (!p) {
                json_failed = 1;
                dx_alloc_failed();
        }
        return p;
}

static void watch_install(void)
{
        json_malloc_t m;
        json_free_t f;

        /* a program that gave jansson an allocator of its own keeps it */
        json_get_alloc_funcs(&m, &f);
        if (f == free)
                json_set_alloc_funcs(watch_malloc, free);
}

static void watch(void)
{
        static pthread_once_t once = PTHREAD_ONCE_INIT;

        pthread_once(&once, watch_install);
        json_failed = 0;
}

json_t *dx_json_loadb(const char *text, size_t len, size_t flags, json_error_t *err, int *nomem)
{
        json_t *j;

        watch();
        j = json_loadb(text, len, flags, err);
        *nomem = json_failed || (!j && json_error_code(err) == json_error_out_of_memory);
        if (*nomem) {
                json_decref(j);
                return NULL;
        }
        return j;
}

char *dx_json_dumps(const json_t *j, size_t flags)
{
        char *s;

        watch();
        s = j ? json_dumps(j, flags) : NULL;
        if (s && json_failed) {
                free(s);
                s = NULL;
        }
        return s;
}

int dx_json_append(json_t *a, json_t *v)
{
        if (!v)
                return DX_ENOMEM;
        return json_array_append_new(a, v) ? DX_ENOMEM : 0;
}
