/*
 * meta.c - what the files themselves say about a talk when no manifest
 * does: whether a deck's or a recording's title and author mean anything
 * (presentation programs fill in "PowerPoint Presentation", "Slide 1",
 * "Microsoft Office User" or the file's name), dates in file names
 * (GMT20240312-183012, IMG_20240312_183012, 2024-03-12), and the title
 * and speakers a deck's title page shows (its largest text, and names
 * followed by a role or a company).  Nothing here reads a file: the title
 * page's lines come from the PDF reader in the jail (slides.c).  When a
 * reading is not confident it gives nothing.
 */
#include "dx_ingest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lower-case ASCII copy with runs of non-alphanumerics (ASCII) as one
 * space, trimmed; other bytes (UTF-8) are kept. */
static char *fold(const char *s)
{
        char *r = dx_calloc(strlen(s) + 1, 1), *w = r;
        int space = 0;

        if (!r)
                return NULL;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p >= 0x80 || isalnum(*p)) {
                        if (space && w > r)
                                *w++ = ' ';
                        space = 0;
                        *w++ = (char)tolower(*p);
                } else {
                        space = 1;
                }
        }
        *w = '\0';
        return r;
}

/* Is f (folded) one of the words of list, perhaps followed by a number? */
static int placeholder(const char *f, const char *const *list)
{
        size_t n = strlen(f);

        while (n && (isdigit((unsigned char)f[n - 1]) || f[n - 1] == ' '))
                n--;
        if (n == 0)
                return 1;
        for (size_t i = 0; list[i]; i++)
                if (strlen(list[i]) == n && strncmp(f, list[i], n) == 0)
                        return 1;
        return 0;
}

static const char *const title_placeholders[] = {"powerpoint presentation",
                                                 "powerpoint pr\xc3\xa4sentation",
                                                 "pr\xc3\xa4sentation",
                                                 "presentation",
                                                 "pr\xc3\xa9sentation",
                                                 "presentaci\xc3\xb3n",
                                                 "presentazione",
                                                 "apresenta\xc3\xa7\xc3\xa3o",
                                                 "slide",
                                                 "slides",
                                                 "slide deck",
                                                 "deck",
                                                 "folie",
                                                 "diapositive",
                                                 "diapositiva",
                                                 "untitled",
                                                 "untitled presentation",
                                                 "untitled document",
                                                 "untitled deck",
                                                 "sans titre",
                                                 "ohne titel",
                                                 "sin t\xc3\xadtulo",
                                                 "senza titolo",
                                                 "title",
                                                 "no title",
                                                 "click to add title",
                                                 "presentation title",
                                                 "title of the presentation",
                                                 "your title here",
                                                 "title here",
                                                 "keynote",
                                                 "template",
                                                 "document",
                                                 "new presentation",
                                                 "microsoft powerpoint",
                                                 "google slides",
                                                 "default",
                                                 "talk",
                                                 "slideshow",
                                                 NULL};

static const char *const name_placeholders[] = {"microsoft office user",
                                                "microsoft account",
                                                "office user",
                                                "unknown",
                                                "user",
                                                "admin",
                                                "administrator",
                                                "owner",
                                                "author",
                                                "default",
                                                "windows user",
                                                "preferred customer",
                                                "apple",
                                                "google",
                                                "keynote",
                                                "powerpoint",
                                                "acrobat",
                                                "adobe",
                                                "root",
                                                "test",
                                                "your name",
                                                "speaker",
                                                "speaker name",
                                                "name surname",
                                                "firstname lastname",
                                                "first name last name",
                                                "presenter",
                                                "name",
                                                "anonymous",
                                                "guest",
                                                NULL};

/* The base name of rel without its extension. */
static char *stem(const char *rel)
{
        const char *b = strrchr(rel, '/'), *dot;

        b = b ? b + 1 : rel;
        dot = strrchr(b, '.');
        return dot && dot != b ? dx_strndup(b, (size_t)(dot - b)) : dx_strdup(b);
}

static int has_letter(const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                if (isalpha(*p) || *p >= 0xC0)
                        return 1;
        return 0;
}

