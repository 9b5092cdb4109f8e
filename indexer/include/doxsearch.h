/*
 * doxsearch.h - the public interface of the doxsearch indexer library.
 *
 * The library turns an archive of talk recordings and slide decks into one
 * SQLite index and answers searches over it.  It never prints and never
 * exits: failures come back as negative return codes with a message, and
 * everything worth telling a person about an input file goes through the
 * note callback of dx_ingest().
 *
 * Ownership: every object returned through an out-parameter belongs to the
 * caller and is released with the matching *_release() or *_close().
 */
#ifndef DOXSEARCH_H
#define DOXSEARCH_H

#include <stddef.h>
#include <stdint.h>

#define DX_VERSION "0.1.0"

/* Return codes.  Zero is success; all errors are negative. */
enum {
        DX_OK = 0,
        DX_ERR = -1,       /* generic failure, see the message */
        DX_ENOMEM = -2,    /* out of memory */
        DX_ENOTFOUND = -3, /* no such talk */
        DX_EAMBIG = -4,    /* more than one talk matches */
        DX_EQUERY = -5,    /* the query cannot be searched (empty, too long) */
        DX_EBUSY = -6,     /* the index is being updated by another process */
};

/* ---- talk records ------------------------------------------------------ */

typedef struct dx_speaker {
        char *name, *role, *company;
} dx_speaker;

typedef struct dx_stream {
        int index;
        char *kind; /* "video", "audio", "subtitle", "data", "attachment" */
        char *codec;
        char *language;
        int width, height;
        double fps;
        int channels, sample_rate;
        int64_t bit_rate;
} dx_stream;

typedef struct dx_tag {
        char *key, *value;
} dx_tag;

typedef struct dx_chapter {
        char *title;
        double start, end; /* seconds */
} dx_chapter;

/* One caption cue: what was said between two times, markup stripped. */
typedef struct dx_cue {
        int64_t start_ms, end_ms;
        char *text;
        char *lang; /* from the index: the captions' language, or NULL */
} dx_cue;

/* What probing a recording found: container facts, streams, tags, chapters. */
typedef struct dx_media {
        char *container;
        double duration; /* seconds, negative when unknown */
        int64_t bit_rate;
        dx_stream *streams;
        size_t nstreams;
        dx_tag *tags;
        size_t ntags;
        dx_chapter *chapters;
        size_t nchapters;
} dx_media;

/* The document information of a slide deck. */
typedef struct dx_docinfo {
        int pages;
        char *title, *author, *subject, *keywords, *created;
} dx_docinfo;

typedef struct dx_page {
        int page; /* 1-based */
        char *text;
        int ocr;      /* its text was read by OCR from the page's pixels */
        int ocr_conf; /* then: the mean confidence of its words, 0-100 */
} dx_page;

/* One talk as stored in the index.  Summary fields are always filled;
 * media, docinfo and pages only by dx_talk_get(). */
/* A file of the index as a person should know it: what it is and, when
 * the last ingest could not read it (or read it only in part), why. */
typedef struct dx_talk_file {
        char *path;  /* relative to the archive root */
        char *kind;  /* "video", "audio", "slides", "captions" */
        char *error; /* NULL when it was read */
        char *talk;  /* the talk it belongs to (dx_index_problems()), or NULL */
} dx_talk_file;

/* Free n file states and the array. */
void dx_talk_files_free(dx_talk_file *v, size_t n);

typedef struct dx_talk {
        char *id; /* stable: "<event-slug>_<talk-slug>", [a-z0-9_-] */
        char *title, *abstract, *date, *room;
        char **tags;
        size_t ntags;
        dx_speaker *speakers;
        size_t nspeakers;
        char *event_id, *event_name, *event_date;
        char **venues;
        size_t nvenues;
        double duration;      /* seconds, negative when unknown */
        char *video, *slides; /* paths relative to the archive root, or NULL */
        int pages;            /* slide page count */
        char *video_error;    /* why the recording could not be read, or NULL */

        int has_media;
        dx_media media;
        dx_docinfo docinfo;
        dx_page *page_text;
        size_t npage_text;
        dx_talk_file *files; /* its recording, slides and captions (dx_talk_get()) */
        size_t nfiles;

        /* Where the title, the speakers and the date came from: "manifest",
         * "tag" (the recording's tags), "deck-info" (the PDF's document
         * info), "title-page" (the deck's first page), "file-name", or NULL
         * when unknown (an index written before sources were kept, or no
         * speaker / no date). */
        char *title_src, *speakers_src, *date_src;
        /* How the recording and the deck were put together: "manifest",
         * "name" (same base name), "content" (the recording shows the
         * deck); NULL for a talk of one file. */
        char *paired_by;
        double pair_confidence; /* "content": the slide matcher's, 0-1; else 0 */
        size_t rec_slides;      /* slides read from its recording (a talk with no deck) */
} dx_talk;

