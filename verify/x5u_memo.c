/* The x5u host's memo of checked chain files (see x5u_memo.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "x5u_memo.h"

#define SLOTS 1024

typedef struct {
    char *path; /* NULL: empty slot */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    char *body; /* NULL: refused, see why */
    size_t len;
    char etag[SKIT_ETAG_LEN];
    char why[200];
} slot;

struct skit_x5u_memo {
    pthread_mutex_t lock;
    slot slots[SLOTS];
};

skit_x5u_memo *skit_x5u_memo_new(void)
{
    skit_x5u_memo *m = calloc(1, sizeof(*m));

    if (m != NULL && pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

static void slot_clear(slot *s)
{
    free(s->path);
    free(s->body);
    memset(s, 0, sizeof(*s));
}

void skit_x5u_memo_free(skit_x5u_memo *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < SLOTS; i++)
        slot_clear(&m->slots[i]);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* FNV-1a, 32 bits. */
static slot *slot_for(skit_x5u_memo *m, const char *path)
{
    uint32_t h = 2166136261u;

    for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++)
        h = (h ^ *p) * 16777619u;
    return &m->slots[h % SLOTS];
}

static int same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static int same_file(const slot *s, const char *path, const struct stat *sb)
{
    return s->path != NULL && strcmp(s->path, path) == 0 && s->dev == sb->st_dev &&
           s->ino == sb->st_ino && s->size == sb->st_size && same_time(&s->mtime, &sb->st_mtim) &&
           same_time(&s->ctime, &sb->st_ctim);
}

skit_memo_hit skit_x5u_memo_get(skit_x5u_memo *m, const char *path, const struct stat *sb,
                                char **body, size_t *len, char etag[SKIT_ETAG_LEN], char *why,
                                size_t whylen)
{
    skit_memo_hit hit = SKIT_MEMO_MISS;
    slot *s = slot_for(m, path);

    pthread_mutex_lock(&m->lock);
    if (same_file(s, path, sb)) {
        if (s->body == NULL) {
            snprintf(why, whylen, "%s", s->why);
            hit = SKIT_MEMO_REFUSED;
        } else if ((*body = malloc(s->len + 1)) != NULL) {
            memcpy(*body, s->body, s->len + 1);
            *len = s->len;
            memcpy(etag, s->etag, SKIT_ETAG_LEN);
            hit = SKIT_MEMO_BODY;
        }
    }
    pthread_mutex_unlock(&m->lock);
    return hit;
}

void skit_x5u_memo_put(skit_x5u_memo *m, const char *path, const struct stat *sb,
                       const char *body, size_t len, const char *etag, const char *why)
{
    slot *s = slot_for(m, path);
    char *p, *b = NULL;

    /* A file modified in the last two seconds may be modified again within
     * the same timestamp tick, at the same size: remember it only later. */
    if (sb->st_mtim.tv_sec >= time(NULL) - 1)
        return;
    p = strdup(path);
    if (p == NULL || (body != NULL && (b = malloc(len + 1)) == NULL)) {
        free(p);
        return;
    }
    if (b != NULL) {
        memcpy(b, body, len);
        b[len] = '\0';
    }
    pthread_mutex_lock(&m->lock);
    slot_clear(s);
    s->path = p;
    s->dev = sb->st_dev;
    s->ino = sb->st_ino;
    s->size = sb->st_size;
    s->mtime = sb->st_mtim;
    s->ctime = sb->st_ctim;
    s->body = b;
    s->len = len;
    if (b != NULL)
        snprintf(s->etag, sizeof(s->etag), "%s", etag);
    else
        snprintf(s->why, sizeof(s->why), "%s", why);
    pthread_mutex_unlock(&m->lock);
}
