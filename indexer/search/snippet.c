/*
 * snippet.c - a field's text with the query's matches marked, whole or cut
 * to the few words around the best of them, made from the match offsets
 * locate.c has already read from talk_fts.  FTS5's own snippet() and
 * highlight() would need the talk's whole row loaded from its content view
 * (every page and cue), or a table of the few pages shown; here only the
 * text shown is tokenized, once.
 *
 * The window is chosen as FTS5's snippet() chooses it, so a person sees
 * the same text either way (test_store compares the two on every word of
 * the fixture pages): each match proposes a window centred on the matches
 * it holds, and the start of its sentence proposes another; a window scores
 * 1000 for each phrase it holds and 1 for each further match, a sentence
 * start 100 more (120 at the start of the text).
 */
#include "dx_fts.h"

#include <stdlib.h>
#include <string.h>

/* Where each token of a text stands, in bytes. */
typedef struct spans {
        struct {
                int start, end;
        } * v;
        int n, cap;
        int oom;
} spans;

static int add_span(void *ud, int flags, const char *tok, int n, int start, int end)
{
        spans *s = ud;

        (void)tok, (void)n;
        if (flags & FTS5_TOKEN_COLOCATED)
                return SQLITE_OK;
        if (s->n == s->cap) {
                int cap = s->cap ? s->cap * 2 : 64;
                void *v = realloc(s->v, (size_t)cap * sizeof(*s->v));

                if (!v) {
                        s->oom = 1;
                        return SQLITE_NOMEM;
                }
                s->v = v;
                s->cap = cap;
        }
        s->v[s->n].start = start;
        s->v[s->n].end = end;
        s->n++;
        return SQLITE_OK;
}

/* Whether token i starts a sentence: the first, or one after white space
 * that follows a '.' or a ':'. */
static int sentence_start(const char *text, const spans *s, int i)
{
        int j = s->v[i].start - 1;

        if (i == 0)
                return 1;
        while (j >= 0 && text[j] && strchr(" \t\n\r", text[j]))
                j--;
        return j >= 0 && j != s->v[i].start - 1 && (text[j] == '.' || text[j] == ':');
}

/* Score of the window of ntok tokens from token from; *first and *last
 * get where its matches start and end. */
static int window_score(const dx_match *m, int nm, int base, int from, int ntok,
                        unsigned char *seen, size_t nseen, int *first, int *last)
{
        int score = 0;

        memset(seen, 0, nseen);
        *first = -1;
        *last = 0;
        for (int i = 0; i < nm; i++) {
                int off = m[i].off - base;

                if (off < from || off >= from + ntok)
                        continue;
                score += seen[m[i].phrase] ? 1 : 1000;
                seen[m[i].phrase] = 1;
                if (*first < 0)
                        *first = off;
                *last = off + m[i].size;
        }
        return score;
}

/* The first token of the best window of ntok tokens, as snippet() finds
 * it; -1 when out of memory. */
static int best_window(const char *text, const spans *s, const dx_match *m, int nm, int base,
                       int ntok, unsigned char *seen, size_t nseen)
{
        int best = 0, start = 0, first, last;
        int *sent = NULL, nsent = 0;

        if (s->n > ntok) {
                /* without the sentence starts the window would be another */
                if (!(sent = malloc((size_t)s->n * sizeof(*sent))))
                        return -1;
                for (int i = 0; i < s->n; i++)
                        if (sentence_start(text, s, i))
                                sent[nsent++] = i;
        }
        for (int i = 0; i < nm; i++) {
                int io = m[i].off - base, score, adj, j;

                if (io < 0 || io >= s->n)
                        continue;
                score = window_score(m, nm, base, io, ntok, seen, nseen, &first, &last);
                adj = first - (ntok - (last - first)) / 2;
                if (adj + ntok > s->n)
                        adj = s->n - ntok;
                if (adj < 0)
                        adj = 0;
                if (score > best) {
                        best = score;
                        start = adj;
                }
                if (!nsent)
                        continue;
                for (j = 0; j < nsent - 1 && sent[j + 1] <= io; j++)
                        ;
                if (sent[j] < io) {
                        score =
                            window_score(m, nm, base, sent[j], ntok, seen, nseen, &first, &last) +
                            (sent[j] == 0 ? 120 : 100);
                        if (score > best) {
                                best = score;
                                start = sent[j];
                        }
                }
        }
        free(sent);
        return start;
}

