/*
 * The x5u chain cache: one entry per URL holding the whole parsed chain
 * (peers.md §3: caches that lose intermediates), the leaf's key and
 * TNAuthList, and the verdict of the chain check with the time window it
 * holds for. Concurrent misses for one URL make one fetch; failed fetches
 * are cached briefly. Thread-safe. Internal to the verifier.
 */
#ifndef STIR_X5U_CACHE_H
#define STIR_X5U_CACHE_H

#include <pthread.h>
#include <stdint.h>

#include "stirkit/tnauthlist.h"
#include "stirkit/verifier.h"
#include "es256.h"

typedef struct skit_x5u_entry {
    char *url;
    int ready;             /* 0 while the first fetch is in flight */
    int refs;              /* the cache's own reference counts as one */
    int64_t expires;       /* absolute time the entry stops being served */
    /* On failure (chain == NULL): */
    stir_vs_code fail_code;
    char fail_detail[STIR_ERROR_TEXT_SIZE];
    /* On success: */
    stir_chain *chain;
    skit_es256_key *leaf_key;     /* the signer's key, prepared; NULL if not P-256 */
    char leaf_key_error[STIR_ERROR_TEXT_SIZE];
    stir_tnauthlist *leaf_tnal;   /* NULL when the leaf has none */
    int leaf_is_ca;
    /* A passed chain check holds for times in [ok_from, ok_until]. */
    int checked_ok;
    int64_t ok_from, ok_until;
    struct skit_x5u_entry *next;
} skit_x5u_entry;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t ready;
    skit_x5u_entry *head;
    size_t n, max;
    stir_verifier_stats stats;
} skit_x5u_cache;

void skit_x5u_cache_init(skit_x5u_cache *c, size_t max);
void skit_x5u_cache_clear(skit_x5u_cache *c);

/*
 * A ready entry for url, referenced for the caller (release it): from the
 * cache while fresh at now, else fetched under opts (one fetch for
 * concurrent misses), parsed and cached for its TTL (stir_x5u_ttl), or a
 * failure cached for opts->negative_ttl. Never NULL except on OOM.
 */
skit_x5u_entry *skit_x5u_cache_get(skit_x5u_cache *c, const char *url, int64_t now,
                                   const stir_verifier_opts *opts);
void skit_x5u_cache_release(skit_x5u_cache *c, skit_x5u_entry *e);

/* 1 when a chain check of e already passed for both times. */
int skit_x5u_cache_ok_at(skit_x5u_cache *c, skit_x5u_entry *e, int64_t t1, int64_t t2);
/* Records that e's chain check passed for times in [from, until]. */
void skit_x5u_cache_mark_ok(skit_x5u_cache *c, skit_x5u_entry *e, int64_t from, int64_t until);

#endif