/* Does the title end in a document's extension ("deck.pptx")? */
static int file_like(const char *s)
{
        static const char *const ext[] = {"ppt", "pptx", "pps", "ppsx", "key", "pdf",  "odp",
                                          "doc", "docx", "odt", "tex",  "dvi", "indd", "pages",
                                          "md",  "html", "mp4", "mov",  NULL};
        const char *dot = strrchr(s, '.');

        if (strchr(s, '/') || strchr(s, '\\'))
                return 1;
        for (size_t i = 0; dot && ext[i]; i++)
                if (strcasecmp(dot + 1, ext[i]) == 0)
                        return 1;
        return 0;
}

int dx_meta_title_ok(const char *title, const char *file_rel)
{
        char *f, *st = NULL, *fs = NULL;
        int ok;

        if (!title || !has_letter(title) || file_like(title))
                return 0;
        if (strncasecmp(title, "Microsoft ", 10) == 0 && strstr(title, " - "))
                return 0; /* "Microsoft PowerPoint - deck.pptx [Compatibility Mode]" */
        f = fold(title);
        if (!f)
                return 0;
        ok = !placeholder(f, title_placeholders);
        if (ok && file_rel && (st = stem(file_rel)) && (fs = fold(st)))
                ok = strcmp(f, fs) != 0;
        free(st);
        free(fs);
        free(f);
        return ok;
}

int dx_meta_person_ok(const char *name)
{
        char *f;
        int ok = 1, words = 1, lower = 1;

        if (!name || !has_letter(name) || strlen(name) > 80 || strchr(name, '@') ||
            strstr(name, "http") || strchr(name, '/') || strchr(name, '\\'))
                return 0;
        for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
                if (isdigit(*p) || *p == '_')
                        return 0;
                if (*p == ' ')
                        words++;
                if (isupper(*p) || *p >= 0xC0)
                        lower = 0;
        }
        /* a login name ("jdoe"), or a sentence */
        if ((words == 1 && lower) || words > 6)
                return 0;
        f = fold(name);
        if (!f)
                return 0;
        ok = !placeholder(f, name_placeholders);
        free(f);
        return ok;
}

/* ---- dates in file names ------------------------------------------------ */

/* Phone clocks left unset and container epochs: no recording date. */
static int epoch_date(const char *d)
{
        return strncmp(d, "1970-01-01", 10) == 0 || strncmp(d, "1904-01-01", 10) == 0 ||
               strncmp(d, "1980-01-01", 10) == 0 || strncmp(d, "2000-01-01", 10) == 0;
}

char *dx_meta_date(const char *v)
{
        char d[11];
        size_t n;

        if (!v || dx_date_prefix(v, 1, d, &n) != DX_DATE_OK || (n == 10 && epoch_date(d)))
                return NULL;
        return dx_strdup(d);
}

char *dx_meta_name_date(const char *rel)
{
        const char *b = strrchr(rel, '/');

        b = b ? b + 1 : rel;
        for (const char *p = b; *p; p++) {
                char d[11], out[11];
                size_t n = 0, len;

                if (!isdigit((unsigned char)*p) || (p > b && isdigit((unsigned char)p[-1])))
                        continue;
                while (isdigit((unsigned char)p[n]))
                        n++;
                if (n == 8) { /* 20240312 */
                        snprintf(d, sizeof(d), "%.4s-%.2s-%.2s", p, p + 4, p + 6);
                } else if (n == 4 && (p[4] == '-' || p[4] == '_' || p[4] == '.') &&
                           isdigit((unsigned char)p[5]) && isdigit((unsigned char)p[6]) &&
                           p[7] == p[4] && isdigit((unsigned char)p[8]) &&
                           isdigit((unsigned char)p[9]) && !isdigit((unsigned char)p[10])) {
                        snprintf(d, sizeof(d), "%.4s-%.2s-%.2s", p, p + 5, p + 8);
                } else {
                        p += n - 1;
                        continue;
                }
                if (dx_date_prefix(d, 0, out, &len) == DX_DATE_OK && len == 10 && !epoch_date(out))
                        return dx_strdup(out);
                p += n - 1;
        }
        return NULL;
}

/* ---- title pages ---------------------------------------------------------- */

typedef struct line {
        double size;
        char *text;
} line;

static size_t split_lines(const char *lines, line *v, size_t max)
{
        size_t n = 0;

        for (const char *p = lines; p && *p && n < max;) {
                const char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);

                if (tab && tab < p + len) {
                        v[n].size = strtod(p, NULL);
                        v[n].text = dx_strndup(tab + 1, len - (size_t)(tab + 1 - p));
                        if (v[n].text && *v[n].text && v[n].size > 0)
                                n++;
                        else
                                free(v[n].text);
                }
                p += len + (nl ? 1 : 0);
        }
        return n;
}

