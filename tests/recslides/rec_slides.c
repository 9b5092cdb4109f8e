/*
 * rec_slides.c - read the slides of one recording as an ingest would (in
 * this process) and print them: a line per slide, "page<TAB>conf<TAB>
 * start-end,...<TAB>text" (the text's lines joined by " / "), then one
 * "stats" line with the frames looked at, the still pictures, those
 * dropped as noise, the recording's length and the processor seconds.
 * scripts/bench-ocr scores this against the deck the recording was made
 * from.  Usage: rec_slides VIDEO [LANG]
 */
#include "dx_recslides.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
        dx_recslides r;
        char *err = NULL;

        if (argc < 2 || argc > 3) {
                fprintf(stderr, "usage: rec_slides VIDEO [LANG]\n");
                return 2;
        }
        if (dx_recslides_read(argv[1], argc > 2 ? argv[2] : "eng", &r, &err)) {
                fprintf(stderr, "rec_slides: %s: %s\n", argv[1], err ? err : "failed");
                free(err);
                return 1;
        }
        for (size_t i = 0; i < r.n; i++) {
                printf("%zu\t%.1f\t", i + 1, r.v[i].conf);
                for (size_t k = 0; k < r.v[i].niv; k++)
                        printf("%s%.2f-%.2f", k ? "," : "", r.v[i].iv[k][0], r.v[i].iv[k][1]);
                putchar('\t');
                for (const char *c = r.v[i].text; *c; c++)
                        if (*c == '\n')
                                fputs(" / ", stdout);
                        else
                                putchar(*c);
                putchar('\n');
        }
        printf("stats\tframes %zu\tstill %zu\tnoise %zu\tduration %.1f\tcpu %.2f\tdecode %.2f\t"
               "ocr %.2f\n",
               r.samples, r.candidates, r.noise, r.duration, r.cpu_s, r.decode_s, r.ocr_s);
        if (r.note)
                printf("note\t%s\n", r.note);
        dx_recslides_release(&r);
        return 0;
}
