/*
 * jail.c - documents that may be hostile are read in child processes with
 * bounds on time and memory, so a file of a few kilobytes that inflates to
 * gigabytes of drawing commands costs a bounded wait and a message, not a
 * stalled ingest.
 *
 * A child forked from a process that runs threads may deadlock on a lock
 * another thread held at the fork (GLib's, poppler's global parameters,
 * fontconfig's, cairo's), which would turn a good deck into a false
 * timeout.  So a keeper process is forked while the caller still has one
 * thread, before its worker pool starts; the keeper stays single-threaded
 * and forks the children.  (Spawning a worker binary would be as safe,
 * but its 150 shared libraries cost tens of milliseconds a start.)  A
 * child runs one job at a time, up to DX_JAIL_CHILD_JOBS of them: a fork,
 * its copy-on-write faults and the caches poppler builds would cost about
 * a millisecond for each deck, as much as reading a small one.
 *
 * Callers on any thread send the keeper a job (a function of this
 * program, its argument, its limits) with one end of a fresh socket pair;
 * the keeper hands both to an idle child.  The child writes its records
 * to that socket, one message each, as it goes, so what it read before a
 * limit is kept, and tells the keeper when it is done.  The keeper
 * watches each job's clock and the resident memory it adds to what the
 * child held when it started (every DX_JAIL_POLL_MS), kills the child
 * with SIGKILL past a limit, and when the job has ended sends the caller
 * one last record saying how.  A child's address space is also capped
 * with RLIMIT_AS, except under AddressSanitizer, which reserves terabytes
 * of it; the resident memory watch holds there too.
 */
#include "dx_media.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define DX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DX_ASAN 1
#endif
#endif

#define DX_JAIL_POLL_MS      20
#define DX_JAIL_MAX_CHILDREN 80
/* Jobs a child runs before it is replaced. */
#define DX_JAIL_CHILD_JOBS 64
#define DX_JAIL_MAX_ARG    8192
/* The largest record: a page's text and its header, with room to spare. */
#define DX_JAIL_MAX_RECORD (DX_SLIDES_MAX_PAGE_TEXT + 4096)
/* The keeper's last record, never sent by a job. */
#define END_RECORD 0x7fffffff

struct dx_jail {
        pid_t keeper;
        int ctl; /* SOCK_SEQPACKET to the keeper */
        pthread_mutex_t mu;
};

/* A job as sent to the keeper; the argument follows. */
typedef struct request {
        dx_jail_fn fn; /* the same address in the keeper: it is a fork */
        double seconds, page_seconds;
        size_t bytes;
} request;

typedef struct end_record {
        int type;
        int end; /* dx_jail_end */
        int sig;
} end_record;

/* A child of the keeper: it runs one job at a time, up to
 * DX_JAIL_CHILD_JOBS of them, and is replaced when a limit kills it. */
typedef struct child {
        pid_t pid;
        int kc;   /* SOCK_SEQPACKET between the keeper and the child */
        int conn; /* the caller's socket of the job it runs; -1: idle */
        double deadline;
        size_t bytes; /* the resident memory it may reach */
        int end;      /* why the keeper killed it, or DX_JAIL_DONE */
        int jobs;
} child;

/* In a child: the limit between two dx_jail_tick() calls. */
static double tick_seconds;
/* Set in the keeper's children only: dx_jail_alarm() arms nothing else. */
static int in_child;

static int one_thread(void)
{
        DIR *d = opendir("/proc/self/task");
        struct dirent *e;
        int n = 0;

        if (!d)
                return 0;
        while ((e = readdir(d)))
                if (e->d_name[0] != '.')
                        n++;
        closedir(d);
        return n == 1;
}

static size_t resident(pid_t pid)
{
        char path[64];
        unsigned long size = 0, rss = 0;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
        f = fopen(path, "r");
        if (!f)
                return 0;
        if (fscanf(f, "%lu %lu", &size, &rss) != 2)
                rss = 0;
        fclose(f);
        return (size_t)rss * (size_t)sysconf(_SC_PAGESIZE);
}

