/*
 * stirkit/passport.h - PASSporT (RFC 8225) and its SHAKEN extension
 * (RFC 8588): deterministic JSON, ES256 signing, decoding of the full and
 * compact forms, claim checks, freshness and signature verification.
 *
 * A PASSporT is a JWS in compact serialisation,
 *     BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature),
 * signed with ES256 (ECDSA P-256 / SHA-256, signature raw r || s, 64 bytes).
 * Verification runs over the header and payload segments as RECEIVED; the
 * decoded JSON is for reading claims only and is never re-serialised to
 * check a signature.
 *
 * Thread safety: a decoded stir_passport is read-only; any number of
 * threads may read and verify one at the same time.
 */
#ifndef STIRKIT_PASSPORT_H
#define STIRKIT_PASSPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest PASSporT (full compact serialisation, bytes) stirkit decodes. */
#define STIR_PASSPORT_MAX_LEN 8192

/* ---- deterministic JSON (RFC 8225 §9) ---------------------------------- */

/*
 * Serialises v as RFC 8225 §9 asks for a PASSporT header or payload: member
 * names sorted by Unicode code point (bytewise UTF-8 order), recursively;
 * no whitespace; lower-case literals; '/' not escaped; non-ASCII UTF-8 kept
 * as is; arrays keep their order. Numbers must be integers: any JSON real
 * (even 5.0) is refused.
 *
 * v: any JSON value (normally an object), borrowed. *out: new NUL-terminated
 * string, free with free(). Errors: STIR_E_INVALID_ARG (NULL),
 * STIR_E_MALFORMED (a real number, named by its path, or nesting deeper than
 * 64 levels), STIR_E_NOMEM.
 */
stir_status stir_json_canonical(const json_t *v, char **out, stir_error_t *err);

/* ---- signing (STI-AS) -------------------------------------------------- */

/*
 * What stir_passport_sign puts into a PASSporT. All strings are borrowed,
 * NUL-terminated UTF-8.
 *
 * iat:      issued-at, seconds since 1970-01-01 UTC (RFC 8225 §5.1.1).
 * orig_tn / orig_uri: the originating identity; exactly one is non-NULL
 *           (RFC 8225 §5.2.1). orig_tn is canonicalised (RFC 8224 §8.3,
 *           stir_tn_canonicalize) before it is signed.
 * dest_tn[n_dest_tn], dest_uri[n_dest_uri]: destination identities; at
 *           least one in total. TNs are canonicalised; each array is signed
 *           sorted in lexicographic (bytewise) order (RFC 8225 §5.2.1).
 * ppt:      NULL for a base PASSporT, or "shaken" (RFC 8588).
 * attest:   for ppt "shaken": "A", "B" or "C" (RFC 8588 §4); else NULL.
 * origid:   for ppt "shaken": a UUID, 8-4-4-4-12 hex (RFC 8588 §5); else NULL.
 * x5u:      https URL of the signer's certificate chain (RFC 8225 §4.3).
 */
typedef struct stir_passport_claims {
    int64_t iat;
    const char *orig_tn;
    const char *orig_uri;
    const char *const *dest_tn;
    size_t n_dest_tn;
    const char *const *dest_uri;
    size_t n_dest_uri;
    const char *ppt;
    const char *attest;
    const char *origid;
    const char *x5u;
} stir_passport_claims;

/*
 * Builds and signs a PASSporT (RFC 8225 §6, RFC 8588): header
 * {"alg":"ES256",["ppt":...,]"typ":"passport","x5u":...}, payload with
 * attest/dest/iat/orig/origid, each serialised by stir_json_canonical and
 * base64url-encoded without padding; ES256 (ECDSA P-256 with SHA-256)
 * over ASCII(header "." payload); the DER signature is converted to raw
 * r || s (RFC 7518 §3.4). OpenSSL 3.0 signs with a random nonce, so two
 * calls give different signatures over the same signing input.
 *
 * c borrowed. key: an EC P-256 private key, borrowed (any provider, e.g.
 * OSSL_STORE). *jws: new NUL-terminated compact serialisation, free with
 * free(); untouched on failure.
 * Errors: STIR_E_INVALID_ARG (NULL arguments, not exactly one orig, no dest,
 * a NULL entry, x5u not https, attest/origid given without ppt "shaken" or
 * missing with it); STIR_E_MALFORMED (a TN that does not canonicalise, an
 * empty URI, a string that is not UTF-8, attest not A/B/C, origid not a
 * UUID); STIR_E_UNSUPPORTED (ppt other than "shaken"; key not EC P-256);
 * STIR_E_TOO_LARGE (the result would exceed STIR_PASSPORT_MAX_LEN, which
 * stir_passport_decode would refuse); STIR_E_NOMEM; STIR_E_INTERNAL
 * (OpenSSL could not sign, e.g. no private key).
 */
