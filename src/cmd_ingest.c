/*
 * cmd_ingest.c - `doxsearch ingest DIR...`: bring the index up to date with
 * one or more archives, reporting every file that could not be read, with a
 * progress line on a terminal and a summary at the end.
 */
#include "cli.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct ingest_ui {
        const cli *c;
        int quiet, verbose, dry_run, progress_shown;
        double t0;
} ingest_ui;

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(ingest_ui *ui)
{
        if (ui->progress_shown) {
                fputs("\r\033[K", stderr);
                ui->progress_shown = 0;
        }
}

/* Paths are shown as valid UTF-8 (a name that is not is read as Latin-1),
 * whatever bytes the file system holds, with control characters replaced:
 * cli_error(), cli_warn() and render_text() see to both. */
static void on_note(void *ud, dx_note_level lvl, const char *path, const char *msg)
{
        ingest_ui *ui = ud;

        if (lvl == DX_NOTE_INFO && !ui->verbose)
                return;
        clear_progress(ui);
        if (lvl == DX_NOTE_ERROR)
                cli_error("%s: %s", path, msg);
        else if (lvl == DX_NOTE_WARNING)
                cli_warn("%s: %s", path, msg);
        else {
                render_text(stderr, path, 0);
                if (*msg) {
                        fputs(": ", stderr);
                        render_text(stderr, msg, 0);
                }
                fputc('\n', stderr);
        }
}

static void on_change(void *ud, dx_change what, const char *id, const char *path)
{
        static const char *const words[] = {"add", "update", "move", "remove"};
        ingest_ui *ui = ud;

        if (!ui->dry_run && !ui->verbose)
                return;
        clear_progress(ui);
        printf("%-7s ", words[what]);
        render_text(stdout, id, 0);
        fputs(" (", stdout);
        render_text(stdout, path, 0);
        puts(")");
}

static void on_progress(void *ud, size_t done, size_t total, size_t pages, const char *current)
{
        ingest_ui *ui = ud;
        double el = now() - ui->t0;
        double eta = done && done < total ? el / (double)done * (double)(total - done) : 0;

        if (ui->quiet || !ui->c->stderr_tty || ui->verbose)
                return;
        fprintf(stderr, "\r\033[K%zu/%zu talks, %.0f pages/s, ETA %.0fs, ", done, total,
                el > 0 ? (double)pages / el : 0.0, eta);
        render_text(stderr, current, 0);
        ui->progress_shown = 1;
}

/* " (3 by OCR, 1 of them from its cache)" after the page count, or "". */
static const char *ocr_said(const dx_ingest_stats *st, char *buf, size_t n)
{
        if (!st->ocr_pages)
                return "";
        if (st->ocr_cached)
                snprintf(buf, n, " (%zu by OCR, %zu of them from its cache)", st->ocr_pages,
                         st->ocr_cached);
        else
                snprintf(buf, n, " (%zu by OCR)", st->ocr_pages);
        return buf;
}