static void send_end(int conn, int end, int sig)
{
        end_record r = {.type = END_RECORD, .end = end, .sig = sig};

        (void)!send(conn, &r, sizeof(r), MSG_NOSIGNAL);
}

static void arm(double seconds)
{
        struct itimerval it = {0};

        it.it_value.tv_sec = (time_t)seconds;
        it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
        setitimer(ITIMER_REAL, &it, NULL);
}

/* Receive a request, the caller's socket that comes with it and the
 * caller's open file if it sent one (else *file is -1): the length
 * received (0 at the end), or -1. */
static ssize_t recv_job(int fd, char *buf, size_t size, int *conn, int *file)
{
        char cbuf[CMSG_SPACE(2 * sizeof(int))];
        struct iovec iov = {buf, size};
        struct msghdr mh = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        ssize_t got = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
        int fds[2] = {-1, -1};

        for (struct cmsghdr *cm = got > 0 ? CMSG_FIRSTHDR(&mh) : NULL; cm;
             cm = CMSG_NXTHDR(&mh, cm))
                if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
                        size_t n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

                        memcpy(fds, CMSG_DATA(cm), (n > 2 ? 2 : n) * sizeof(int));
                }
        *conn = fds[0];
        *file = fds[1];
        if (got > 0 && ((size_t)got < sizeof(request) ||
                        (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || *conn < 0)) {
                for (int i = 0; i < 2; i++)
                        if (fds[i] >= 0)
                                close(fds[i]);
                *conn = *file = -1;
                return -1;
        }
        return got;
}

/* Send a request (and the argument after it, in buf) with a socket and,
 * when file is not -1, an open file. */
static int send_job(int fd, const void *buf, size_t len, int conn, int file)
{
        char cbuf[CMSG_SPACE(2 * sizeof(int))] = {0};
        int fds[2] = {conn, file};
        size_t nfds = file >= 0 ? 2 : 1;
        struct iovec iov = {(void *)buf, len};
        struct msghdr mh = {.msg_iov = &iov,
                            .msg_iovlen = 1,
                            .msg_control = cbuf,
                            .msg_controllen = CMSG_SPACE(nfds * sizeof(int))};
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
        memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
        return sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 ? DX_ERR : 0;
}

/* A child of the keeper: limits, then jobs until the keeper closes kc;
 * never returns. */
static void run_child(int kc, size_t bytes)
{
        struct rlimit core = {0, 0};
        char buf[sizeof(request) + DX_JAIL_MAX_ARG];
        sigset_t none;

        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGALRM, SIG_DFL);
        signal(SIGPIPE, SIG_IGN);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        setrlimit(RLIMIT_CORE, &core);
        in_child = 1;
#ifndef DX_ASAN
        {
                /* what is mapped now (libraries, the parent's heap) and a
                 * job's memory twice over: the resident watch is the finer
                 * bound, this one stops an allocation too fast for it */
                unsigned long size = 0;
                FILE *f = fopen("/proc/self/statm", "r");

                if (f) {
                        if (fscanf(f, "%lu", &size) == 1) {
                                size_t now = (size_t)size * (size_t)sysconf(_SC_PAGESIZE);
                                struct rlimit as = {now + 2 * bytes, now + 2 * bytes};

                                setrlimit(RLIMIT_AS, &as);
                        }
                        fclose(f);
                }
        }
#endif
        for (;;) {
                request rq;
                int conn, file;
                ssize_t got = recv_job(kc, buf, sizeof(buf), &conn, &file);
                char rc;

                if (got == 0 || (got < 0 && errno != EINTR))
                        _exit(0);
                if (got < 0)
                        continue;
                memcpy(&rq, buf, sizeof(rq));
                tick_seconds = rq.page_seconds;
                dx_jail_tick();
                rc = (char)(rq.fn(conn, file, buf + sizeof(rq), (size_t)got - sizeof(rq)) != 0);
                tick_seconds = 0;
                arm(0);
                close(conn);
                if (file >= 0)
                        close(file);
                if (send(kc, &rc, 1, MSG_NOSIGNAL) != 1)
                        _exit(0);
        }
}

