/* Anti-replay nonces (RFC 8555 §6.5): issued, single use, bounded. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "stirkit/base64.h"
#include "acme_int.h"

struct skit_nonces {
    pthread_mutex_t lock;
    char (*ring)[SKIT_ID_LEN]; /* the last max nonces issued; "" once used */
    size_t max, next;
};

void skit_random_id(char out[SKIT_ID_LEN])
{
    unsigned char b[16];
    char *s = NULL;

    if (RAND_bytes(b, sizeof(b)) != 1 || stir_base64_encode(b, sizeof(b), 1, &s, NULL) != STIR_OK) {
        out[0] = '\0';
        abort(); /* no randomness: nothing safe to hand out */
    }
    memcpy(out, s, SKIT_ID_LEN - 1);
    out[SKIT_ID_LEN - 1] = '\0';
    free(s);
}

skit_nonces *skit_nonces_new(size_t max)
{
    skit_nonces *n = calloc(1, sizeof(*n));

    if (n == NULL)
        return NULL;
    n->max = max > 0 ? max : 8192;
    n->ring = calloc(n->max, SKIT_ID_LEN);
    if (n->ring == NULL) {
        free(n);
        return NULL;
    }
    pthread_mutex_init(&n->lock, NULL);
    return n;
}

void skit_nonces_free(skit_nonces *n)
{
    if (n == NULL)
        return;
    pthread_mutex_destroy(&n->lock);
    free(n->ring);
    free(n);
}

void skit_nonce_new(skit_nonces *n, char out[SKIT_ID_LEN])
{
    skit_random_id(out);
    pthread_mutex_lock(&n->lock);
    memcpy(n->ring[n->next], out, SKIT_ID_LEN);
    n->next = (n->next + 1) % n->max;
    pthread_mutex_unlock(&n->lock);
}

int skit_nonce_use(skit_nonces *n, const char *nonce)
{
    int ok = 0;

    if (nonce == NULL || strlen(nonce) != SKIT_ID_LEN - 1)
        return 0;
    pthread_mutex_lock(&n->lock);
    for (size_t i = 0; i < n->max && !ok; i++) {
        if (n->ring[i][0] != '\0' && strcmp(n->ring[i], nonce) == 0) {
            n->ring[i][0] = '\0';
            ok = 1;
        }
    }
    pthread_mutex_unlock(&n->lock);
    return ok;
}