stir_status stir_passport_sign(const stir_passport_claims *c, EVP_PKEY *key, char **jws,
                               stir_error_t *err);

/*
 * Writes a random RFC 4122 version-4 UUID ("8-4-4-4-12" lower-case hex and
 * NUL) into out, for the SHAKEN origid claim (RFC 8588 §5). Returns 1, or
 * 0 when the random generator fails.
 */
int stir_origid_random(char out[37]);

/* ---- decoding (STI-VS) ------------------------------------------------- */

/* A decoded PASSporT: its received segments and their JSON. Opaque. */
typedef struct stir_passport stir_passport;

/*
 * Decodes a PASSporT in full form (RFC 8225 §6). Checks only the JWS shape:
 * len <= STIR_PASSPORT_MAX_LEN; exactly three '.'-separated segments, header
 * and payload non-empty; each segment strict base64url (no padding, RFC 7515
 * §2); header and payload each a JSON object (UTF-8, duplicate member names
 * and \u0000 in strings refused, nothing after the object); the signature 64
 * bytes when the header's alg is ES256 or absent. Claims are checked by
 * stir_passport_check, the signature by stir_passport_verify_signature.
 *
 * jws/len borrowed (len bytes, need not be NUL-terminated; a NUL byte is
 * refused). *out: new, free with stir_passport_free; NULL on failure.
 * Errors: STIR_E_INVALID_ARG (NULL); STIR_E_TOO_LARGE; STIR_E_MALFORMED
 * with a sentence naming the segment (header, payload, signature);
 * STIR_E_NOMEM.
 */
stir_status stir_passport_decode(const char *jws, size_t len, stir_passport **out,
                                 stir_error_t *err);

/*
 * Decodes a PASSporT in compact form, ".." BASE64URL(signature) (RFC 8225
 * §7). The using protocol reconstructs the header and claims; the caller
 * passes them as JSON objects and the signing input is rebuilt as
 * BASE64URL(stir_json_canonical(header)) "." BASE64URL(stir_json_canonical
 * (claims)). Same limits as stir_passport_decode.
 *
 * compact/len, header, claims borrowed (the passport keeps its own copies).
 * *out: new, free with stir_passport_free. Errors: STIR_E_INVALID_ARG
 * (NULL); STIR_E_TOO_LARGE; STIR_E_MALFORMED (not "..sig", header or claims
 * not an object, a real number in them, bad signature encoding or length);
 * STIR_E_NOMEM.
 */
stir_status stir_passport_decode_compact(const char *compact, size_t len, const json_t *header,
                                         const json_t *claims, stir_passport **out,
                                         stir_error_t *err);

/* Frees a decoded PASSporT. NULL is fine. */
void stir_passport_free(stir_passport *p);

/* 1 when p came from stir_passport_decode_compact, else 0. */
int stir_passport_is_compact(const stir_passport *p);

/* ---- reading ------------------------------------------------------------ */

/*
 * The decoded header / payload object. Borrowed: valid while p lives; do not
 * modify it or json_decref it (json_incref to keep it longer).
 */
json_t *stir_passport_get0_header(const stir_passport *p);
json_t *stir_passport_get0_claims(const stir_passport *p);

/*
 * Header x5u and ppt, payload attest and origid as strings (borrowed, valid
 * while p lives), or NULL when absent or not a JSON string. They read the
 * JSON as received; stir_passport_check says whether the values conform.
 */
const char *stir_passport_get0_x5u(const stir_passport *p);
const char *stir_passport_get0_ppt(const stir_passport *p);
const char *stir_passport_get0_attest(const stir_passport *p);
const char *stir_passport_get0_origid(const stir_passport *p);

