/*
 * pair.c - pairing by content: a recording that neither a manifest nor its
 * name pairs with a deck is compared with the decks of its event that
 * nothing paired either, with the slide matcher (dx_align()).  A recording
 * that clearly shows one deck, which no other recording shows, becomes one
 * talk with it; an ambiguous or absent match leaves both alone, with a note
 * for the report.  Manifest and name pairs are never touched: only talks of
 * one file the walk made take part.
 *
 * Each comparison aligns the whole recording, so an event compares at most
 * DX_PAIR_MAX_TRIES recording-deck pairs; past that nothing is guessed and
 * the report says why.
 */
#include "dx_ingest.h"

#include <stdlib.h>
#include <string.h>

#define DX_PAIR_MAX_TRIES 24
/* A match: the deck on screen for at least this share of the recording,
 * at this mean confidence (the matcher's correlation), on two pages or
 * more (or the deck's only page) ... */
#define DX_PAIR_MIN_SHOWN 0.10
#define DX_PAIR_MIN_SCORE 0.70
/* ... and this much better than the next deck that matches too. */
#define DX_PAIR_MARGIN 0.10

typedef struct match {
        double score, shown;
        int pages;
        char *error;
        dx_align_result result; /* kept for the timeline of the talk it makes */
} match;

/* How well the recording shows the deck: mean span confidence weighted by
 * time on screen, and the share of the recording on the deck. */
static void compare(const char *root, const dx_file *rec, const dx_file *deck, int threads,
                    match *m)
{
        dx_align_opts o = {.threads = threads, .video_name = rec->rel, .pdf_name = deck->rel};
        dx_pinned v = {.fd = -1}, s = {.fd = -1};
        dx_align_result r;
        double on = 0, weighted = 0;
        int keep = 0;
        char *err = NULL;
        int *seen = NULL;

        memset(m, 0, sizeof(*m));
        memset(&r, 0, sizeof(r));
        if (dx_pin_open(&v, root, rec->abs, &err) || dx_pin_open(&s, root, deck->abs, &err)) {
                m->error = err;
                goto out;
        }
        if (dx_align(v.path, s.path, &o, &r, &m->error) != 0)
                goto out;
        if (r.status != DX_ALIGN_SHOWN || r.duration <= 0)
                goto out;
        seen = calloc((size_t)r.pages + 2, sizeof(*seen));
        for (size_t i = 0; i < r.nspans; i++) {
                double d = r.spans[i].end_s - r.spans[i].start_s;
                int p = r.spans[i].page;

                on += d;
                weighted += d * r.spans[i].confidence;
                if (seen && p >= 1 && p <= r.pages) {
                        int first = r.same_as ? r.same_as[p - 1] : p;
                        if (first >= 1 && first <= r.pages && !seen[first]++)
                                m->pages++;
                }
        }
        m->shown = on / r.duration;
        m->score = on > 0 ? weighted / on : 0;
        keep = 1;
out:
        if (m->pages < 2 && r.pages != 1)
                m->score = m->score > 0 ? -m->score : m->score; /* one page: no evidence */
        free(seen);
        if (keep)
                m->result = r;
        else
                dx_align_result_release(&r);
        dx_pin_close(&v);
        dx_pin_close(&s);
}

static int matches(const match *m)
{
        return m->score >= DX_PAIR_MIN_SCORE && m->shown >= DX_PAIR_MIN_SHOWN;
}

static const char *base(const char *rel)
{
        const char *b = strrchr(rel, '/');

        return b ? b + 1 : rel;
}

/* Whether the event has a note on talk t already. */
static int noted(const dx_event_plan *ev, size_t t)
{
        for (size_t k = 0; k < ev->nnotes; k++)
                if (ev->notes[k].talk == (int)t)
                        return 1;
        return 0;
}

/* Move talk j's deck (and captions) into talk i, and drop talk j. */
static void merge(dx_event_plan *ev, size_t i, size_t j, double confidence)
{
        dx_talk_plan *a = &ev->talks[i], *b = &ev->talks[j];
        int *caps = realloc(a->captions, (a->ncaptions + b->ncaptions + 1) * sizeof(*caps));

        a->slides = b->slides;
        a->paired_by = "content";
        a->pair_confidence = confidence;
        if (caps) {
                a->captions = caps;
                for (size_t k = 0; k < b->ncaptions; k++)
                        a->captions[a->ncaptions++] = b->captions[k];
        }
        free(b->slug);
        free(b->slug_hint);
        free(b->title);
        free(b->abstract);
        free(b->date);
        free(b->room);
        dx_strv_free(b->tags, b->ntags);
        for (size_t k = 0; k < b->nspeakers; k++) {
                free(b->speakers[k].name);
                free(b->speakers[k].role);
                free(b->speakers[k].company);
        }
        free(b->speakers);
        free(b->captions);
        memmove(b, b + 1, (ev->ntalks - j - 1) * sizeof(*b));
        ev->ntalks--;
}

