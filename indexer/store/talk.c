/*
 * talk.c - the records the index hands out: freeing talks, media facts and
 * document info, and the names of file kinds.  Kept apart from probe.c and
 * slides.c so that reading the index needs neither FFmpeg nor poppler.
 */
#include "dx_store.h"

#include <stdlib.h>
#include <string.h>

const char *dx_kind_name(dx_kind k)
{
        switch (k) {
        case DX_KIND_VIDEO:
                return "video";
        case DX_KIND_AUDIO:
                return "audio";
        case DX_KIND_SLIDES:
                return "slides";
        case DX_KIND_CAPTIONS:
                return "captions";
        default:
                return "other";
        }
}

void dx_media_release(dx_media *m)
{
        if (!m)
                return;
        free(m->container);
        for (size_t i = 0; i < m->nstreams; i++) {
                free(m->streams[i].kind);
                free(m->streams[i].codec);
                free(m->streams[i].language);
        }
        free(m->streams);
        for (size_t i = 0; i < m->ntags; i++) {
                free(m->tags[i].key);
                free(m->tags[i].value);
        }
        free(m->tags);
        for (size_t i = 0; i < m->nchapters; i++)
                free(m->chapters[i].title);
        free(m->chapters);
        memset(m, 0, sizeof(*m));
        m->duration = -1;
}

void dx_docinfo_release(dx_docinfo *i)
{
        if (!i)
                return;
        free(i->title);
        free(i->author);
        free(i->subject);
        free(i->keywords);
        free(i->created);
        memset(i, 0, sizeof(*i));
}

void dx_talk_files_free(dx_talk_file *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].path);
                free(v[i].kind);
                free(v[i].error);
                free(v[i].talk);
        }
        free(v);
}

void dx_talk_release(dx_talk *t)
{
        if (!t)
                return;
        free(t->id);
        free(t->title);
        free(t->abstract);
        free(t->date);
        free(t->room);
        dx_strv_free(t->tags, t->ntags);
        for (size_t i = 0; i < t->nspeakers; i++) {
                free(t->speakers[i].name);
                free(t->speakers[i].role);
                free(t->speakers[i].company);
        }
        free(t->speakers);
        free(t->event_id);
        free(t->event_name);
        free(t->event_date);
        dx_strv_free(t->venues, t->nvenues);
        free(t->video);
        free(t->slides);
        dx_media_release(&t->media);
        dx_docinfo_release(&t->docinfo);
        for (size_t i = 0; i < t->npage_text; i++)
                free(t->page_text[i].text);
        free(t->page_text);
        free(t->video_error);
        dx_talk_files_free(t->files, t->nfiles);
        free(t->title_src);
        free(t->speakers_src);
        free(t->date_src);
        free(t->paired_by);
        memset(t, 0, sizeof(*t));
}

void dx_talks_free(dx_talk *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                dx_talk_release(&v[i]);
        free(v);
}
