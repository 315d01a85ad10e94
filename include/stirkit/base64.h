/*
 * stirkit/base64.h - base64 (RFC 4648 §4) and base64url (§5) over OpenSSL's
 * EVP_EncodeBlock / EVP_DecodeBlock.
 */
#ifndef STIRKIT_BASE64_H
#define STIRKIT_BASE64_H

#include <stddef.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Decodes base64 or base64url text, as people paste it: either alphabet,
 * padding optional, ASCII whitespace ignored. in/len borrowed. *out is
 * allocated with malloc (free with free()), *outlen its length in bytes.
 * Errors: STIR_E_MALFORMED (a character outside both alphabets, named with
 * its position; '=' before the end; a length that cannot be base64),
 * STIR_E_INVALID_ARG, STIR_E_NOMEM.
 */
stir_status stir_base64_decode(const char *in, size_t len, unsigned char **out,
                               size_t *outlen, stir_error_t *err);

/*
 * Decodes base64url strictly, as JOSE requires (RFC 7515 §2, RFC 8555
 * §6.1): only [A-Za-z0-9_-], no padding, no whitespace. Same ownership as
 * stir_base64_decode. Errors: STIR_E_MALFORMED naming the first bad
 * character and its position, or an impossible length; STIR_E_INVALID_ARG;
 * STIR_E_NOMEM; STIR_E_TOO_LARGE.
 */
stir_status stir_base64url_decode_strict(const char *in, size_t len,
                                         unsigned char **out, size_t *outlen,
                                         stir_error_t *err);

/*
 * Encodes len bytes as base64 with padding (url = 0) or as base64url
 * without padding (url = 1). *out is a NUL-terminated malloc'd string
 * (free with free()). Errors: STIR_E_INVALID_ARG, STIR_E_NOMEM.
 */
stir_status stir_base64_encode(const unsigned char *in, size_t len, int url,
                               char **out, stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_BASE64_H */
