/*
 * array.c - the one growth step of the library's arrays (dx_array.h).
 */
#include "dx_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int dx_array_grow(void *pv, size_t size, size_t nr, size_t *alloc)
{
        size_t na;
        void *v, *nv;

        if (nr <= *alloc)
                return 0;
        if (!size || nr > SIZE_MAX / size) {
                dx_alloc_failed();
                return DX_ENOMEM;
        }
        na = *alloc < (SIZE_MAX - 16) / 3 ? (*alloc + 16) * 3 / 2 : nr;
        if (na < nr || na > SIZE_MAX / size)
                na = nr;
        /* the caller's pointer is read and written as bytes: pv is the
         * address of any object pointer, not of a void * */
        memcpy(&v, pv, sizeof(v));
        nv = dx_realloc(v, na * size);
        if (!nv)
                return DX_ENOMEM;
        memcpy(pv, &nv, sizeof(nv));
        *alloc = na;
        return 0;
}