static const char *const role_words[] = {
    "engineer",    "developer", "architect",  "manager",    "lead",          "cto",
    "ceo",         "coo",       "cio",        "founder",    "co-founder",    "cofounder",
    "consultant",  "director",  "head",       "researcher", "scientist",     "student",
    "professor",   "lecturer",  "evangelist", "advocate",   "principal",     "senior",
    "vp",          "president", "maintainer", "programmer", "analyst",       "designer",
    "chief",       "fellow",    "specialist", "officer",    "administrator", "admin",
    "contributor", "committer", "phd",        "intern",     "freelance",     "freelancer",
    "trainer",     "coach",     NULL};

/* Does the text name a job ("SRE Lead", "Senior Engineer")? */
static int has_role_word(const char *s)
{
        char *f = fold(s), *save = NULL;
        int yes = 0;

        for (char *w = f ? strtok_r(f, " ", &save) : NULL; w && !yes;
             w = strtok_r(NULL, " ", &save))
                for (size_t i = 0; role_words[i] && !yes; i++)
                        yes = strcmp(w, role_words[i]) == 0;
        free(f);
        return yes;
}

/* Does the line look like one person's name: two to four words, each
 * capitalised (or a particle such as "van", "de"), letters only? */
static int name_like(const char *s)
{
        static const char *const particles[] = {"van", "von", "de",  "der", "den", "da",
                                                "di",  "du",  "la",  "le",  "del", "dos",
                                                "bin", "al",  "ten", "ter", NULL};
        char *c = dx_strdup(s), *save = NULL;
        int words = 0, ok = c != NULL;

        for (char *w = c ? strtok_r(c, " ", &save) : NULL; w && ok;
             w = strtok_r(NULL, " ", &save)) {
                const unsigned char *u = (const unsigned char *)w;
                int particle = 0;

                for (size_t i = 0; particles[i]; i++)
                        particle |= strcmp(w, particles[i]) == 0;
                if (particle && words > 0) {
                        words++;
                        continue;
                }
                if (!(isupper(u[0]) || u[0] >= 0xC0))
                        ok = 0;
                for (; *u && ok; u++)
                        if (!(isalpha(*u) || *u >= 0x80 || *u == '-' || *u == '\'' || *u == '.'))
                                ok = 0;
                words++;
        }
        free(c);
        return ok && words >= 2 && words <= 4 && !has_role_word(s) && dx_meta_person_ok(s);
}

/* Split an affiliation ("SRE Lead, Acme", "Engineer @ Acme", "Engineer at
 * Acme", "Acme") into role and company. */
static void affiliation(const char *s, char **role, char **company)
{
        const char *sep = NULL;
        size_t skip = 0;

        *role = *company = NULL;
        if ((sep = strstr(s, " @ ")))
                skip = 3;
        else if ((sep = strstr(s, " at ")))
                skip = 4;
        else if ((sep = strrchr(s, ',')))
                skip = 1;
        else if ((sep = strstr(s, " - ")) || (sep = strstr(s, " | ")))
                skip = 3;
        if (sep) {
                *role = dx_strndup(s, (size_t)(sep - s));
                *company = dx_strdup(sep + skip);
        } else if (has_role_word(s)) {
                *role = dx_strdup(s);
        } else {
                *company = dx_strdup(s);
        }
        if (*role)
                dx_squeeze_space(*role);
        if (*company)
                dx_squeeze_space(*company);
        if (*role && !**role) {
                free(*role);
                *role = NULL;
        }
        if (*company && !**company) {
                free(*company);
                *company = NULL;
        }
}

/* Does a line read as an affiliation: a job, or "x, y", "x @ y", "x at y"
 * of a few words, and no date, no web address? */
static int affiliation_like(const char *s)
{
        size_t words = 1;

        if (strstr(s, "http") || strstr(s, "www.") || strlen(s) > 120)
                return 0;
        /* a year: an event line ("Meetup, June 2023"), no job */
        for (const char *p = s; *p; p++)
                if ((p[0] == '1' || p[0] == '2') && isdigit((unsigned char)p[1]) &&
                    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
                    (p == s || !isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[4]))
                        return 0;
        for (const char *p = s; *p; p++)
                words += *p == ' ';
        if (words > 10)
                return 0;
        return has_role_word(s) || strstr(s, " @ ") || strstr(s, " at ");
}

