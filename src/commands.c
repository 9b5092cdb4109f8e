/*
 * commands.c - the command table: every command of doxsearch with its
 * options, its arguments and its help.  Usage lines, option lists and
 * `doxsearch COMMAND --help` are made from this table (cli.c), so an
 * option added here is parsed and documented at once.  --db and --help
 * are every command's and are not repeated.
 *
 * Short options mean one thing everywhere: -n is --dry-run (as in git,
 * make and rsync), -q --quiet, -v --verbose, -j --jobs.
 */
#include "cli.h"

static const cli_opt ingest_opts[] = {
    {"jobs", 'j', "N", OPT_JOBS, "extraction threads (default: number of cores)"},
    {"force", 0, NULL, OPT_FORCE, "read every file again, even when unchanged"},
    {"dry-run", 'n', NULL, OPT_DRY_RUN,
     "list what would be added, updated, moved and removed;\nread and write nothing"},
    {"no-align", 0, NULL, OPT_NO_ALIGN,
     "do not work out when each slide is on screen in the\nrecording (by default talks with "
     "both are aligned once)"},
    {"align", 0, NULL, OPT_ALIGN, NULL},
    {"ocr", 0, "MODE", OPT_OCR,
     "read slide pages by OCR: auto (default: pages with no\ntext layer, or nearly none), never, "
     "always"},
    {"ocr-lang", 0, "LANG", OPT_OCR_LANG,
     "Tesseract's languages for OCR (default eng; deu+eng:\nboth)"},
    {"quiet", 'q', NULL, OPT_QUIET, "no progress line and no summary"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "one line per file read and per talk changed"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt search_opts[] = {
    {"json", 0, NULL, OPT_JSON, "machine-readable output (see README)"},
    {"limit", 0, "N", OPT_LIMIT, "show at most N talks (default 10)"},
    {"offset", 0, "N", OPT_OFFSET, "skip the first N talks"},
    {"sort", 0, "KEY", OPT_SORT,
     "relevance (default), date (newest first) or duration\n(longest first)"},
    {"fuzzy", 0, NULL, OPT_FUZZY, "search the suggested spelling even when the query found talks"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt show_opts[] = {
    {"json", 0, NULL, OPT_JSON, "the whole record: streams, tags, chapters, page texts"},
    {"transcript", 0, NULL, OPT_TRANSCRIPT,
     "the talk's captions with their times (--json: the cues)"},
    {"timeline", 0, NULL, OPT_TIMELINE, "when each slide was on screen in the recording"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt list_opts[] = {
    {"json", 0, NULL, OPT_JSON, "{\"talks\": [...]} with the fields of a search result"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt stats_opts[] = {
    {"json", 0, NULL, OPT_JSON, "machine-readable output"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt report_opts[] = {
    {"json", 0, NULL, OPT_JSON,
     "{\"problems\": [{kind, talk, file, message, suggestion}],\n\"counts\": {kind: n}}"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt manifest_opts[] = {
    {"force", 'f', NULL, OPT_FORCE, "write over an existing event.json"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt prune_opts[] = {
    {"dry-run", 'n', NULL, OPT_DRY_RUN, "name what would be deleted; delete nothing"},
    {"quiet", 'q', NULL, OPT_QUIET, "only the counts, not the names"},
    {NULL, 0, NULL, 0, NULL},
};

static const cli_opt export_opts[] = {
    {"per-page", 0, NULL, OPT_PER_PAGE, "ndjson, es-bulk: one document per slide page, id TALK-pN"},
    {"index", 0, "NAME", OPT_INDEX, "es-bulk: the index to load into (default talks)"},
    {"base-url", 0, "URL", OPT_BASE_URL,
     "site: where the site will be served (absolute links in\nthe feed, link previews and "
     "structured data)"},
    {"media-url", 0, "URL", OPT_MEDIA_URL,
     "site: where the archive's files are served (absolute, or\nrelative to the site's root); "
     "a talk's page plays\nURL + its recording's path in the archive"},
    {"thumb-width", 0, "N", OPT_THUMB_WIDTH, "site: slide thumbnail width in pixels (default 320)"},
    {"title", 0, "TEXT", OPT_TITLE, "site: the site's name (default \"Talk archive\")"},
    {"quiet", 'q', NULL, OPT_QUIET, "site: no summary line"},
    {NULL, 0, NULL, 0, NULL},
};

const command cli_commands[] = {
    {"ingest", cmd_ingest, "DIR...", "index an archive of talks (or one event folder)", ingest_opts,
     "DIR is an archive (a folder of event folders) or a single event folder.\n"
     "Each event folder may hold event.json; other files are paired by base\n"
     "name (talk.mp4 + talk.pdf).  Unchanged files are not read again; a\n"
     "renamed file keeps its talk.  Talks whose files are gone are marked\n"
     "removed (hidden from search) until 'doxsearch prune'.\n"
     "Exit status: 0 all read, 1 some files could not be read, 2 trouble.\n",
     0},
    {"prune", cmd_prune, NULL, "delete talks and files that ingest marked as removed", prune_opts,
     "Talks, files and events that left the archive stay in the index, hidden,\n"
     "so that an unmounted disk loses nothing.  prune deletes them for good.\n",
     0},
    {"search", cmd_search, "QUERY...", "find talks (the default when the first word is no command)",
     search_opts,
     "Query: words are ANDed; a OR b; -word or NOT word excludes; \"a phrase\"; deploy*;\n"
     "fields title: speaker: company: event: abstract: tag: slides: captions:\n"
     "(speaker:\"slava kalmykov\");\n"
     "filters year:2020 after:2019-06 before:2020-02-01 longer:30m shorter:1h\n"
     "has:video|audio|slides|captions.  Case and accents do not matter; a misspelt\n"
     "word gets a suggestion.  A first word starting with '--' needs -- before it.\n"
     "Exit status: 0 found, 1 nothing found, 2 trouble.\n",
     1},
    {"show", cmd_show, "TALK", "everything the index knows about one talk", show_opts,
     "TALK is a talk id (as search and list print it) or a unique part of\n"
     "an id or title.\n",
     0},
    {"list", cmd_list, NULL, "every talk, newest event first", list_opts, NULL, 0},
    {"stats", cmd_stats, NULL, "what the index holds", stats_opts, NULL, 0},
    {"report", cmd_report, "[DIR...]",
     "what the archivist must fix: failed files, unpaired talks, names, duplicates", report_opts,
     "Lists, grouped by kind: files that failed, recordings without slides and\n"
     "slides without a recording, recordings that do not show their slides, decks\n"
     "without a text layer, talks titled by their file name or without a speaker,\n"
     "one speaker spelled two ways or at two companies, files with the same\n"
     "content, manifest paths that point nowhere (with the closest file), and\n"
     "lengths that disagree with the manifest's schedule.  DIR limits it to the\n"
     "events in those folders.\n"
     "Exit status: 0 nothing to fix, 1 something to fix, 2 trouble.\n",
     0},
    {"manifest", cmd_manifest, "DIR", "write event.json drafts from what ingest found and inferred",
     manifest_opts,
     "Writes DIR/<event>/event.json for each event folder of DIR in the index, with\n"
     "its talks as ingest paired and named them; run doxsearch ingest DIR first.\n"
     "Ingesting with the drafts gives the same talks.  Each file written is named.\n"
     "Exit status: 0 all written, 1 some kept (they exist), 2 trouble.\n",
     0},
    {"export", cmd_export, "json|ndjson|es-bulk|site OUT",
     "write every talk to a file for a website or a search engine, or a static site", export_opts,
     "Formats:\n"
     "  json       events newest first with their talks, chapters and page texts\n"
     "             (shape: doc/export.schema.json); same index, same bytes\n"
     "  ndjson     one document per talk per line (Meilisearch, Typesense, jq)\n"
     "  es-bulk    Elasticsearch/OpenSearch _bulk: action line + document line\n"
     "  site       a static site in the folder OUT: index.html, a page per talk\n"
     "             and per speaker, slide thumbnails, poster frames, an Atom feed\n"
     "             and a search box that needs no server (see README)\n"
     "\n"
     "OUT is written to a temporary file beside it, then renamed; its folder must\n"
     "exist.  OUT - writes to standard output.  Text fields of search documents\n"
     "stop at 65,535 words (a warning says so; --per-page avoids it).\n"
     "Site thumbnails are kept by the content hash of their deck: a re-export\n"
     "renders only new or changed decks.\n"
     "Exit status: 0 written, 1 written but some files could not be rendered,\n"
     "2 usage error or trouble.\n",
     0},
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);
