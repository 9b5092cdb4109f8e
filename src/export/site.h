/*
 * site.h - the static site of an archive (`doxsearch export site`): pages
 * for people, renderings of slides and recordings, an Atom feed, and the
 * chunked search index that the site's own search script reads.  Linked
 * only into doxsearch-ingest: thumbnails need poppler, posters FFmpeg.
 */
#ifndef DX_SITE_H
#define DX_SITE_H

#include "doxsearch.h"

#include <stddef.h>
#include <stdio.h>

typedef struct site_opts {
        const char *base_url;  /* absolute URL of the site, or NULL */
        const char *media_url; /* where the recordings are served, or NULL */
        const char *title;     /* the site's name, or NULL for "Talk archive" */
        int thumb_width;       /* pixels */
        /* Told of every file that could not be rendered (path as the
         * archive has it) and of progress; may be NULL. */
        void (*note)(void *ud, int error, const char *path, const char *msg);
        void *ud;
} site_opts;

typedef struct site_stats {
        size_t events, talks, speakers, pages_html;
        size_t decks_rendered, decks_cached, thumbs;
        size_t posters_rendered, posters_cached;
        size_t failed; /* decks and recordings that could not be rendered */
        size_t index_bytes, index_files;
} site_stats;

/* One talk as the site shows it: the record, its sources, and where its
 * renderings are (relative to OUTDIR). */
typedef struct site_talk {
        dx_talk t;
        dx_sources src;
        char *file;       /* the page is talks/<file>.html (site_file_name() of the id) */
        char *thumb_dir;  /* "slides/<hash>", NULL when no thumbnails */
        int thumbs;       /* how many pages were rendered */
        char *poster;     /* "posters/<hash>.png", or NULL */
        char *text_dir;   /* "text/<hash>": <K>.json, each slide's text; or NULL */
        int has_captions; /* cues in the index */
        char **cue_langs; /* their languages (cues without one are not counted) */
        size_t ncue_langs;
        size_t *speaker_ix;   /* index into site_speakers, per speaker */
        dx_timeline timeline; /* when each slide was on screen */
        dx_cue *cues;         /* the captions, by language then time */
        size_t ncues;
        char **tracks; /* per caption language (cue_langs, then one for cues
                        * without a language when there are some): its WebVTT
                        * file, "captions/<file>-K.vtt" */
        size_t ntracks;
        char *cues_json; /* "captions/<file>.json": the cues for the search */
} site_talk;

typedef struct site_speaker {
        char *name, *slug; /* the page is speakers/<slug>.html; slug fits a file name */
        size_t *talks;     /* indexes into the talks, newest first */
        size_t ntalks;
} site_speaker;

typedef struct site {
        const site_opts *o;
        const char *outdir; /* where the site is being written (a new folder) */
        const char *olddir; /* the site it replaces, for its renderings; or NULL */
        const char *shown;  /* OUTDIR as given, for messages */
        site_talk *talks;   /* newest event first, as dx_talk_list() */
        size_t ntalks;
        site_speaker *speakers; /* by name */
        size_t nspeakers;
} site;

/* Write the whole site into outdir (created if missing).  0 when all was
 * written, 1 when some renderings failed (told through o->note), negative
 * when the site could not be written; then *errmsg (to free()) says why. */
int site_export(dx_index *idx, const char *outdir, const site_opts *o, site_stats *st,
                char **errmsg);

/* ---- site.c: output ------------------------------------------------------ */

/* Write len bytes to outdir/rel.  rel is made by the exporter of safe
 * names only; 0 or -1 with *errmsg. */
int site_write(const site *s, const char *rel, const char *data, size_t len, char **errmsg);

/* The file name for id, to which ext is added: id itself when both fit
 * in NAME_MAX bytes, else id cut at a UTF-8 boundary with "-" and a hash
 * of the whole id after it, so that long ids still differ.  To free(). */
char *site_file_name(const char *id, const char *ext);

/* Tell that a link to path was left out, naming the talk when given. */
void site_url_dropped(const site *s, const site_talk *talk, const char *path);

/* ---- site_html.c: pages ------------------------------------------------- */

/* text HTML-escaped (also quotes, for attributes); NULL writes nothing. */
void html_text(FILE *f, const char *s);

/* Whether u may be written as a link: http or https, or a relative
 * reference that no browser reads as having a scheme, without spaces or
 * control characters.  The one rule for every URL the site writes (pages,
 * feed, search index); search.js has its twin, urlOk(). */
int site_url_ok(const char *u);

/* The URL of base (a URL as given: --media-url, --base-url, the way up to
 * the site's root; may be NULL), a '/' when base lacks one, path (names of
 * the archive and the exporter: percent-encoded, ':', '?', '#' and '%'
 * too, so that no part of them reads as a scheme, query or fragment) and
 * frag ("#t=12", as is).  NULL when that is not site_url_ok() (or out of
 * memory); to free(). */
char *site_url(const char *base, const char *path, const char *frag);

/* A URL made by site_url() for an HTML or XML attribute ('&' escaped). */
void html_url(FILE *f, const char *u);

int site_write_pages(const site *s, site_stats *st, char **errmsg);
int site_write_feed(const site *s, char **errmsg);

/* The site's name: --title or "Talk archive". */
const char *site_name(const site *s);

/* ---- site_player.c: the player, captions, key moments ------------------- */

/* The URL of path (a file of the archive) under --media-url, as a page in
 * the folder root ("../", "") links it: an absolute --media-url as it is,
 * a relative one from the site's root.  NULL without --media-url or when
 * that is no URL to write; to free(). */
char *site_media_url(const site *s, const char *root, const char *path, const char *frag);

/* The absolute URL of rel (a path from the site's root) under --base-url,
 * or without it the URL from a page in talks/ ("../rel"); to free(), NULL
 * when that is no URL to write. */
char *site_page_url(const site *s, const char *rel, const char *frag);

/* Whether the talk's page plays its recording: it has one that could be
 * read and --media-url makes a URL of it. */
int site_talk_played(const site *s, const site_talk *st);

/* "#t=12", "#t=12.5": the fragment that makes a talk page play from
 * seconds. */
void site_frag_t(char *out, size_t n, double seconds);

/* Write the captions of st as WebVTT, one file per language
 * (captions/<file>-K.vtt, cue text escaped), and note them in st->tracks. */
int site_write_tracks(const site *s, site_talk *st, char **errmsg);

/* The player of a talk page: the <video> or <audio> (data-dx-player) with a
 * caption <track> per language, the slide on screen (data-dx-current-slide)
 * and the timeline for player.js, the links to the recording and the deck,
 * the chapters and the transcript. */
void site_player(FILE *f, const site *s, const site_talk *st, int media);

/* The <head> lines of a talk page for link previews (Open Graph, Twitter)
 * and search engines (a JSON-LD VideoObject whose hasPart are the slide
 * changes and chapters, with its Event and Persons). */
void site_talk_meta(FILE *f, const site *s, const site_talk *st, int media);

/* ---- site_search.c: the search index ------------------------------------ */

/* Write the index into outdir/dir (which has c/, t/ and v/). */
int site_write_search(const site *s, dx_index *idx, const char *dir, site_stats *st, char **errmsg);

/* ---- site_assets.c (generated from src/export/site/) --------------------------- */

typedef struct site_asset {
        const char *name; /* "search.js", "style.css" */
        const unsigned char *data;
        size_t len;
} site_asset;

extern const site_asset site_assets[];
extern const size_t site_nassets;

#endif /* DX_SITE_H */