/* Free everything a talk owns and zero it. */
void dx_talk_release(dx_talk *t);

/* A valid UTF-8 copy of s for display (bytes that are not UTF-8 are read
 * as Latin-1), to free(); NULL for NULL.  File names need not be UTF-8. */
char *dx_utf8_display(const char *s);
/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int dx_utf8_valid(const char *s, size_t n);
/* The longest prefix of s, at most max bytes, that does not end inside a
 * UTF-8 sequence (s holds at least max bytes, or is shorter than max). */
size_t dx_utf8_cut(const char *s, size_t max);
/* The days of month (1-12) of year in the Gregorian calendar. */
int dx_days_in_month(int year, int month);

/* How many words a query term's text s makes, told without an index by
 * the characters the tokenizer takes as letters (dx_text_words() runs
 * the index's own tokenizer). */
size_t dx_term_words(const char *s);

/* A file of the archive opened once and checked to lie inside it.  path
 * names the open file itself (/proc/self/fd/N), so that a reader given it
 * reads the file that was checked even if a symlink on the way to it is
 * swapped afterwards. */
typedef struct dx_pinned {
        int fd; /* -1 when closed */
        char path[32];
} dx_pinned;

/* Open path for reading and pin it: 0, or negative with *err (to free())
 * saying why ("outside the archive", "cannot read: ...") when it cannot be
 * opened, is no regular file, or resolves outside the folder root. */
int dx_pin_open(dx_pinned *p, const char *root, const char *path, char **err);
/* Close a pinned file; a closed one is left alone. */
void dx_pin_close(dx_pinned *p);

/* ---- the index --------------------------------------------------------- */

typedef struct dx_index dx_index;

/* DX_OPEN_SCRATCH: read the index at path (none there: an empty one) into
 * memory and work on that copy: writes go nowhere, no lock is taken (a dry
 * run). */
enum { DX_OPEN_READONLY = 0, DX_OPEN_WRITE = 1, DX_OPEN_SCRATCH = 2 };

/* Open (with DX_OPEN_WRITE: create) the index at path.  On failure *out is
 * NULL and *errmsg (if non-NULL) holds a message to free(). */
int dx_index_open(dx_index **out, const char *path, int flags, char **errmsg);

/* Close the index and set *idx to NULL; takes NULL. */
void dx_index_close(dx_index **idx);

/* The message of the last failed call on this handle. */
const char *dx_index_errmsg(const dx_index *idx);

/* ---- ingest ------------------------------------------------------------ */

/* DX_NOTE_NOTICE: something inferred that a person should see even when
 * not asking for details (a recording paired with a deck by content). */
typedef enum { DX_NOTE_ERROR, DX_NOTE_WARNING, DX_NOTE_INFO, DX_NOTE_NOTICE } dx_note_level;

/* Called for every problem or event worth telling; path is relative to the
 * archive's parent folder where possible (what a person typed). */
typedef void (*dx_note_fn)(void *ud, dx_note_level level, const char *path, const char *msg);

/* Called after each talk is written: done and total talks, current file. */
typedef void (*dx_progress_fn)(void *ud, size_t done, size_t total, size_t pages,
                               const char *current);

typedef enum { DX_CHANGE_ADDED, DX_CHANGE_UPDATED, DX_CHANGE_MOVED, DX_CHANGE_REMOVED } dx_change;

/* Called for every talk an ingest adds, updates, moves or removes. */
typedef void (*dx_change_fn)(void *ud, dx_change what, const char *talk_id, const char *path);

/* Which slide pages are read by OCR: those whose text layer is empty or
 * nearly so, none, or every page (its words added to the layer's). */
typedef enum { DX_OCR_AUTO = 0, DX_OCR_NEVER, DX_OCR_ALWAYS } dx_ocr_mode;

