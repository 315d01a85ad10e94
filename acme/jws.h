/*
 * jws.h - ACME request bodies: JWS in the flattened JSON serialization
 * (RFC 7515 §7.2.2) as RFC 8555 §6.2 constrains it. Internal to acme/; not
 * installed.
 *
 * Parsing checks the shape only; the server then looks up the key (the
 * embedded "jwk", or the account named by "kid"), checks "nonce" and "url"
 * (RFC 8555 §6.4, §6.5), and calls skit_jws_verify. The signature is
 * checked over the protected header and payload AS RECEIVED, never over a
 * re-serialisation.
 */
#ifndef SKIT_JWS_H
#define SKIT_JWS_H

#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "stirkit/error.h"

/* Largest request body accepted, in bytes. */
#define SKIT_JWS_MAX_BODY 65536

/* A parsed request. Zero-initialise, or let skit_jws_parse fill it. */
typedef struct {
    json_t *protected_hdr;        /* owned: the decoded protected header */
    json_t *payload;              /* owned; NULL for POST-as-GET ("payload":"") */
    const char *alg, *nonce, *url, *kid;  /* borrowed from protected_hdr;
                                             kid NULL when jwk is used */
    json_t *jwk;                  /* borrowed from protected_hdr, or NULL */
    char *signing_input; size_t signing_input_len;   /* owned: protected "." payload as received */
    unsigned char *sig; size_t sig_len;              /* owned */
} skit_jws;

/*
 * Parses an ACME request body (RFC 8555 §6.2, RFC 7515 §7.2.2). body/len
 * borrowed (need not be NUL-terminated). On success *out owns what it
 * holds; free with skit_jws_clear. On failure *out is left cleared.
 *
 * Refused with STIR_E_MALFORMED and a sentence naming the rule: a body that
 * is empty, not JSON, not a JSON object, or repeats a member name (at any
 * level, also inside the protected header and payload); "signatures" (the
 * general serialization); an unprotected "header"; "protected", "payload"
 * or "signature" missing or not a string; a segment that is not strict
 * base64url (RFC 7515 §2: no padding, no whitespace); an empty protected
 * header or signature; a protected header that is not a JSON object; no
 * "alg", "nonce" or "url" string in it; both "jwk" and "kid", or neither
 * (RFC 8555 §6.2: "MUST reject requests that contain both"); a "jwk" that
 * is not an object or a "kid" that is not a non-empty string; "b64" (an
 * unencoded payload, RFC 7797) or "crit"; a payload that is neither "" nor
 * a base64url JSON object.
 * STIR_E_UNSUPPORTED: "alg" is "none", a MAC (HS256/384/512), or anything
 * but ES256, RS256 and EdDSA (the server answers badSignatureAlgorithm).
 * STIR_E_TOO_LARGE: len over SKIT_JWS_MAX_BODY. STIR_E_INVALID_ARG (NULL),
 * STIR_E_NOMEM.
 */
stir_status skit_jws_parse(const char *body, size_t len, skit_jws *out, stir_error_t *err);

/*
 * Parses the inner JWS of a keyChange request (RFC 8555 §7.3.5), the
 * outer payload re-serialised or as received. As skit_jws_parse, except
 * that "nonce" must be absent (the RFC: the inner JWS "MUST omit" it;
 * j->nonce is NULL) and "jwk" (the new key) is required, "kid" refused;
 * both with STIR_E_MALFORMED. The caller checks that url equals the outer
 * url and that the payload names the account and the old key.
 */
stir_status skit_jws_parse_inner(const char *body, size_t len, skit_jws *out,
                                 stir_error_t *err);

/*
 * Verifies j's signature with key (borrowed; the account key, or the JWK's
 * key from skit_jwk_to_pkey) over j->signing_input. The alg must fit the
 * key: ES256 with EC P-256 (signature raw r||s, 64 bytes, RFC 7518 §3.4),
 * RS256 with RSA of at least 2048 bits (RSASSA-PKCS1-v1_5 with SHA-256,
 * §3.3), EdDSA with Ed25519 (RFC 8037 §3.1).
 * Returns STIR_OK; STIR_E_UNSUPPORTED (alg and key do not fit);
 * STIR_E_SIGNATURE (the signature does not verify, or has the wrong length
 * for its alg); STIR_E_INVALID_ARG (NULL); STIR_E_NOMEM.
 */
stir_status skit_jws_verify(const skit_jws *j, EVP_PKEY *key, stir_error_t *err);

/* Frees what j owns and zeroes it. NULL is fine. */
void skit_jws_clear(skit_jws *j);

#endif
