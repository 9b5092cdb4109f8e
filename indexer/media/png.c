/*
 * png.c - writing a cairo image surface as a PNG file atomically: into a
 * temporary file beside the target, then renamed over it, so a reader (a
 * web server, a re-export that checks what is there) never sees half an
 * image.  Shared by the slide thumbnails and the poster frames.
 */
#include "dx_media.h"

#include <cairo.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dx_png_write(cairo_surface_t *s, const char *path, char **errmsg)
{
        char *tmp = dx_asprintf("%s.tmp%ld", path, (long)getpid());
        cairo_status_t st;

        if (!tmp) {
                *errmsg = dx_strdup("out of memory");
                return DX_ENOMEM;
        }
        st = cairo_surface_write_to_png(s, tmp);
        if (st != CAIRO_STATUS_SUCCESS) {
                *errmsg = dx_asprintf("%s: cannot write: %s", path, cairo_status_to_string(st));
                unlink(tmp);
                free(tmp);
                return DX_ERR;
        }
        if (rename(tmp, path) != 0) {
                *errmsg = dx_asprintf("%s: cannot write: %s", path, strerror(errno));
                unlink(tmp);
                free(tmp);
                return DX_ERR;
        }
        free(tmp);
        return 0;
}