/*
 * The iat claim (seconds since 1970 UTC) into *iat. Errors:
 * STIR_E_INVALID_ARG (NULL), STIR_E_MALFORMED (iat absent or not a JSON
 * integer, e.g. the string of RFC 8588 erratum 6656).
 */
stir_status stir_passport_get_iat(const stir_passport *p, int64_t *iat, stir_error_t *err);

/* Kinds of identity in orig and dest (RFC 8225 §5.2.1). */
typedef enum stir_passport_idtype {
    STIR_PASSPORT_ID_NONE = 0, /* absent or ill-formed */
    STIR_PASSPORT_ID_TN = 1,   /* "tn": a canonical telephone number */
    STIR_PASSPORT_ID_URI = 2   /* "uri": a URI */
} stir_passport_idtype;

/*
 * The orig identity: the string of {"tn":S} or {"uri":S} (borrowed, valid
 * while p lives), with *type (may be NULL) set to its kind. NULL and
 * STIR_PASSPORT_ID_NONE when orig is not an object holding exactly one
 * string member named tn or uri.
 */
const char *stir_passport_get0_orig(const stir_passport *p, stir_passport_idtype *type);

/*
 * Entries of dest's "tn" or "uri" array: the count (0 when absent or not an
 * array), and entry i as a string (borrowed; NULL when out of range or not a
 * string). The order is the received one.
 */
size_t stir_passport_dest_count(const stir_passport *p, stir_passport_idtype type);
const char *stir_passport_get0_dest(const stir_passport *p, stir_passport_idtype type,
                                    size_t i);

/* ---- checks ------------------------------------------------------------- */

/*
 * Checks header and claims against RFC 8225 and, for ppt "shaken", RFC 8588:
 *   header: typ is "passport" (§4.1); alg is "ES256" (§4.2); ppt absent or
 *   "shaken" (§8: relying parties MUST fail an unsupported ppt); x5u a string
 *   (§4.3; its URL policy belongs to the fetcher);
 *   payload: iat a JSON integer (§5.1.1; a string as in RFC 8588 erratum 6656
 *   is refused); orig an object with exactly one member, "tn" (a canonical
 *   TN, RFC 8224 §8.3) or "uri" (a non-empty string) (§5.2.1); dest an
 *   object with "tn" and/or "uri" arrays and no other member, each array
 *   non-empty and of such strings;
 *   ppt "shaken": attest one of "A", "B", "C" (RFC 8588 §4) and origid a
 *   UUID, 8-4-4-4-12 hex digits (RFC 8588 §5).
 * Stops at the first failure. p borrowed.
 * Errors: STIR_E_INVALID_ARG (NULL); STIR_E_UNSUPPORTED (alg other than
 * ES256, ppt other than "shaken"); STIR_E_MALFORMED (any other failure, the
 * sentence naming the header parameter or claim).
 */
stir_status stir_passport_check(const stir_passport *p, stir_error_t *err);

/*
 * Freshness: |now - iat| <= max_age, in both directions, so a future iat
 * is as stale as an old one (RFC 8224 §6.2.1; the recommended window is
 * 60 s, the caller's choice). now: seconds since 1970 UTC; max_age: seconds,
 * >= 0. Errors: STIR_E_INVALID_ARG (NULL, max_age < 0); STIR_E_MALFORMED (iat
 * absent or not an integer); STIR_E_STALE ("iat ... is N s in the past" or
 * "... in the future").
 */
stir_status stir_passport_check_iat(const stir_passport *p, int64_t now, int64_t max_age,
                                    stir_error_t *err);

/*
 * Verifies the ES256 signature over the received signing input
 * (BASE64URL(header) "." BASE64URL(payload), exactly as received, or as
 * rebuilt for the compact form). key: the signer's public (or private) EC
 * P-256 key, borrowed - normally the x5u leaf certificate's key.
 * Errors: STIR_E_INVALID_ARG (NULL); STIR_E_UNSUPPORTED (header alg is not
 * ES256; key not EC P-256); STIR_E_MALFORMED (signature not 64 bytes);
 * STIR_E_SIGNATURE (the signature does not verify); STIR_E_INTERNAL.
 */
stir_status stir_passport_verify_signature(const stir_passport *p, EVP_PKEY *key,
                                           stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_PASSPORT_H */
