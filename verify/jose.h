/*
 * JOSE pieces shared by PASSporTs (verify/) and Authority Tokens (acme/):
 * naming JSON kinds in messages, and making an ES256 compact JWS. Internal.
 */
#ifndef STIR_JOSE_H
#define STIR_JOSE_H

#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "stirkit/error.h"

/* "object", "array", "string", "integer", "real number", "true", "false", "null". */
const char *skit_json_kind(const json_t *v);

/*
 * A JWS segment: v serialised with stir_json_canonical (RFC 8225 §9) and
 * base64url-encoded without padding; *seg malloc'd. Errors are prefixed
 * "WHAT NAME: " (e.g. "PASSporT payload: "): STIR_E_MALFORMED, STIR_E_NOMEM.
 */
stir_status skit_jws_segment(const json_t *v, const char *what, const char *name, char **seg,
                             stir_error_t *err);

/*
 * The compact JWS (RFC 7515 §7.1) of header and payload, each serialised
 * with stir_json_canonical (RFC 8225 §9) and base64url-encoded without
 * padding, signed ES256 with key (raw r || s, RFC 7518 §3.4). what names
 * the object in errors ("PASSporT", "Authority Token"). *out malloc'd.
 * Errors: STIR_E_MALFORMED (a segment does not serialise, e.g. a real
 * number), STIR_E_TOO_LARGE (over max_len bytes), STIR_E_NOMEM,
 * STIR_E_INTERNAL (the key cannot sign).
 */
stir_status skit_jws_compact_es256(const json_t *header, const json_t *payload, EVP_PKEY *key,
                                   size_t max_len, const char *what, char **out,
                                   stir_error_t *err);

#endif
