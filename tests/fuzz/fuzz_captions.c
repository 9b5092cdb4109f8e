/*
 * fuzz_captions.c - libFuzzer target for our SubRip/WebVTT reader
 * (indexer/media/captions.c).  Any input must parse without a crash, a leak or
 * undefined behaviour, and give cues with valid UTF-8 text, in order of
 * start time, that never end before they start.
 *
 * Build with -DDX_FUZZ=ON (clang); run:
 *   fuzz_captions -max_total_time=60 tests/fuzz/corpus-captions
 */
#include "dx_media.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
        dx_cues cues = {0};
        char *warning = NULL;

        if (dx_captions_parse((const char *)data, size, &cues, &warning) < 0)
                abort(); /* only on no memory, which the fuzzer does not cause */
        for (size_t i = 0; i < cues.n; i++) {
                const dx_cue *c = &cues.v[i];

                if (!c->text[0] || !dx_utf8_valid(c->text, strlen(c->text)) ||
                    strlen(c->text) > DX_CUE_MAX_TEXT || c->end_ms < c->start_ms ||
                    c->start_ms < 0 || (i && c->start_ms < cues.v[i - 1].start_ms))
                        abort();
        }
        dx_cues_release(&cues);
        free(warning);
        return 0;
}