typedef struct dx_ingest_opts {
        int jobs;     /* extraction threads; <= 0 means the number of cores */
        int force;    /* re-read files even when size and mtime are unchanged */
        int dry_run;  /* report what would change: read the files as a real run
                       * does (no OCR), pair them, write nothing */
        int no_align; /* do not put the slides on the recordings' timeline */
        dx_ocr_mode ocr;
        const char *ocr_lang; /* Tesseract's languages ("eng", "deu+eng"); NULL: eng */
        dx_note_fn note;
        dx_progress_fn progress;
        dx_change_fn change;
        void *ud;
} dx_ingest_opts;

typedef struct dx_ingest_stats {
        size_t events, talks;
        size_t added, updated, moved, unchanged, removed;
        size_t files_read, files_failed, warnings;
        size_t pages;
        size_t ocr_pages, ocr_cached; /* pages read by OCR; of them, from the index's cache */
        size_t aligned, align_not_shown, align_failed; /* talks put on the timeline */
        /* talks whose recording was read for slides (no deck), the slides
         * found, the recordings that could not be read */
        size_t rec_talks, rec_slides, rec_failed;
        size_t align_low; /* of aligned, those with low confidence */
        size_t unwritten; /* talks of the events a fatal error kept out of the index */
} dx_ingest_stats;

/* Scan the archive at dir and bring the index up to date with it, one
 * event per transaction.  Returns 0 when every file was read, 1 when some
 * files failed (reported through opts->note), negative on a fatal error
 * such as a full disk: the events written before it stay in the index and
 * in *stats, the event being written is rolled back, and it and those
 * after it are counted in stats->unwritten. */
int dx_ingest(dx_index *idx, const char *dir, const dx_ingest_opts *opts, dx_ingest_stats *stats);

typedef struct dx_prune_stats {
        size_t talks, files, events, speakers;
} dx_prune_stats;

/* One thing prune deletes (or would): kind is "talk" (name: its id and
 * title), "file" (its path in the archive), "event" (its folder) or
 * "speaker" (the name). */
typedef void (*dx_prune_fn)(void *ud, const char *kind, const char *name);

/* Delete what ingest marked as removed (talks, files and events that left
 * the archive) and speakers with no talk left, each named to each (when
 * not NULL) first.  dry_run names and counts, and deletes nothing. */
int dx_prune(dx_index *idx, int dry_run, dx_prune_fn each, void *ud, dx_prune_stats *out);

/* ---- queries ----------------------------------------------------------- */

typedef enum {
        DX_FIELD_ANY = 0,
        DX_FIELD_TITLE,
        DX_FIELD_SPEAKERS,
        DX_FIELD_COMPANY,
        DX_FIELD_EVENT,
        DX_FIELD_ABSTRACT,
        DX_FIELD_TAGS,
        DX_FIELD_SLIDES,
        DX_FIELD_CAPTIONS,
        DX_FIELD_CHAPTERS,
        DX_FIELD_COUNT
} dx_field;

/* The name of a field as used in queries and JSON ("title", "slides", ...). */
const char *dx_field_name(dx_field f);

/* One query term: a word or a phrase of words, optionally a prefix, and
 * optionally restricted to a field.  Text is what the person typed; the
 * index tokenizes it.  Terms are ANDed, except that a term with or_next is
 * ORed with the next one (OR binds tighter than AND: "a b OR c" is
 * a AND (b OR c)); negated terms leave out the talks that have them. */
typedef struct dx_term {
        char *text;
        dx_field field;
        int prefix;
        int quoted;  /* typed as "a phrase" */
        int negate;  /* -word, NOT word */
        int or_next; /* ORed with the next term */
} dx_term;

/* Filters on the catalogue, all of which must hold (DX_HAS_*). */
enum {
        DX_HAS_VIDEO = 1,     /* a video recording */
        DX_HAS_AUDIO = 2,     /* an audio-only recording */
        DX_HAS_RECORDING = 4, /* either */
        DX_HAS_SLIDES = 8,
        DX_HAS_CAPTIONS = 16, /* captions, sidecar or embedded */
};

#define DX_DATE_MAX 16
#define DX_LANG_MAX 16

typedef struct dx_query {
        dx_term *terms;
        size_t nterms, alloc;
        /* The talk's date (else its event's) compared as text, so a bound
         * may be "2019", "2019-06" or "2019-06-01"; "" for none. */
        char from[DX_DATE_MAX];  /* on or after */
        char until[DX_DATE_MAX]; /* before */
        double longer, shorter;  /* seconds, 0 for none */
        unsigned has;            /* DX_HAS_* */
        char lang[DX_LANG_MAX];  /* captions in this language ("en", "pt-BR"), "" for any */
} dx_query;