static double remaining_ms(const child *kids, size_t n, double now)
{
        double ms = -1;

        for (size_t i = 0; i < n; i++) {
                double left = (kids[i].deadline - now) * 1000;

                if (kids[i].conn < 0 || kids[i].end != DX_JAIL_DONE)
                        continue; /* idle, or killed and waiting to be reaped */
                if (left < 0)
                        left = 0;
                if (kids[i].bytes && left > DX_JAIL_POLL_MS)
                        left = DX_JAIL_POLL_MS;
                if (ms < 0 || left < ms)
                        ms = left;
        }
        return ms;
}

/* Close a child's side of things and forget it. */
static void drop(child *kids, size_t *n, size_t i)
{
        close(kids[i].kc);
        if (kids[i].conn >= 0)
                close(kids[i].conn);
        kids[i] = kids[--*n];
}

/* A new child, forked from the keeper (which has one thread). */
static child *spawn(child *kids, size_t *n, int ctl, int sfd, size_t bytes)
{
        int sv[2];
        pid_t pid;

        if (*n >= DX_JAIL_MAX_CHILDREN ||
            socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
                return NULL;
        pid = fork();
        if (pid == 0) {
                close(ctl);
                close(sfd);
                close(sv[0]);
                for (size_t i = 0; i < *n; i++) {
                        close(kids[i].kc);
                        if (kids[i].conn >= 0)
                                close(kids[i].conn);
                }
                run_child(sv[1], bytes);
        }
        close(sv[1]);
        if (pid < 0) {
                close(sv[0]);
                return NULL;
        }
        kids[*n] = (child){.pid = pid, .kc = sv[0], .conn = -1, .end = DX_JAIL_DONE};
        return &kids[(*n)++];
}

/* Take a request from the caller and hand it to an idle child. */
static void start_job(child *kids, size_t *n, int ctl, int sfd)
{
        char buf[sizeof(request) + DX_JAIL_MAX_ARG];
        child *c = NULL;
        request rq;
        int conn, file, sent;
        ssize_t got = recv_job(ctl, buf, sizeof(buf), &conn, &file);

        if (got == 0) {
                /* the caller has gone (or stopped us): nothing more to do */
                for (size_t i = 0; i < *n; i++)
                        kill(kids[i].pid, SIGKILL);
                while (wait(NULL) > 0 || errno == EINTR)
                        ;
                _exit(0);
        }
        if (got < 0)
                return;
        memcpy(&rq, buf, sizeof(rq));
        for (size_t i = 0; i < *n && !c; i++)
                if (kids[i].conn < 0 && kids[i].end == DX_JAIL_DONE)
                        c = &kids[i];
        if (!c)
                c = spawn(kids, n, ctl, sfd, rq.bytes);
        sent = c && send_job(c->kc, buf, (size_t)got, conn, file) == 0;
        if (file >= 0)
                close(file); /* the child has its own */
        if (!sent) {
                send_end(conn, DX_JAIL_FAILED, 0);
                close(conn);
                return;
        }
        /* the limit is on what the job adds to what the child holds */
        c->conn = conn;
        c->deadline = dx_now() + rq.seconds;
        c->bytes = rq.bytes ? rq.bytes + resident(c->pid) : 0;
        c->jobs++;
}

/* A child says its job is done: tell the caller; retire a child that has
 * run many jobs, so what poppler keeps or leaks does not pile up. */
static void job_done(child *kids, size_t *n, size_t i)
{
        char rc;

        if (recv(kids[i].kc, &rc, 1, 0) != 1 || kids[i].conn < 0)
                return; /* it died: the reaping tells */
        send_end(kids[i].conn, DX_JAIL_DONE, 0);
        close(kids[i].conn);
        kids[i].conn = -1;
        if (kids[i].jobs >= DX_JAIL_CHILD_JOBS)
                drop(kids, n, i); /* it exits when kc closes */
}

static void reap(child *kids, size_t *n)
{
        int status;
        pid_t pid;

        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                for (size_t i = 0; i < *n; i++) {
                        int end = kids[i].end, sig = 0;

                        if (kids[i].pid != pid)
                                continue;
                        if (WIFSIGNALED(status)) {
                                sig = WTERMSIG(status);
                                if (end == DX_JAIL_DONE)
                                        end = sig == SIGALRM ? DX_JAIL_TIME : DX_JAIL_SIGNAL;
                        } else if (end == DX_JAIL_DONE) {
                                end = DX_JAIL_FAILED;
                        }
                        if (kids[i].conn >= 0)
                                send_end(kids[i].conn, end, sig);
                        drop(kids, n, i);
                        break;
                }
        }
}

