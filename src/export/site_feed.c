/*
 * site_feed.c - the Atom feed of the static site (feed.xml): one entry per
 * talk, newest first.  Times come from the talks' dates, never the clock,
 * so the same index gives the same feed.  Links are absolute under
 * --base-url, else relative to the feed (readers resolve them).
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

static const char *talk_date(const dx_talk *t)
{
        return t->date && *t->date ? t->date : t->event_date;
}

/* "2020", "2020-01" or "2020-01-28" as an RFC 3339 time at midnight UTC. */
static void atom_time(FILE *f, const char *d)
{
        char out[] = "1970-01-01T00:00:00Z";
        size_t n = d ? strlen(d) : 0;

        if (n >= 4 && (n == 4 || n == 7 || n >= 10)) {
                memcpy(out, d, n >= 10 ? 10 : n);
        }
        for (size_t i = 0; i < 10; i++)
                if (!(out[i] >= '0' && out[i] <= '9') && i != 4 && i != 7)
                        memcpy(out, "1970-01-01", 10);
        fputs(out, f);
}

static const site *sort_site;

static int by_date_desc(const void *a, const void *b)
{
        const dx_talk *x = &sort_site->talks[*(const size_t *)a].t;
        const dx_talk *y = &sort_site->talks[*(const size_t *)b].t;
        const char *dx = talk_date(x), *dy = talk_date(y);
        int c = strcmp(dy ? dy : "", dx ? dx : "");

        return c ? c : strcmp(x->id, y->id);
}

/* <link REL href="URL"/> for path under --base-url (else relative);
 * nothing, and a warning naming the talk, if that is no URL to write. */
static void link(FILE *f, const site *s, const site_talk *talk, const char *rel, const char *path)
{
        char *u = site_url(s->o->base_url, path, NULL);

        if (!u) {
                site_url_dropped(s, talk, path);
                return;
        }
        fprintf(f, "<link%s href=\"", rel);
        html_url(f, u);
        fputs("\"/>\n", f);
        free(u);
}

int site_write_feed(const site *s, char **errmsg)
{
        size_t *order = calloc(s->ntalks + 1, sizeof(*order));
        char *buf = NULL, *id;
        size_t len = 0;
        FILE *f;
        int rc;

        if (!order)
                return -1;
        for (size_t i = 0; i < s->ntalks; i++)
                order[i] = i;
        sort_site = s;
        qsort(order, s->ntalks, sizeof(*order), by_date_desc);
        f = open_memstream(&buf, &len);
        if (!f) {
                free(order);
                return -1;
        }
        fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>",
              f);
        html_text(f, site_name(s));
        fputs("</title>\n", f);
        fputs("<id>", f);
        id = s->o->base_url && *s->o->base_url ? site_url(s->o->base_url, "", NULL) : NULL;
        if (id && *id && strchr(id, ':')) { /* an id is an absolute IRI */
                html_url(f, id);
                fputs(id[strlen(id) - 1] == '/' ? "" : "/", f);
        } else
                fputs("urn:doxsearch:site", f);
        free(id);
        fputs("</id>\n<updated>", f);
        atom_time(f, s->ntalks ? talk_date(&s->talks[order[0]].t) : NULL);
        fputs("</updated>\n<author><name>", f);
        html_text(f, site_name(s));
        fputs("</name></author>\n", f);
        link(f, s, NULL, " rel=\"self\"", "feed.xml");
        link(f, s, NULL, "", "index.html");
        for (size_t i = 0; i < s->ntalks; i++) {
                const site_talk *st = &s->talks[order[i]];
                const dx_talk *t = &st->t;
                char *page = NULL;

                fputs("<entry>\n<title>", f);
                html_text(f, t->title);
                fprintf(f, "</title>\n<id>urn:doxsearch:talk:%s</id>\n<updated>", t->id);
                atom_time(f, talk_date(t));
                fputs("</updated>\n", f);
                if (asprintf(&page, "talks/%s.html", st->file) >= 0)
                        link(f, s, st, "", page);
                free(page);
                for (size_t k = 0; k < t->nspeakers; k++) {
                        fputs("<author><name>", f);
                        html_text(f, t->speakers[k].name);
                        fputs("</name></author>\n", f);
                }
                fputs("<summary>", f);
                html_text(f, t->event_name);
                if (t->abstract && *t->abstract) {
                        fputs(": ", f);
                        html_text(f, t->abstract);
                }
                fputs("</summary>\n</entry>\n", f);
        }
        fputs("</feed>\n", f);
        free(order);
        if (fclose(f) != 0 || !buf) {
                free(buf);
                return -1;
        }
        rc = site_write(s, "feed.xml", buf, len, errmsg);
        free(buf);
        return rc;
}
