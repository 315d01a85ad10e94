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
 * Parses JSON text strictly (RFC 8259; any top-level value): duplicate
 * member names are refused, as RFC 7515 §4 lets a JWS parser do, and so is
 * \u0000 in strings. label names the text in errors ("request body").
 * *out is a new reference. Errors: STIR_E_MALFORMED ("LABEL repeats a JSON
 * member name (...)", "LABEL is not valid JSON: ... (byte N)").
 */
stir_status skit_json_load_strict(const char *text, size_t len, const char *label, json_t **out,
                                  stir_error_t *err);

/*
 * Decodes one JWS segment (RFC 7515 §2: base64url, no padding, decoded
 * strictly). label names it ("PASSporT header"). *out malloc'd, *outlen
 * bytes. Errors: STIR_E_MALFORMED ("LABEL segment is empty", "LABEL
 * segment: <what is wrong>"), STIR_E_NOMEM.
 */
stir_status skit_jws_segment_decode(const char *seg, size_t len, const char *label,
                                    unsigned char **out, size_t *outlen, stir_error_t *err);

/*
 * Decodes a JWS header or payload segment that must hold a JSON object
 * (RFC 7515 §4, RFC 8225 §4): skit_jws_segment_decode, then
 * skit_json_load_strict. *out is a new reference. Errors: as those two, and
 * STIR_E_MALFORMED "LABEL is a JSON array, not an object".
 */
stir_status skit_jws_segment_object(const char *seg, size_t len, const char *label,
                                    json_t **out, stir_error_t *err);

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