char *dx_snippet(fts5_api *api, const char *text, const dx_match *m, int nm, int base, int ntok,
                 const char *open, const char *close, const char *ellipsis)
{
        const char *args[] = {"remove_diacritics", "2"};
        fts5_tokenizer tk;
        Fts5Tokenizer *t = NULL;
        void *ud = NULL;
        spans s = {0};
        dx_buf out = DX_BUF_INIT;
        unsigned char *seen = NULL;
        size_t nseen = 1;
        int len = text ? (int)strlen(text) : 0, rc, from, to, off = 0, open_mark = 0, k = 0;

        if (!text)
                return NULL;
        if (!api || api->xFindTokenizer(api, "unicode61", &ud, &tk) != SQLITE_OK ||
            tk.xCreate(ud, args, 2, &t) != SQLITE_OK)
                return NULL;
        rc = tk.xTokenize(t, &s, FTS5_TOKENIZE_DOCUMENT, text, len, add_span);
        tk.xDelete(t);
        for (int i = 0; i < nm; i++)
                if ((size_t)m[i].phrase >= nseen)
                        nseen = (size_t)m[i].phrase + 1;
        if (rc != SQLITE_OK || !(seen = calloc(nseen, 1))) {
                free(s.v);
                return NULL;
        }
        if (ntok > 0) {
                from = best_window(text, &s, m, nm, base, ntok, seen, nseen);
                if (from < 0) {
                        free(seen);
                        free(s.v);
                        return NULL;
                }
                to = from + ntok - 1;
        } else {
                from = 0;
                to = s.n - 1;
        }
        if (to > s.n - 1)
                to = s.n - 1;
        if (from > 0) {
                dx_buf_adds(&out, ellipsis);
                off = s.v[from].start;
        }
        /* a match that began before the window is not marked in it, nor
         * are those that overlap it (snippet() skips them as one) */
        for (int gend = -1; k < nm; k++) {
                int o = m[k].off - base;

                if (o >= from && o > gend)
                        break;
                if (o + m[k].size - 1 > gend)
                        gend = o + m[k].size - 1;
        }
        for (int i = from; i <= to && i < s.n; i++) {
                if (!open_mark && k < nm && m[k].off - base == i) {
                        dx_buf_add(&out, text + off, (size_t)(s.v[i].start - off));
                        dx_buf_adds(&out, open);
                        off = s.v[i].start;
                        open_mark = 1;
                }
                if (open_mark) {
                        /* overlapping matches make one mark */
                        int end = m[k].off - base + m[k].size - 1;

                        while (k + 1 < nm && m[k + 1].off - base <= end) {
                                k++;
                                if (m[k].off - base + m[k].size - 1 > end)
                                        end = m[k].off - base + m[k].size - 1;
                        }
                        if (i == end || i == to) {
                                dx_buf_add(&out, text + off, (size_t)(s.v[i].end - off));
                                dx_buf_adds(&out, close);
                                off = s.v[i].end;
                                open_mark = 0;
                                if (i == end)
                                        k++;
                        }
                }
                if (i == to) {
                        dx_buf_add(&out, text + off, (size_t)(s.v[i].end - off));
                        off = s.v[i].end;
                }
        }
        if (to >= s.n - 1)
                dx_buf_add(&out, text + off, (size_t)(len - off));
        else
                dx_buf_adds(&out, ellipsis);
        free(seen);
        free(s.v);
        if (out.truncated) {
                dx_buf_release(&out);
                return NULL;
        }
        return dx_buf_detach(&out);
}
