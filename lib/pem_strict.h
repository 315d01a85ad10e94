/* Strict PEM (RFC 7468 §3; RFC 8555 §9.1). Internal. */
#ifndef STIR_PEM_STRICT_H
#define STIR_PEM_STRICT_H

#include <stddef.h>

/*
 * The first fault of body (len bytes) as a strict PEM chain: no text
 * outside the blocks (RFC 8555 §9.1), no PEM headers, base64 lines of 64
 * characters with only the last of a block shorter (RFC 7468 §3), an END
 * line for every block. Writes why (wn bytes, naming the 1-based line, and
 * with quote set up to 40 bytes of stray text; leave it 0 where why is
 * logged, as the text may be a secret) and returns 1; 0 when body is strict.
 */
int skit_pem_strict_fault(const char *body, size_t len, int quote, char *why, size_t wn);

#endif
