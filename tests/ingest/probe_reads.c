/*
 * probe_reads.c - probing reads headers, not media: put 200 MB between an
 * MP4's media data and its index (moov at the end, as a recorder writes
 * it), probe it, and count the bytes read (/proc/self/io rchar).  The probe
 * must seek past the gap: at most the moov plus 256 KiB may be read.
 *
 * usage: probe_reads SOURCE.mp4 WORKDIR
 */
#include "dx_media.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GAP ((uint64_t)200 << 20)

static long long rchar(void)
{
        char line[128];
        long long v = -1;
        FILE *f = fopen("/proc/self/io", "r");

        while (f && fgets(line, sizeof(line), f))
                if (sscanf(line, "rchar: %lld", &v) == 1)
                        break;
        if (f)
                fclose(f);
        return v;
}

static uint32_t be32(const unsigned char *p)
{
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
        p[0] = (unsigned char)(v >> 24);
        p[1] = (unsigned char)(v >> 16);
        p[2] = (unsigned char)(v >> 8);
        p[3] = (unsigned char)v;
}

int main(int argc, char **argv)
{
        unsigned char *src, hdr[16];
        size_t n, off = 0, moov_off = 0, moov_len = 0;
        struct stat sb;
        char *out, *err = NULL, *warn = NULL;
        dx_media m;
        long long before, after;
        int fd, rc, failed = 0;
        FILE *f;

        if (argc != 3) {
                fprintf(stderr, "usage: probe_reads SOURCE.mp4 WORKDIR\n");
                return 2;
        }
        f = fopen(argv[1], "rb");
        if (!f || stat(argv[1], &sb) != 0) {
                perror(argv[1]);
                return 2;
        }
        src = malloc((size_t)sb.st_size);
        n = fread(src, 1, (size_t)sb.st_size, f);
        fclose(f);
        /* top-level boxes: find moov, which must come after mdat */
        while (off + 8 <= n) {
                uint32_t len = be32(src + off);
                if (len < 8 || off + len > n)
                        break;
                if (memcmp(src + off + 4, "moov", 4) == 0) {
                        moov_off = off;
                        moov_len = len;
                }
                off += len;
        }
        if (!moov_len || moov_off + moov_len != n) {
                fprintf(stderr, "%s: moov is not the last box\n", argv[1]);
                return 2;
        }
        out = dx_path_join(argv[2], "big-moov-at-end.mp4");
        fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, src, moov_off) != (ssize_t)moov_off) {
                perror(out);
                return 2;
        }
        /* a 64-bit 'free' box, sparse: the chunk offsets before it stay right */
        put_be32(hdr, 1);
        memcpy(hdr + 4, "free", 4);
        put_be32(hdr + 8, (uint32_t)((GAP + 16) >> 32));
        put_be32(hdr + 12, (uint32_t)(GAP + 16));
        if (write(fd, hdr, 16) != 16 || lseek(fd, (off_t)GAP, SEEK_CUR) < 0 ||
            write(fd, src + moov_off, moov_len) != (ssize_t)moov_len) {
                perror(out);
                return 2;
        }
        close(fd);

        before = rchar();
        rc = dx_probe(out, &m, &err, &warn);
        after = rchar();
        printf("probe of a %llu MB file with the moov (%zu bytes) at the end: rc %d, read %lld "
               "bytes, duration %.3f s\n",
               (unsigned long long)((GAP + n) >> 20), moov_len, rc, after - before, m.duration);
        if (rc != 0) {
                fprintf(stderr, "FAIL: probe failed: %s\n", err ? err : "?");
                failed = 1;
        }
        if (before < 0 || after - before > (long long)moov_len + 256 * 1024) {
                fprintf(stderr, "FAIL: read %lld bytes, more than the moov + 256 KiB\n",
                        after - before);
                failed = 1;
        }
        if (m.duration < 59.9 || m.duration > 60.1) {
                fprintf(stderr, "FAIL: duration %.3f, expected 60\n", m.duration);
                failed = 1;
        }
        dx_media_release(&m);
        free(err);
        free(warn);
        unlink(out);
        free(out);
        free(src);
        return failed;
}