int dx_meta_title_page(const char *lines, char **title, dx_speaker **speakers, size_t *n)
{
        line v[32];
        size_t nv = split_lines(lines, v, sizeof(v) / sizeof(v[0])), first = 0, last = 0;
        double big = 0, second = 0;
        char *used = NULL;
        dx_buf t = DX_BUF_INIT;
        size_t fails = dx_alloc_failures(); /* any lost on the way: DX_ENOMEM */

        *title = NULL;
        *speakers = NULL;
        *n = 0;
        for (size_t i = 0; i < nv; i++)
                if (v[i].size > big)
                        big = v[i].size;
        for (size_t i = 0; i < nv; i++)
                if (v[i].size < big * 0.9 && v[i].size > second)
                        second = v[i].size;
        used = nv ? dx_calloc(nv + 1, 1) : NULL;
        if (!used)
                goto out;
        /* the title: the run of lines in the largest size, clearly larger
         * than the rest of the page (a page of body text has no title) */
        while (first < nv && v[first].size < big * 0.9)
                first++;
        last = first;
        while (last + 1 < nv && v[last + 1].size >= big * 0.9)
                last++;
        if (first < nv && last - first < 3 && (second == 0 || big >= second * 1.2)) {
                for (size_t i = first; i <= last; i++) {
                        if (t.len)
                                dx_buf_addc(&t, ' ');
                        dx_buf_adds(&t, v[i].text);
                        used[i] = 1;
                }
                if (t.s && t.len <= 300 && dx_meta_title_ok(t.s, NULL))
                        *title = dx_buf_detach(&t);
        }
        /* speakers: "by A and B", or a name followed by an affiliation */
        for (size_t i = 0; i < nv && *n < 4; i++) {
                char *name = NULL, *role = NULL, *company = NULL;
                const char *s = v[i].text;

                if (used[i])
                        continue;
                if (strncasecmp(s, "by ", 3) == 0 || strncasecmp(s, "presented by ", 13) == 0 ||
                    strncasecmp(s, "speaker: ", 9) == 0) {
                        const char *r = strchr(s, ' ') + 1;

                        if (strncasecmp(s, "presented", 9) == 0)
                                r = s + 13;
                        if (name_like(r))
                                name = dx_strdup(r);
                } else if (name_like(s) && i + 1 < nv && !used[i + 1] &&
                           affiliation_like(v[i + 1].text)) {
                        name = dx_strdup(s);
                        affiliation(v[i + 1].text, &role, &company);
                        used[i + 1] = 1;
                } else {
                        /* "Name, Role at Company", "Name - Role, Company" */
                        const char *sep = strstr(s, " - ");
                        size_t k = 3;

                        if (!sep) {
                                sep = strstr(s, " | ");
                        }
                        if (!sep) {
                                sep = strchr(s, ',');
                                k = 1;
                        }
                        if (sep) {
                                char *head = dx_strndup(s, (size_t)(sep - s));

                                if (head && name_like(head) && affiliation_like(sep + k)) {
                                        name = head;
                                        head = NULL;
                                        affiliation(sep + k, &role, &company);
                                }
                                free(head);
                        }
                }
                if (!name) {
                        free(role);
                        free(company);
                        continue;
                }
                dx_speaker *sp = dx_realloc(*speakers, (*n + 1) * sizeof(*sp));
                if (!sp) {
                        free(name);
                        free(role);
                        free(company);
                        break;
                }
                *speakers = sp;
                sp[*n].name = name;
                sp[*n].role = role;
                sp[*n].company = company;
                (*n)++;
                used[i] = 1;
        }
out:
        dx_buf_release(&t);
        for (size_t i = 0; i < nv; i++)
                free(v[i].text);
        free(used);
        if (dx_alloc_failures() == fails)
                return 0;
        /* a line, a name or a piece of one lost: nothing rather than less */
        free(*title);
        *title = NULL;
        for (size_t i = 0; i < *n; i++) {
                free((*speakers)[i].name);
                free((*speakers)[i].role);
                free((*speakers)[i].company);
        }
        free(*speakers);
        *speakers = NULL;
        *n = 0;
        return DX_ENOMEM;
}