static void watch(child *kids, size_t n)
{
        double now = dx_now();

        for (size_t i = 0; i < n; i++) {
                if (kids[i].conn < 0 || kids[i].end != DX_JAIL_DONE)
                        continue;
                if (now >= kids[i].deadline)
                        kids[i].end = DX_JAIL_TIME;
                else if (kids[i].bytes && resident(kids[i].pid) > kids[i].bytes)
                        kids[i].end = DX_JAIL_MEMORY;
                if (kids[i].end != DX_JAIL_DONE)
                        kill(kids[i].pid, SIGKILL);
        }
}

/* The keeper: one thread, forks and watches the children; never
 * returns. */
static void keeper(int ctl)
{
        child kids[DX_JAIL_MAX_CHILDREN];
        struct pollfd pf[2 + DX_JAIL_MAX_CHILDREN];
        size_t n = 0;
        sigset_t chld;
        int sfd;

        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* keep nothing of the caller's open: not its index, nor the lock
         * of it that a new ingest must be able to take once it is gone */
        if (ctl != 3) {
                dup2(ctl, 3);
                ctl = 3;
        }
        close_range(4, ~0U, 0);
        signal(SIGPIPE, SIG_IGN);
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        sigprocmask(SIG_BLOCK, &chld, NULL);
        sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
        if (sfd < 0)
                _exit(1);
        for (;;) {
                double ms = remaining_ms(kids, n, dx_now());
                struct signalfd_siginfo si;
                size_t nk = n;

                pf[0] = (struct pollfd){.fd = ctl, .events = POLLIN};
                pf[1] = (struct pollfd){.fd = sfd, .events = POLLIN};
                for (size_t i = 0; i < nk; i++)
                        pf[2 + i] = (struct pollfd){.fd = kids[i].kc, .events = POLLIN};
                poll(pf, 2 + nk, ms < 0 ? -1 : (int)ms + 1);
                /* done before reaped: a child that ends after its job */
                for (size_t i = nk; i-- > 0;)
                        if (pf[2 + i].revents & POLLIN)
                                job_done(kids, &n, i);
                while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
                        ;
                reap(kids, &n);
                watch(kids, n);
                if (pf[0].revents)
                        start_job(kids, &n, ctl, sfd);
        }
}

int dx_jail_start(dx_jail **out)
{
        dx_jail *j;
        int sv[2];

        *out = NULL;
        if (!one_thread())
                return DX_ERR;
        j = calloc(1, sizeof(*j));
        if (!j)
                return DX_ENOMEM;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
                free(j);
                return DX_ERR;
        }
        j->keeper = fork();
        if (j->keeper == 0) {
                close(sv[0]);
                keeper(sv[1]);
        }
        close(sv[1]);
        if (j->keeper < 0) {
                close(sv[0]);
                free(j);
                return DX_ERR;
        }
        j->ctl = sv[0];
        pthread_mutex_init(&j->mu, NULL);
        *out = j;
        return 0;
}

void dx_jail_stop(dx_jail **pj)
{
        dx_jail *j = pj ? *pj : NULL;

        if (!j)
                return;
        close(j->ctl);
        while (waitpid(j->keeper, NULL, 0) < 0 && errno == EINTR)
                ;
        pthread_mutex_destroy(&j->mu);
        free(j);
        *pj = NULL;
}