/* Append a term (the text is copied). */
int dx_query_add(dx_query *q, const char *text, size_t len, dx_field field, int prefix);
/* A deep copy of src into dst. */
int dx_query_copy(dx_query *dst, const dx_query *src);
/* Whether the query filters on the catalogue. */
int dx_query_has_filters(const dx_query *q);
void dx_query_release(dx_query *q);

typedef struct dx_hit {
        dx_field field;
        int page; /* slide page, 0 when the hit is not on a slide */
        char *snippet;
        double start_s, end_s;  /* a caption hit: when it was said; a chapter's start;
                                   a slide hit: when the page was first on screen */
        char *lang;             /* a caption hit: its language, or NULL */
        double (*on_screen)[2]; /* a slide hit: when the page was on screen, in order */
        size_t non_screen;
        int ocr;            /* a slide hit: the page's text was read by OCR */
        int from_recording; /* a slide hit: a slide read from the recording (no deck) */
} dx_hit;

#define DX_MAX_HITS 3

typedef struct dx_result {
        dx_talk talk;
        double score; /* higher is better */
        dx_hit hits[DX_MAX_HITS];
        size_t nhits;
} dx_result;

typedef struct dx_results {
        dx_result *v;
        size_t n;
        size_t total; /* matches in the whole index, not only this page */
} dx_results;

typedef enum {
        DX_SORT_RELEVANCE = 0,
        DX_SORT_DATE,     /* newest first */
        DX_SORT_DURATION, /* longest first */
} dx_sort;

typedef struct dx_search_opts {
        size_t limit, offset;
        const char *mark_open, *mark_close; /* around matched words in snippets */
        dx_sort sort;
} dx_search_opts;

/* Run a query.  A query of filters only lists the talks that pass them,
 * newest first.  DX_EQUERY (with a message) when it has nothing to search
 * for or only excludes. */
int dx_search(dx_index *idx, const dx_query *q, const dx_search_opts *opts, dx_results *out);
void dx_results_release(dx_results *r);

/* Spelling help: a copy of q in *fixed where each word of four letters or
 * more that is in no talk is replaced by the closest indexed word (at most
 * one or two edits, sharing its first letter), as it appears in the talks
 * (lower case).  Returns
 * 1 when a word was replaced, 0 when there is nothing to suggest (*fixed
 * is then empty), negative on error. */
int dx_query_suggest(dx_index *idx, const dx_query *q, dx_query *fixed);

/* Every talk, newest event first (summary fields only). */
int dx_talk_list(dx_index *idx, dx_talk **out, size_t *n);
void dx_talks_free(dx_talk *v, size_t n);

/* One talk with everything: its id, or a unique part of its id or title.
 * DX_ENOTFOUND or DX_EAMBIG (then *candidates lists the ids). */
int dx_talk_get(dx_index *idx, const char *which, dx_talk *out, char **candidates);

/* The caption cues of a talk (by its id), by language then time; free
 * them with dx_transcript_free(). */
int dx_talk_transcript(dx_index *idx, const char *id, dx_cue **out, size_t *n);
void dx_transcript_free(dx_cue *v, size_t n);

typedef struct dx_index_stats {
        int64_t events, talks, speakers, files, failed_files, pages, videos, slide_decks;
        int64_t cues, captioned; /* caption cues; talks that have some */
        double hours;
        int64_t db_bytes;
        int schema_version;
} dx_index_stats;

int dx_index_stats_get(dx_index *idx, dx_index_stats *out);

/* The files of the archive that the last ingest could not read (those
 * stats count as with problems), by path, each with its talk. */
int dx_index_problems(dx_index *idx, dx_talk_file **out, size_t *n);

/* ---- what the archivist must fix ---------------------------------------- */

/* One thing to fix in the archive.  kind is one of "failed", "no-slides",
 * "no-recording", "not-shown", "no-text", "untitled", "no-speaker",
 * "name-variants", "duplicate", "dangling", "length-mismatch"; talk (an id)
 * and file (relative to the archive root) are NULL when it concerns none;
 * suggestion (what to do, "did you mean ...") may be NULL. */
typedef struct dx_problem {
        char *kind, *talk, *file, *message, *suggestion;
} dx_problem;