/* Keep the alignment of a recording and the deck it was paired with. */
static void keep_result(const dx_file_data *fds, const dx_talk_plan *tp, match *mm,
                        dx_align_known **known, size_t *nknown)
{
        dx_align_known *v = realloc(*known, (*nknown + 1) * sizeof(*v));

        if (!v)
                return; /* aligned again later */
        *known = v;
        v += (*nknown)++;
        memset(v, 0, sizeof(*v));
        memcpy(v->video_hash, fds[tp->video].hash, sizeof(v->video_hash));
        memcpy(v->slides_hash, fds[tp->slides].hash, sizeof(v->slides_hash));
        v->result = mm->result;
        memset(&mm->result, 0, sizeof(mm->result));
}

int dx_pair_by_content(dx_event_plan *ev, const dx_file_data *fds, const char *root, int threads,
                       dx_note_fn note, void *ud, dx_align_known **known, size_t *nknown)
{
        size_t *recs = calloc(ev->ntalks + 1, sizeof(*recs));
        size_t *decks = calloc(ev->ntalks + 1, sizeof(*decks));
        size_t nr = 0, nd = 0;
        match *m = NULL;
        int *pick = NULL, rc = 0;
        char *used = NULL; /* recordings, then decks, that were paired */

        if (!recs || !decks) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < ev->ntalks; i++) {
                const dx_talk_plan *tp = &ev->talks[i];

                if (tp->manifest || (tp->video >= 0) == (tp->slides >= 0))
                        continue;
                if (tp->video >= 0) {
                        const dx_file_data *f = &fds[tp->video];
                        int video = 0;

                        for (size_t k = 0; f->has_media && k < f->media.nstreams; k++)
                                video |= f->media.streams[k].kind &&
                                         strcmp(f->media.streams[k].kind, "video") == 0;
                        if (video && !f->error)
                                recs[nr++] = i;
                } else if (fds[tp->slides].has_deck && !fds[tp->slides].error) {
                        decks[nd++] = i;
                }
        }
        if (!nr || !nd)
                goto out;
        if (nr * nd > DX_PAIR_MAX_TRIES) {
                for (size_t r = 0; r < nr; r++)
                        dx_plan_note_add(ev, "no-slides", (int)recs[r],
                                         ev->files[ev->talks[recs[r]].video].rel,
                                         "not compared with the event's decks: too many "
                                         "recordings and decks without a pair to compare them all",
                                         "name its deck in event.json, or give both one base name");
                goto out;
        }
        m = calloc(nr * nd, sizeof(*m));
        pick = calloc(nr + 1, sizeof(*pick));
        used = calloc(nr + nd + 1, 1);
        if (!m || !pick || !used) {
                rc = DX_ENOMEM;
                goto out;
        }
        for (size_t r = 0; r < nr; r++)
                for (size_t d = 0; d < nd; d++)
                        compare(root, &ev->files[ev->talks[recs[r]].video],
                                &ev->files[ev->talks[decks[d]].slides], threads, &m[r * nd + d]);
        /* each recording's best deck, when it stands out */
        for (size_t r = 0; r < nr; r++) {
                int best = -1, second = -1;

                for (size_t d = 0; d < nd; d++) {
                        if (!matches(&m[r * nd + d]))
                                continue;
                        if (best < 0 || m[r * nd + d].score > m[r * nd + best].score) {
                                second = best;
                                best = (int)d;
                        } else if (second < 0 || m[r * nd + d].score > m[r * nd + second].score) {
                                second = (int)d;
                        }
                }
                pick[r] = best;
                if (best >= 0 && second >= 0 &&
                    m[r * nd + best].score - m[r * nd + second].score < DX_PAIR_MARGIN)
                        pick[r] = -2 - second; /* ambiguous between best and second */
                if (pick[r] <= -2) {
                        int s = -2 - pick[r];
                        char *msg = dx_asprintf("shows %s (%.2f) and %s (%.2f) alike: not paired",
                                                base(ev->files[ev->talks[decks[best]].slides].rel),
                                                m[r * nd + best].score,
                                                base(ev->files[ev->talks[decks[s]].slides].rel),
                                                m[r * nd + s].score);
                        dx_plan_note_add(ev, "no-slides", (int)recs[r],
                                         ev->files[ev->talks[recs[r]].video].rel,
                                         msg ? msg : "ambiguous", "name its deck in event.json");
                        free(msg);
                }
        }
        /* a deck two recordings show is nobody's */
        for (size_t r = 0; r < nr; r++)
                for (size_t q = r + 1; pick[r] >= 0 && q < nr; q++)
                        if (pick[q] == pick[r]) {
                                char *msg = dx_asprintf(
                                    "%s shows in this recording and in %s: not paired",
                                    base(ev->files[ev->talks[decks[pick[r]]].slides].rel),
                                    base(ev->files[ev->talks[recs[q]].video].rel));
                                dx_plan_note_add(ev, "no-slides", (int)recs[r],
                                                 ev->files[ev->talks[recs[r]].video].rel,
                                                 msg ? msg : "ambiguous",
                                                 "name its deck in event.json");
                                free(msg);
                                pick[q] = -1;
                                pick[r] = -1;
                        }
        /* what the report should say of those left alone */
        for (size_t r = 0; r < nr; r++)
                if (pick[r] >= 0)
                        used[nd + (size_t)pick[r]] = used[r] = 1;
        /* merge, last talks first so that earlier indexes hold */
        for (;;) {
                int r_last = -1;

                for (size_t r = 0; r < nr; r++)
                        if (pick[r] >= 0 && (r_last < 0 || decks[pick[r]] > decks[pick[r_last]]))
                                r_last = (int)r;
                if (r_last < 0)
                        break;
                size_t ti = recs[r_last], tj = decks[pick[r_last]];
                match *mm = &m[(size_t)r_last * nd + (size_t)pick[r_last]];
                char *msg = dx_asprintf("paired by content: %s shows %s (confidence %.2f)",
                                        base(ev->files[ev->talks[ti].video].rel),
                                        base(ev->files[ev->talks[tj].slides].rel), mm->score);

                if (note && msg)
                        note(ud, DX_NOTE_NOTICE, ev->files[ev->talks[ti].video].rel, msg);
                free(msg);
                merge(ev, ti, tj, mm->score);
                keep_result(fds, &ev->talks[ti < tj ? ti : ti - 1], mm, known, nknown);
                /* indexes past the dropped talk move down by one */
                for (size_t r = 0; r < nr; r++)
                        if (recs[r] > tj)
                                recs[r]--;
                for (size_t d = 0; d < nd; d++)
                        if (decks[d] > tj)
                                decks[d]--;
                for (size_t k = 0; k < ev->nnotes; k++)
                        if (ev->notes[k].talk > (int)tj)
                                ev->notes[k].talk--;
                pick[r_last] = -1;
        }
        for (size_t r = 0; r < nr; r++)
                if (!used[r] && pick[r] == -1 && !noted(ev, recs[r])) {
                        char *msg = dx_asprintf("none of the %zu deck%s of its event without a "
                                                "recording shows in it",
                                                nd, nd == 1 ? "" : "s");
                        dx_plan_note_add(ev, "no-slides", (int)recs[r],
                                         ev->files[ev->talks[recs[r]].video].rel,
                                         msg ? msg : "no deck shows in it",
                                         "name its deck in event.json, or give both one base name");
                        free(msg);
                }
        for (size_t d = 0; d < nd; d++)
                if (!used[nd + d]) {
                        char *msg = dx_asprintf("none of the %zu recording%s of its event without "
                                                "slides shows it",
                                                nr, nr == 1 ? "" : "s");
                        dx_plan_note_add(ev, "no-recording", (int)decks[d],
                                         ev->files[ev->talks[decks[d]].slides].rel,
                                         msg ? msg : "no recording shows it",
                                         "name its recording in event.json, or give both one "
                                         "base name");
                        free(msg);
                }
out:
        free(used);
        for (size_t i = 0; m && i < nr * nd; i++) {
                free(m[i].error);
                dx_align_result_release(&m[i].result);
        }
        free(m);
        free(pick);
        free(recs);
        free(decks);
        return rc;
}
