/*
 * stirkit/tn.h - telephone-number canonicalisation (RFC 8224 §8.3).
 */
#ifndef STIRKIT_TN_H
#define STIRKIT_TN_H

#include <stddef.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Buffer size that holds any canonical TN and its NUL. */
#define STIR_TN_BUF_SIZE 16

/*
 * Canonicalises a telephone number as RFC 8224 §8.3 asks before it is
 * signed or compared: drops one leading '+' and the visual separators '-',
 * '.', '(', ')' and space; keeps digits, '#' and '*'. Anything else
 * (letters, a '+' after the start, control bytes) is rejected; so is a
 * result that is empty or longer than 15 characters (a TelephoneNumber,
 * RFC 8226 Appendix A).
 *
 * in: NUL-terminated, borrowed. out: caller's buffer of outlen bytes
 * (STIR_TN_BUF_SIZE always suffices); written only on success.
 * Errors: STIR_E_INVALID_ARG (NULL, or outlen too small for the result),
 * STIR_E_MALFORMED (err names the offending character and its position).
 * Locale-independent; does not add a country code.
 */
stir_status stir_tn_canonicalize(const char *in, char *out, size_t outlen,
                                 stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_TN_H */