/* Everything the index knows that the archivist should fix, grouped by
 * kind in the order above, for the events inside the given folders (real
 * or as typed; every event when nroots is 0).  An event folder the index
 * does not know is reported through *err as "not ingested" (to free()),
 * the others are still listed. */
int dx_index_report(dx_index *idx, const char *const *roots, size_t nroots, dx_problem **out,
                    size_t *n, char **err);
void dx_problems_free(dx_problem *v, size_t n);

/* An event.json draft for an event folder of the index, made of what was
 * found and inferred: its talks with their files, titles, speakers and
 * dates.  path is the folder's real path; json the manifest text. */
typedef struct dx_draft {
        char *path, *json;
        size_t talks;
} dx_draft;

/* The drafts of every event inside the folder dir (an archive or an event
 * folder), in archive order.  DX_ENOTFOUND when the index holds no event
 * there (ingest it first). */
int dx_manifest_drafts(dx_index *idx, const char *dir, dx_draft **out, size_t *n);
void dx_drafts_free(dx_draft *v, size_t n);

/* ---- slides on the timeline -------------------------------------------- */

typedef enum {
        DX_ALIGN_SHOWN = 0,     /* the spans say when each page was on screen */
        DX_ALIGN_NOT_SHOWN = 1, /* the video never shows these slides (camera only, other deck) */
} dx_align_status;

typedef struct dx_align_opts {
        int threads;        /* decoder threads; <= 0: as many as cores */
        double max_key_gap; /* seconds; keyframes further apart are decoded in between (0: 12) */
        const char *video_name, *pdf_name; /* the files as messages name them (NULL: the paths) */
} dx_align_opts;

/* One stretch of the recording during which one page was on screen. */
typedef struct dx_slide_span {
        int page; /* 1-based */
        double start_s, end_s;
        double confidence; /* 0-1: how far beyond chance the frames match the page */
} dx_slide_span;

typedef struct dx_align_result {
        dx_align_status status;
        int pages;            /* pages of the deck that were matched */
        int *same_as;         /* per page (index page - 1): the first page identical to it */
        dx_slide_span *spans; /* in time order; between spans no slide is shown */
        size_t nspans;
        double duration;    /* of the recording, seconds */
        double area[4];     /* where the slide is: x, y, width, height as shares of the frame */
        double area_score;  /* how clearly one page won there (mean margin) */
        double area_chance; /* ... and on the frames turned half a turn (chance) */
        double confidence;  /* 0-1: the spans' confidence, weighted by their length */
        int early;          /* 1: found not shown at the first look (sampled frames only) */
        double decode_s, match_s, total_s; /* seconds spent */
        double geometry_s;                 /* of match_s, finding the area */
        size_t keyframes, frames_decoded, frames_matched;
} dx_align_result;

/* A timeline whose confidence (dx_align_result.confidence, or the
 * length-weighted mean of its spans') is under this is said to be
 * uncertain rather than presented as fact. */
#define DX_ALIGN_LOW_CONFIDENCE 0.75

/* Find when each page of the PDF at pdf was on screen in the recording at
 * video.  0 on success (see out->status); otherwise negative, and *errmsg
 * (if non-NULL; to free()) names the file and the reason. */
int dx_align(const char *video, const char *pdf, const dx_align_opts *opts, dx_align_result *out,
             char **errmsg);
void dx_align_result_release(dx_align_result *r);

/* The times page (1-based) was on screen, it or a page identical to it,
 * merged and in order: at most max intervals into iv; returns how many. */
size_t dx_align_on_screen(const dx_align_result *r, int page, double (*iv)[2], size_t max);

/* What the index knows of a talk's slides on its recording's timeline. */
typedef enum {
        DX_TIMELINE_SHOWN,     /* spans say when each page was on screen */
        DX_TIMELINE_NOT_SHOWN, /* the recording never shows the slides */
        DX_TIMELINE_FAILED,    /* the alignment failed: see error */
        DX_TIMELINE_NONE,      /* not aligned (no recording or no slides, or --no-align) */
} dx_timeline_status;

typedef struct dx_timeline {
        dx_timeline_status status;
        char *error;
        dx_slide_span *spans; /* in time order */
        size_t n;
        int from_recording; /* the talk has no deck: its slides were read from
                               its recording (pages: dx_talk_rec_slides()) */
} dx_timeline;

