/*
 * render.h - how talks and search results look: for people (plain text,
 * coloured on a terminal) and for programs (JSON, via jansson).
 */
#ifndef DX_RENDER_H
#define DX_RENDER_H

#include "doxsearch.h"

#include <jansson.h>
#include <stdio.h>

/* How render_text() treats what it is given. */
enum {
        RENDER_LINES = 1, /* keep line breaks and tabs (an abstract, a table) */
        RENDER_MARKS = 2, /* \x02 and \x03 open and close a match: "[" and "]" */
        RENDER_COLOR = 4, /* ... and a match is in bold red instead */
};

/* Write text from an archive or a person (titles, names, snippets, file
 * names, messages) for a person to read: bytes that are not UTF-8 are read
 * as Latin-1, tabs and line breaks become spaces, and every other control
 * character (C0, DEL, C1) and every bidi override or isolate becomes
 * U+FFFD, so nothing in an archive can move the cursor, retitle or clear
 * the terminal, or reorder what is shown. */
void render_text(FILE *f, const char *s, unsigned flags);

/* A JSON string of s, read as Latin-1 where it is not UTF-8 (file names
 * need not be); "" for NULL.  The _or_null form gives null for NULL or "". */
json_t *render_json_text(const char *s);
json_t *render_json_text_or_null(const char *s);
/* A JSON array of strings, each as render_json_text() makes it. */
json_t *render_json_strv(char **v, size_t n);

/* The summary object shared by search results and list entries. */
json_t *render_talk_json(const dx_talk *t);
/* Add "sources" (where title, speakers and date came from) and, for a
 * talk of a recording and a deck, "paired_by" to a talk's JSON. */
void render_talk_sources(json_t *o, const dx_talk *t);
/* A time in a recording as m:ss or h:mm:ss. */
void render_clock(char *out, size_t n, double seconds);
json_t *render_result_json(const dx_result *r);
/* Everything: streams, tags, chapters, document info, page texts. */
json_t *render_talk_full_json(const dx_talk *t);
/* Files as [{"path", "kind", "error"}] (error null when read), plus "talk"
 * when with_talk. */
json_t *render_files_json(const dx_talk_file *v, size_t n, int with_talk);
/* "  KIND     PATH" or "  KIND     PATH: REASON" for a file that failed. */
void render_file_line(FILE *f, const dx_talk_file *s, int color);
/* Print JSON followed by a newline; 0 or -1. */
int render_json_print(FILE *f, json_t *j);

void render_result(FILE *f, const dx_result *r, size_t rank, int color);
void render_talk_line(FILE *f, const dx_talk *t, int color);
void render_talk_full(FILE *f, const dx_talk *t, int color);
/* "1:02:03", "7:00" or "?" */
void render_duration(char *buf, size_t n, double seconds);

#endif