int cmd_ingest_run(cli *c, int argc, char **argv)
{
        cli_args a;
        ingest_ui ui = {.c = c};
        dx_ingest_opts io = {
            .note = on_note, .progress = on_progress, .change = on_change, .ud = &ui};
        dx_ingest_stats total = {0};
        const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
        const char *arg;
        char ocr[96];
        int ndirs = 0, id, failed = 0, fatal = 0;
        dx_index *idx;

        if (!dirs)
                return EXIT_TROUBLE;
        cli_args_init(&a, c, "ingest", argc, argv);
        while ((id = cli_next(&a, &arg)) != OPT_END) {
                switch (id) {
                case OPT_WORD:
                        dirs[ndirs++] = arg;
                        break;
                case OPT_JOBS: {
                        long n = cli_number("ingest", "--jobs", arg, 1, 256);
                        if (n < 0) {
                                free(dirs);
                                return EXIT_TROUBLE;
                        }
                        io.jobs = (int)n;
                        break;
                }
                case OPT_FORCE:
                        io.force = 1;
                        break;
                case OPT_QUIET:
                        ui.quiet = 1;
                        break;
                case OPT_VERBOSE:
                        ui.verbose = 1;
                        break;
                case OPT_DRY_RUN:
                        ui.dry_run = io.dry_run = 1;
                        break;
                case OPT_NO_ALIGN:
                        io.no_align = 1;
                        break;
                case OPT_ALIGN:
                        io.no_align = 0;
                        break;
                case OPT_OCR:
                        if (strcmp(arg, "auto") == 0)
                                io.ocr = DX_OCR_AUTO;
                        else if (strcmp(arg, "never") == 0)
                                io.ocr = DX_OCR_NEVER;
                        else if (strcmp(arg, "always") == 0)
                                io.ocr = DX_OCR_ALWAYS;
                        else {
                                free(dirs);
                                return cli_usage_error("ingest", "--ocr: auto, never or always");
                        }
                        break;
                case OPT_OCR_LANG:
                        io.ocr_lang = arg;
                        break;
                default:
                        free(dirs);
                        return a.status;
                }
        }
        if (!ndirs) {
                free(dirs);
                return cli_usage_error("ingest", "which folder? (doxsearch ingest DIR...)");
        }
        idx = cli_open(c, ui.dry_run ? DX_OPEN_SCRATCH : DX_OPEN_WRITE);
        if (!idx) {
                free(dirs);
                return EXIT_TROUBLE;
        }
        ui.t0 = now();
        for (int i = 0; i < ndirs; i++) {
                dx_ingest_stats st;
                int rc = dx_ingest(idx, dirs[i], &io, &st);

                clear_progress(&ui);
                if (rc < 0) {
                        /* what was written before the error stays, and is
                         * counted */
                        cli_error("%s", dx_index_errmsg(idx));
                        fatal = 1;
                }
                failed |= rc > 0;
                total.events += st.events;
                total.talks += st.talks;
                total.added += st.added;
                total.updated += st.updated;
                total.moved += st.moved;
                total.unchanged += st.unchanged;
                total.removed += st.removed;
                total.files_read += st.files_read;
                total.files_failed += st.files_failed;
                total.warnings += st.warnings;
                total.pages += st.pages;
                total.ocr_pages += st.ocr_pages;
                total.ocr_cached += st.ocr_cached;
                total.unwritten += st.unwritten;
                total.aligned += st.aligned;
                total.align_low += st.align_low;
                total.align_not_shown += st.align_not_shown;
                total.align_failed += st.align_failed;
        }
        dx_index_close(&idx);
        /* a run that failed before it read anything has only its error */
        if (fatal && !total.events && !total.talks && !total.files_read && !total.removed)
                ui.quiet = 1;
        if (!ui.quiet && ui.dry_run)
                printf("dry run: %zu to add, %zu to update, %zu to move, %zu to remove, "
                       "%zu unchanged; %zu file%s read, %zu failed\n",
                       total.added, total.updated, total.moved, total.removed, total.unchanged,
                       total.files_read, PLURAL(total.files_read), total.files_failed);
        else if (!ui.quiet)
                printf("%zu talk%s in %zu event%s: %zu added, %zu updated, %zu moved, "
                       "%zu removed, %zu unchanged, %zu failed; %zu file%s read, %zu page%s%s, "
                       "%.2f s\n",
                       total.talks, PLURAL(total.talks), total.events, PLURAL(total.events),
                       total.added, total.updated, total.moved, total.removed, total.unchanged,
                       total.files_failed, total.files_read, PLURAL(total.files_read), total.pages,
                       PLURAL(total.pages), ocr_said(&total, ocr, sizeof(ocr)), now() - ui.t0);
        if (!ui.quiet && !ui.dry_run && total.aligned + total.align_not_shown + total.align_failed)
                printf("slides on the timeline: %zu recording%s aligned (%zu with low confidence), "
                       "%zu never show%s their slides, %zu could not be aligned\n",
                       total.aligned, PLURAL(total.aligned), total.align_low, total.align_not_shown,
                       total.align_not_shown == 1 ? "s" : "", total.align_failed);
        if (total.unwritten)
                cli_error("%zu talk%s not written: run 'doxsearch ingest' again once the index "
                          "can be written",
                          total.unwritten, PLURAL(total.unwritten));
        free(dirs);
        if (fatal)
                return EXIT_TROUBLE;
        return failed ? EXIT_NONE : EXIT_FOUND;
}