/* "shown", "not shown" or "failed". */
const char *dx_timeline_status_name(dx_timeline_status s);
/* The slide timeline of the talk with id (as dx_talk.id). */
int dx_talk_timeline(dx_index *idx, const char *id, dx_timeline *out);
void dx_timeline_release(dx_timeline *t);

/* A slide read from a talk's recording (the talk has no deck): its page
 * (in order of first appearance), its words, their mean OCR confidence
 * (0-100) and the time of the frame they were read from. */
typedef struct dx_rec_slide {
        int page;
        char *text;
        double conf;
        double frame_s;
} dx_rec_slide;

/* The slides read from the recording of the talk with id, in page order
 * (when each was on screen: dx_talk_timeline()).  *n 0 when none. */
int dx_talk_rec_slides(dx_index *idx, const char *id, dx_rec_slide **out, size_t *n);
void dx_rec_slides_free(dx_rec_slide *v, size_t n);

/* ---- what exporters need ------------------------------------------------ */

/* The files a talk is made of, for exporters that read them again (slide
 * thumbnails, poster frames).  Paths are relative to root; a hash changes
 * when the file's content does, so it names cached renderings. */
typedef struct dx_sources {
        char *root;                            /* the archive's folder, a real path */
        char *video, *video_hash, *video_kind; /* kind: "video" or "audio"; NULL when none */
        char *slides, *slides_hash;            /* NULL when none */
} dx_sources;

/* The sources of the talk with this id (exact).  DX_ENOTFOUND when none. */
int dx_talk_sources(dx_index *idx, const char *id, dx_sources *out);
void dx_sources_release(dx_sources *s);

/* Called for every occurrence of an indexed word in the searchable fields
 * of a talk that is not removed: the word as stored (a stem, lower case,
 * no accents), the talk, the field and the word's position in it (0-based,
 * in words).  Non-zero stops the walk and is returned. */
typedef int (*dx_posting_fn)(void *ud, const char *term, const char *talk_id, dx_field field,
                             int offset);

/* Walk every word occurrence of the talks' search index, term by term (in
 * byte order), then talk, field and offset.  What a search engine outside
 * SQLite needs to rank as dx_search() does (with dx_rank_params()). */
int dx_index_postings(dx_index *idx, dx_posting_fn fn, void *ud);

/* How many words (positions) the index makes of text: a talk's slides
 * field is its pages' texts one after the other, so their counts say where
 * each page starts.  Negative on error. */
int dx_text_words(dx_index *idx, const char *text);

/* How many words (positions) the index makes of each of the talk's pages,
 * in words[k] for t->page_text[k]: as dx_text_words(), but a line the deck
 * repeats on many pages counts on the first page it stands on only, as
 * the index has it (schema 6 on).  0, or negative on error. */
int dx_talk_page_words(dx_index *idx, const dx_talk *t, int *words);

/* The constants of dx_search()'s ranking, for other implementations of
 * it: BM25's k1 and b, the weight of each field (index by dx_field; ANY
 * is 0), and the nearness bonus of words typed side by side (near, in
 * units of their mean IDF, up to near_gap words apart). */
typedef struct dx_rank_params {
        double k1, b;
        double weight[DX_FIELD_COUNT];
        double near;
        int near_gap;
        double tf_cap; /* a phrase's weighted frequency stops growing here */
} dx_rank_params;

void dx_rank_params_get(dx_rank_params *out);

/* ---- renderings (doxsearch-ingest only: poppler, cairo, FFmpeg) --------- */

/* Render every page of the PDF at path as a PNG width pixels wide, into
 * dir/<N>.png (N from 1), each written to a temporary name and renamed;
 * fd, when not -1, is path opened (a dx_pinned's fd and path), and that
 * file is what is rendered.  *pages gets the page count.  0, or negative
 * with *errmsg (to free()). */
int dx_render_slides(const char *path, int fd, int width, const char *dir, int *pages,
                     char **errmsg);

/* Decode the frame of the video at path nearest to at_fraction of its
 * length (0.1: a tenth in) and write it as a PNG width pixels wide to out
 * (through a temporary name).  0, or negative with *errmsg (to free()). */
int dx_render_poster(const char *path, double at_fraction, int width, const char *out,
                     char **errmsg);
/* The same for the frame at seconds into the video (a slide read from
 * the recording: dx_rec_slide.frame_s). */
int dx_render_frame(const char *path, double seconds, int width, const char *out, char **errmsg);

#endif /* DOXSEARCH_H */