void dx_jail_limits_get(dx_jail_limits *lim)
{
        const char *s = getenv("DOXSEARCH_PDF_SECONDS");
        const char *m = getenv("DOXSEARCH_PDF_MIB");
        double v;
        char *end;

        lim->seconds = DX_JAIL_SECONDS;
        lim->page_seconds = 0;
        lim->bytes = (size_t)DX_JAIL_MIB << 20;
        if (s && *s && (v = strtod(s, &end)) > 0 && !*end && v <= 86400)
                lim->seconds = v;
        if (m && *m && (v = strtod(m, &end)) >= 16 && !*end && v <= 1 << 20)
                lim->bytes = (size_t)v << 20;
}

int dx_jail_send(int fd, int type, const void *a, size_t na, const void *b, size_t nb)
{
        struct iovec iov[3] = {{&type, sizeof(type)}, {(void *)a, na}, {(void *)b, nb}};
        struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 3};

        if (sizeof(type) + na + nb > DX_JAIL_MAX_RECORD)
                return DX_ERR;
        return sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 ? DX_ERR : 0;
}

void dx_jail_tick(void)
{
        if (tick_seconds > 0)
                arm(tick_seconds);
}

void dx_jail_alarm(double seconds)
{
        if (in_child)
                arm(seconds <= 0 ? 0 : seconds < 1e-3 ? 1e-3 : seconds);
}

const char *dx_jail_path(int file, const char *fallback, char buf[32])
{
        if (file < 0)
                return fallback;
        snprintf(buf, 32, "/proc/self/fd/%d", file);
        return buf;
}

int dx_jail_run(dx_jail *j, dx_jail_fn fn, int file, const char *arg, size_t len,
                const dx_jail_limits *lim, dx_jail_record_fn cb, void *ud, dx_jail_end *end,
                int *sig)
{
        request rq = {.fn = fn,
                      .seconds = lim->seconds,
                      .page_seconds = lim->page_seconds,
                      .bytes = lim->bytes};
        char msg[sizeof(rq) + DX_JAIL_MAX_ARG];
        double give_up = dx_now() + lim->seconds + 10;
        char *buf = NULL;
        int sv[2], rc = DX_ERR, sent;

        *end = DX_JAIL_FAILED;
        *sig = 0;
        if (len > DX_JAIL_MAX_ARG)
                return DX_ERR;
        memcpy(msg, &rq, sizeof(rq));
        memcpy(msg + sizeof(rq), arg, len);
        buf = malloc(DX_JAIL_MAX_RECORD);
        if (!buf)
                return DX_ENOMEM;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
                free(buf);
                return DX_ERR;
        }
        pthread_mutex_lock(&j->mu);
        sent = send_job(j->ctl, msg, sizeof(rq) + len, sv[1], file) == 0;
        pthread_mutex_unlock(&j->mu);
        close(sv[1]);
        if (!sent)
                goto out;
        for (;;) {
                struct pollfd pf = {.fd = sv[0], .events = POLLIN};
                double left = give_up - dx_now();
                ssize_t got;
                int type;

                /* the keeper ends every job; this is for a keeper gone wrong */
                if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) == 0) {
                        *end = DX_JAIL_TIME;
                        rc = 0;
                        break;
                }
                got = recv(sv[0], buf, DX_JAIL_MAX_RECORD, 0);
                if (got < 0 && errno == EINTR)
                        continue;
                if (got < (ssize_t)sizeof(type))
                        break; /* the keeper is gone */
                memcpy(&type, buf, sizeof(type));
                if (type == END_RECORD && (size_t)got >= sizeof(end_record)) {
                        end_record er;

                        memcpy(&er, buf, sizeof(er));
                        *end = (dx_jail_end)er.end;
                        *sig = er.sig;
                        rc = 0;
                        break;
                }
                if (type != END_RECORD &&
                    cb(ud, type, buf + sizeof(type), (size_t)got - sizeof(type)))
                        break;
        }
out:
        close(sv[0]);
        free(buf);
        return rc;
}
