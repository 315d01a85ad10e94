/* Request deadlines for libmicrohttpd connections (slowloris defence). */
#define _GNU_SOURCE /* POLLRDHUP */
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#include "httpd_guard.h"

#define SWEEP_MS 250
#define NO_DEADLINE INT64_MAX
/* How many times the allowed time more a request whose bytes wait unread
 * behind a busy server thread gets (libmicrohttpd gives a burst of new
 * connections to one thread, so a slow handler delays those behind it). */
#define LATE_SERVER 5

typedef struct conn {
    struct conn *prev, *next;
    skit_httpd_guard *g;
    int fd;
    _Atomic int64_t deadline; /* CLOCK_MONOTONIC milliseconds, or NO_DEADLINE */
    _Atomic unsigned phases;  /* phase changes so far */
    unsigned gone_at;         /* the sweeper's: phases when it saw the peer gone, */
    int gone_seen;            /* and whether it did on its last look */
} conn;

struct skit_httpd_guard {
    int64_t allowed_ms;
    pthread_mutex_t lock; /* the list and stop */
    pthread_cond_t wake;
    conn head;            /* a ring; head.next is the oldest */
    int stop;
    pthread_t sweeper;
};

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Bytes received on fd that libmicrohttpd has not read yet. */
static int unread(int fd)
{
    int n = 0;

    return ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

/*
 * 1 when the peer has closed (or half-closed) and left nothing unread.
 * libmicrohttpd 0.9.75 can miss a FIN that arrives with the last bytes of
 * an incomplete request (it reads the bytes, then never reads again), and
 * keeps the connection in CLOSE-WAIT until its timeout; under a flood such
 * leftovers filled the per-address limit.
 */
static int peer_gone(int fd)
{
    struct pollfd p = {fd, POLLRDHUP, 0};

    return poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0 &&
           unread(fd) == 0;
}

/*
 * A connection past its deadline is shut down, unless bytes it received
 * wait unread: then the server is behind (its thread busy with another
 * connection's request), not the client, and it gets up to LATE_SERVER
 * times the allowed time more. A connection still waiting for its request whose
 * peer is gone is shut down once two looks a sweep apart saw it gone with
 * no progress between them (so a request that arrived whole with its FIN
 * is not cut off while a busy thread gets to it).
 */
static void look_at(const skit_httpd_guard *g, conn *c, int64_t now)
{
    int64_t deadline = atomic_load(&c->deadline);
    unsigned phases = atomic_load(&c->phases);

    if (deadline == NO_DEADLINE) {
        c->gone_seen = 0;
        return;
    }
    if (deadline > now) {
        if (!peer_gone(c->fd)) {
            c->gone_seen = 0;
            return;
        }
        if (!c->gone_seen || c->gone_at != phases) {
            c->gone_seen = 1;
            c->gone_at = phases;
            return;
        }
    } else if (now - deadline < LATE_SERVER * g->allowed_ms && unread(c->fd) > 0) {
        return;
    }
    atomic_store(&c->deadline, NO_DEADLINE);
    shutdown(c->fd, SHUT_RDWR);
}

static void *sweep(void *arg)
{
    skit_httpd_guard *g = arg;
    struct timespec until;

    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        int64_t now = now_ms();

        /* The fd stays open while the connection is on the list: the
         * CLOSED notice takes it off under the lock before
         * libmicrohttpd closes the socket, so no reused fd is shut. */
        for (conn *c = g->head.next; c != &g->head; c = c->next)
            look_at(g, c, now);
        now += SWEEP_MS;
        until.tv_sec = (time_t)(now / 1000);
        until.tv_nsec = (long)(now % 1000) * 1000000L;
        while (!g->stop && pthread_cond_timedwait(&g->wake, &g->lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

skit_httpd_guard *skit_httpd_guard_new(unsigned seconds)
{
    skit_httpd_guard *g = calloc(1, sizeof(*g));
    pthread_condattr_t ca;
    int ok;

    if (g == NULL)
        return NULL;
    g->allowed_ms = (int64_t)(seconds > 0 ? seconds : 1) * 1000;
    g->head.next = g->head.prev = &g->head;
    pthread_mutex_init(&g->lock, NULL);
    if (pthread_condattr_init(&ca) != 0) {
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
         pthread_cond_init(&g->wake, &ca) == 0;
    pthread_condattr_destroy(&ca);
    if (!ok) {
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    if (pthread_create(&g->sweeper, NULL, sweep, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void skit_httpd_guard_free(skit_httpd_guard *g)
{
    if (g == NULL)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->sweeper, NULL);
    /* Connections still listed (none once the daemon stopped) are the
     * daemon's to close; only the guard's records go. */
    while (g->head.next != &g->head) {
        conn *c = g->head.next;

        g->head.next = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

void skit_httpd_guard_notify(void *cls, struct MHD_Connection *mc, void **socket_context,
                             enum MHD_ConnectionNotificationCode code)
{
    skit_httpd_guard *g = cls;
    conn *c = *socket_context;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);

        if (fd == NULL)
            return;
        c = calloc(1, sizeof(*c));
        if (c == NULL) {
            shutdown(fd->connect_fd, SHUT_RDWR);
            return;
        }
        c->g = g;
        c->fd = fd->connect_fd;
        atomic_init(&c->deadline, now_ms() + g->allowed_ms);
        atomic_init(&c->phases, 0);
        pthread_mutex_lock(&g->lock);
        c->prev = g->head.prev;
        c->next = &g->head;
        g->head.prev->next = c;
        g->head.prev = c;
        pthread_mutex_unlock(&g->lock);
        *socket_context = c;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && c != NULL) {
        pthread_mutex_lock(&g->lock);
        c->prev->next = c->next;
        c->next->prev = c->prev;
        pthread_mutex_unlock(&g->lock);
        free(c);
        *socket_context = NULL;
    }
}

void skit_httpd_guard_phase(struct MHD_Connection *mc, skit_guard_phase phase)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn *c = info != NULL ? info->socket_context : NULL;

    if (c == NULL)
        return;
    atomic_fetch_add(&c->phases, 1);
    atomic_store(&c->deadline,
                 phase == SKIT_GUARD_BODY_IN ? NO_DEADLINE : now_ms() + c->g->allowed_ms);
}
