/* The x5u chain cache (see x5u_cache.h; RFC 7234, ATIS-1000074 §5.3.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "chain_int.h"
#include "x5u_cache.h"

void skit_x5u_cache_init(skit_x5u_cache *c, size_t max)
{
    memset(c, 0, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->ready, NULL);
    c->max = max > 0 ? max : 1024;
}

static void entry_free(skit_x5u_entry *e)
{
    free(e->url);
    stir_chain_free(e->chain);
    skit_es256_key_free(e->leaf_key);
    stir_tnauthlist_free(e->leaf_tnal);
    free(e);
}

/* Drops one reference; the lock is held. */
static void release_locked(skit_x5u_entry *e)
{
    if (--e->refs == 0)
        entry_free(e);
}

void skit_x5u_cache_clear(skit_x5u_cache *c)
{
    skit_x5u_entry *e = c->head, *next;

    for (; e != NULL; e = next) {
        next = e->next;
        release_locked(e);
    }
    pthread_cond_destroy(&c->ready);
    pthread_mutex_destroy(&c->lock);
}

static void unlink_locked(skit_x5u_cache *c, skit_x5u_entry *e)
{
    for (skit_x5u_entry **p = &c->head; *p != NULL; p = &(*p)->next) {
        if (*p == e) {
            *p = e->next;
            c->n--;
            release_locked(e);
            return;
        }
    }
}

/* Keeps at most c->max entries: drops the oldest ready ones. */
static void evict_locked(skit_x5u_cache *c)
{
    while (c->n > c->max) {
        skit_x5u_entry *victim = NULL;

        for (skit_x5u_entry *e = c->head; e != NULL; e = e->next)
            if (e->ready)
                victim = e; /* the last ready one is the oldest */
        if (victim == NULL)
            return;
        unlink_locked(c, victim);
    }
}

static void fail(skit_x5u_entry *e, stir_vs_code code, int64_t now, const stir_verifier_opts *o,
                 const char *detail)
{
    e->fail_code = code;
    snprintf(e->fail_detail, sizeof(e->fail_detail), "%s", detail);
    e->expires = now + (o->negative_ttl > 0 ? o->negative_ttl : 30);
}

/* Fetches and parses e->url (without the lock). */
static void fill(skit_x5u_entry *e, int64_t now, const stir_verifier_opts *o)
{
    stir_fetch_result r;
    stir_error_t err;
    stir_status st;
    char detail[STIR_ERROR_TEXT_SIZE];
    int64_t not_after = 0;
    X509 *leaf;

    /* The policy applies whichever fetcher runs. */
    st = stir_fetch_check_url(e->url, &o->fetch, &err);
    if (st == STIR_OK)
        st = o->fetch_fn != NULL ? o->fetch_fn(o->fetch_arg, e->url, &o->fetch, &r, &err)
                                 : stir_fetch(e->url, &o->fetch, &r, &err);
    if (st != STIR_OK) {
        fail(e, st == STIR_E_FETCH || st == STIR_E_TOO_LARGE ? STIR_VS_X5U_FETCH_FAILED
                                                             : STIR_VS_X5U_REFUSED,
             now, o, err.text);
        return;
    }
    if (r.status != 200) {
        snprintf(detail, sizeof(detail), "x5u %.200s answered HTTP %ld%s", e->url, r.status,
                 r.status >= 300 && r.status < 400 ? " (a redirect, which is not followed)" : "");
        fail(e, STIR_VS_X5U_FETCH_FAILED, now, o, detail);
    } else if (stir_chain_from_pem(r.body, r.len, &e->chain, &err) != STIR_OK) {
        snprintf(detail, sizeof(detail), "x5u %.120s is not a certificate chain: %.300s", e->url,
                 err.text);
        fail(e, STIR_VS_X5U_FETCH_FAILED, now, o, detail);
    } else {
        leaf = stir_chain_get0_cert(e->chain, 0);
        e->leaf_key = skit_es256_key_new(X509_get0_pubkey(leaf), &err);
        if (e->leaf_key == NULL)
            snprintf(e->leaf_key_error, sizeof(e->leaf_key_error), "signer certificate: %.400s",
                     err.text);
        e->leaf_is_ca = X509_check_ca(leaf) != 0;
        if (stir_tnauthlist_from_cert(leaf, &e->leaf_tnal, NULL) != STIR_OK)
            e->leaf_tnal = NULL; /* the chain check reports why */
        for (size_t d = 0; d < stir_chain_length(e->chain); d++) {
            int64_t na = skit_time_to_unix(X509_get0_notAfter(stir_chain_get0_cert(e->chain, d)));

            if (not_after == 0 || na < not_after)
                not_after = na;
        }
        e->expires = now + stir_x5u_ttl(r.cache_control, r.expires, now, o->min_ttl, not_after);
    }
    stir_fetch_result_clear(&r);
}

skit_x5u_entry *skit_x5u_cache_get(skit_x5u_cache *c, const char *url, int64_t now,
                                   const stir_verifier_opts *opts)
{
    skit_x5u_entry *e;

    pthread_mutex_lock(&c->lock);
    for (;;) {
        for (e = c->head; e != NULL && strcmp(e->url, url) != 0; e = e->next)
            ;
        if (e == NULL)
            break;
        if (!e->ready) { /* another thread is fetching it */
            pthread_cond_wait(&c->ready, &c->lock);
            continue;
        }
        if (e->expires > now) {
            e->refs++;
            c->stats.hits++;
            pthread_mutex_unlock(&c->lock);
            return e;
        }
        unlink_locked(c, e); /* stale: fetch again */
    }
    c->stats.misses++;
    c->stats.fetches++;
    e = calloc(1, sizeof(*e));
    if (e == NULL || (e->url = strdup(url)) == NULL) {
        free(e);
        pthread_mutex_unlock(&c->lock);
        return NULL;
    }
    e->refs = 2; /* the cache's and the caller's */
    e->next = c->head;
    c->head = e;
    c->n++;
    evict_locked(c);
    pthread_mutex_unlock(&c->lock);

    fill(e, now, opts);

    pthread_mutex_lock(&c->lock);
    e->ready = 1;
    pthread_cond_broadcast(&c->ready);
    pthread_mutex_unlock(&c->lock);
    return e;
}

void skit_x5u_cache_release(skit_x5u_cache *c, skit_x5u_entry *e)
{
    if (e == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    release_locked(e);
    pthread_mutex_unlock(&c->lock);
}

int skit_x5u_cache_ok_at(skit_x5u_cache *c, skit_x5u_entry *e, int64_t t1, int64_t t2)
{
    int ok;

    pthread_mutex_lock(&c->lock);
    ok = e->checked_ok && t1 >= e->ok_from && t1 <= e->ok_until && t2 >= e->ok_from &&
         t2 <= e->ok_until;
    pthread_mutex_unlock(&c->lock);
    return ok;
}

void skit_x5u_cache_mark_ok(skit_x5u_cache *c, skit_x5u_entry *e, int64_t from, int64_t until)
{
    pthread_mutex_lock(&c->lock);
    e->checked_ok = 1;
    e->ok_from = from;
    e->ok_until = until;
    pthread_mutex_unlock(&c->lock);
}
