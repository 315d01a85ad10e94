/*
 * The x5u host's memo: for each published path, the body it checked and its
 * ETag, or why it refused the file, keyed by the file's identity (device,
 * inode, size, modification and change times) so that a replaced or edited
 * file is checked again on the next request. Parsing and hashing a chain on
 * every GET made the host some 60 times slower than a static file server.
 * Direct-mapped on a hash of the path; thread-safe. Internal.
 */
#ifndef STIR_X5U_MEMO_H
#define STIR_X5U_MEMO_H

#include <stddef.h>
#include <sys/stat.h>

typedef struct skit_x5u_memo skit_x5u_memo;

#define SKIT_ETAG_LEN 40 /* room for a quoted 128-bit hex ETag and its NUL */

typedef enum { SKIT_MEMO_MISS, SKIT_MEMO_BODY, SKIT_MEMO_REFUSED } skit_memo_hit;

/* A new, empty memo; NULL when out of memory. Free with skit_x5u_memo_free. */
skit_x5u_memo *skit_x5u_memo_new(void);

void skit_x5u_memo_free(skit_x5u_memo *m);

/*
 * Looks path up for the file sb describes. SKIT_MEMO_BODY: *body is a
 * malloc'd copy of the checked body (*len bytes, NUL-terminated) and etag
 * its ETag; SKIT_MEMO_REFUSED: why (whylen bytes) says why it is not
 * published; SKIT_MEMO_MISS (also when out of memory): check the file.
 */
skit_memo_hit skit_x5u_memo_get(skit_x5u_memo *m, const char *path, const struct stat *sb,
                                char **body, size_t *len, char etag[SKIT_ETAG_LEN], char *why,
                                size_t whylen);

/*
 * Remembers the outcome for path and the file sb describes: body (len
 * bytes, copied) and etag when published, or why (body NULL) when refused.
 * Replaces what the slot held. Remembers nothing for a file modified in the
 * last two seconds (a same-size rewrite within one timestamp tick would go
 * unseen), nor when out of memory.
 */
void skit_x5u_memo_put(skit_x5u_memo *m, const char *path, const struct stat *sb,
                       const char *body, size_t len, const char *etag, const char *why);

#endif
