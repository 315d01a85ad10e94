/* Internal helpers for filling stir_error_t. Not installed. */
#ifndef STIR_ERROR_INT_H
#define STIR_ERROR_INT_H

#include "stirkit/error.h"

#if defined(__GNUC__)
#define STIR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STIR_PRINTF(f, a)
#endif

/*
 * Sets err (if non-NULL) to code with a formatted sentence, offset and depth
 * -1, and returns code, so callers can write `return skit_fail(err, ...)`.
 */
stir_status skit_fail(stir_error_t *err, stir_status code, const char *fmt, ...)
    STIR_PRINTF(3, 4);

/* Like skit_fail, also recording a DER byte offset. */
stir_status skit_fail_at(stir_error_t *err, stir_status code, long offset,
                         const char *fmt, ...) STIR_PRINTF(4, 5);

/*
 * Prefixes err->text with a formatted context ("certificate 'CN=x': ")
 * keeping the code; returns err->code (STIR_E_INTERNAL when err is NULL).
 */
stir_status skit_error_prefix(stir_error_t *err, stir_status code,
                              const char *fmt, ...) STIR_PRINTF(3, 4);

/* Cuts a UTF-8 sequence left incomplete at the end of s by truncation. */
void skit_utf8_trim_tail(char *s);

/*
 * Makes s valid UTF-8 in place, safe to print or put in JSON: an incomplete
 * tail is cut; a byte that starts no valid sequence, and a control
 * character (other than tab), becomes '?'.
 */
void skit_utf8_sanitize(char *s);

/* STIR_E_INTERNAL with OpenSSL's last error reason appended to what. */
stir_status skit_fail_openssl(stir_error_t *err, const char *what);

#endif
