/*
 * stirkit/tkauth.h - ACME Authority Tokens (RFC 9447) in their TNAuthList
 * profile (RFC 9448): minting tokens as a token authority, validating them
 * for the tkauth-01 challenge as an ACME server, and the account-key
 * thumbprint a token binds to (RFC 7638, RFC 8555 §8.1, RFC 9448 §5.4).
 *
 * An Authority Token is a JWT in the JWS compact serialization, signed
 * ES256 by a token authority whose certificate the JOSE header names by
 * "x5u" (an https URL of a PEM chain) or carries in "x5c". Its claims:
 *   "atc": {"tktype":"TNAuthList", "tkvalue": base64url(DER TNAuthList),
 *           "ca": bool (optional, false when absent),
 *           "fingerprint": "SHA256 XX:XX:..." of the ACME account key},
 *   "exp" and "jti" (required), "iat", "nbf", "iss" (optional).
 *
 * Thread safety: no shared state; the policy and trust anchors are only
 * read, so threads may validate with the same policy at once.
 */
#ifndef STIRKIT_TKAUTH_H
#define STIRKIT_TKAUTH_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "stirkit/chain.h"
#include "stirkit/error.h"
#include "stirkit/fetch.h"
#include "stirkit/verifier.h" /* stir_fetch_fn */

#ifdef __cplusplus
extern "C" {
#endif

/* Longest Authority Token (compact serialization, bytes) accepted or minted. */
#define STIR_TKAUTH_MAX_LEN 16384

/* Clock skew allowed for exp and nbf when the policy gives 0, seconds. */
#define STIR_TKAUTH_DEFAULT_SKEW 60

/* Token lifetime when the mint options give 0, seconds. */
#define STIR_TKAUTH_DEFAULT_LIFETIME 3600

/*
 * The RFC 7638 thumbprint of key's public JWK (EC P-256, RSA 2048..8192
 * bits, or Ed25519; a private key gives its public half's), as RFC 8555
 * §8.1 and RFC 9448 §5.4 use it:
 *   b64url:      base64url without padding, 43 characters and NUL
 *                ("I1-pNDvuRdW9pX8z5zAuH3M6OCS4IWaleMSWr6z1afY");
 *   fingerprint: "SHA256 " and the 32 digest bytes as upper-case hex pairs
 *                joined by ':', 102 characters and NUL.
 * Either output may be NULL; both are written only on success. key
 * borrowed. Errors: STIR_E_INVALID_ARG (NULL key); STIR_E_UNSUPPORTED
 * (another key type or curve); STIR_E_NOMEM; STIR_E_INTERNAL.
 */
stir_status stir_key_thumbprint(EVP_PKEY *key, char b64url[44], char fingerprint[104],
                                stir_error_t *err);

/* What stir_tkauth_mint puts into a token. Zero-initialise, then set. */
typedef struct stir_tkauth_mint_opts {
    EVP_PKEY *key;                 /* the token authority's P-256 private key */
    const char *x5u;               /* https URL of the TA certificate (chain), or NULL ... */
    const char *x5c_pem;           /* ... or the TA certificate chain as PEM, put in "x5c"
                                      (base64 DER, standard alphabet, RFC 7515 §4.1.6) */
    const unsigned char *tnauthlist_der; size_t tnauthlist_len;  /* atc.tkvalue */
    const char *fingerprint;       /* atc.fingerprint, as given */
    int ca;                        /* atc.ca */
    int64_t now;                   /* iat (and nbf) */
    int64_t lifetime;              /* exp = now + lifetime; 0 = 3600 */
    const char *iss;               /* optional */
    const char *jti;               /* optional; NULL = random */
    unsigned char reserved[32];
} stir_tkauth_mint_opts;

/*
 * Mints a TNAuthList Authority Token (RFC 9448 §5, RFC 9447 §4):
 *   JOSE header {"alg":"ES256","typ":"JWT"} with "x5u" (the URL as given)
 *   or "x5c" (the chain of x5c_pem, linked leaf first as stir_chain_from_pem
 *   links it, each certificate base64 DER in the standard alphabet with
 *   padding, RFC 7515 §4.1.6);
 *   claims {"atc":{"ca":bool,"fingerprint":...,"tktype":"TNAuthList",
 *   "tkvalue":base64url(DER) without padding},"exp":now+lifetime,"iat":now,
 *   "iss"?,"jti","nbf":now};
 * each serialised with sorted member names and no whitespace, then signed
 * ES256 (signature raw r||s, RFC 7518 §3.4). A NULL jti becomes 16 random
 * bytes in base64url (22 characters).
 *
 * o borrowed (the key may live in any provider). *jwt: a new NUL-terminated
 * compact JWS, free with free(); untouched on failure.
 * Errors: STIR_E_INVALID_ARG (NULL options, key or output; neither or both
 * of x5u and x5c_pem; x5u not an https URL; no TNAuthList DER; no or an
 * empty fingerprint; lifetime < 0; an empty iss or jti; a jti of 128 bytes
 * or more; the x5c leaf does not hold the key's public half, or x5c_pem
 * holds certificates outside the chain); STIR_E_MALFORMED (tnauthlist_der
 * is not a DER TNAuthList, x5c_pem does not read as a chain; a string that
 * is not UTF-8); STIR_E_UNSUPPORTED (the key is not EC P-256);
 * STIR_E_TOO_LARGE (the token would exceed STIR_TKAUTH_MAX_LEN);
 * STIR_E_NOMEM; STIR_E_INTERNAL (signing failed, e.g. no private key).
 */
stir_status stir_tkauth_mint(const stir_tkauth_mint_opts *o, char **jwt, stir_error_t *err);

/* How stir_tkauth_validate judges tokens. Zero-initialise, then set. */
typedef struct stir_tkauth_policy {
    const stir_trust *anchors;     /* token-authority trust anchors (the STI-PA root or your own) */
    stir_fetch_opts fetch;         /* for x5u (https policy) */
    stir_fetch_fn fetch_fn; void *fetch_arg;   /* NULL = stir_fetch; tests inject */
    int64_t skew;                  /* clock skew allowed for exp/nbf; 0 = 60 */
    int accept_spki_fingerprint;   /* also accept SHA256 over the account key's SPKI DER
                                      (STI-PA practice; vectors.md D3); default off */
    unsigned char reserved[32];
} stir_tkauth_policy;

/* What a valid token grants; the ACME server keeps it on the authorization. */
typedef struct stir_tkauth_grant {
    int ca;                        /* atc.ca (false when absent) */
    int64_t exp;
    char jti[128];
} stir_tkauth_grant;

/*
 * Validates a tkauth-01 Authority Token for an ACME TNAuthList identifier
 * (RFC 9448 §6 steps 1-8; shared/spec/acme-ca.md §2.2), in this order, the
 * first failure deciding:
 *   1. token is a string of at most STIR_TKAUTH_MAX_LEN bytes
 *      (STIR_E_TOO_LARGE; STIR_E_MALFORMED when empty);
 *   2. it is a JWS compact serialization: three segments, each strict
 *      base64url, header and payload JSON objects without duplicate member
 *      names (STIR_E_MALFORMED);
 *   3. header alg is ES256 (STIR_E_UNSUPPORTED otherwise: "none", HS256,
 *      RS256 ...); no "crit" (STIR_E_MALFORMED);
 *   4. exactly one of x5u and x5c (STIR_E_MALFORMED for both or neither).
 *      x5u: allowed by policy->fetch (stir_fetch_check_url: https, port,
 *      no userinfo/query/fragment; STIR_E_REFUSED), fetched with
 *      policy->fetch_fn or stir_fetch (STIR_E_FETCH naming the URL when it
 *      cannot be fetched or does not answer 200; STIR_E_REFUSED for a
 *      special-purpose address), a PEM chain whose first certificate is the
 *      token authority's (STIR_E_MALFORMED otherwise). x5c: an array of
 *      1..STIR_CHAIN_MAX_DEPTH base64 DER certificates, the first the token
 *      authority's (STIR_E_MALFORMED otherwise);
 *   5. the token authority certificate path-validates (RFC 5280 §6) to
 *      policy->anchors at now, through the other certificates given, and
 *      its keyUsage, when present, allows digitalSignature (STIR_E_REFUSED,
 *      "untrusted token authority '<subject>': ..."); its key is EC P-256
 *      (STIR_E_UNSUPPORTED);
 *   6. the ES256 signature verifies with that key over the received header
 *      and payload segments (STIR_E_SIGNATURE);
 *   7. exp is present and a number (STIR_E_MALFORMED) and now <= exp + skew
 *      (STIR_E_STALE); nbf, when present, a number with nbf <= now + skew
 *      (STIR_E_STALE);
 *   8. jti is present, a non-empty string shorter than 128 bytes
 *      (STIR_E_MALFORMED);
 *   9. atc is an object (STIR_E_MALFORMED) whose tktype equals
 *      "TNAuthList" ignoring case (STIR_E_REFUSED; absent: STIR_E_MALFORMED);
 *      whose tkvalue, decoded as base64url or standard base64 with or
 *      without padding (STIR_E_MALFORMED when it does not decode), equals
 *      identifier_der byte for byte (STIR_E_REFUSED "tkvalue names other
 *      numbers ..."); whose ca, when present, is a boolean
 *      (STIR_E_MALFORMED);
 *  10. atc.fingerprint is "SHA256 XX:XX:..." (hex in either case) or the
 *      43-character base64url thumbprint (STIR_E_MALFORMED otherwise;
 *      STIR_E_UNSUPPORTED for another hash name), and its 32 bytes equal
 *      account_thumbprint, or, with policy->accept_spki_fingerprint and an
 *      account_key, SHA-256 of the account key's DER SubjectPublicKeyInfo;
 *      compared in constant time (STIR_E_REFUSED "fingerprint belongs to
 *      another account key").
 * RFC 9448 §6 step 9 (atc.ca against the CSR's basicConstraints) and the
 * jti reuse policy belong to the caller: it keeps *grant and applies them
 * at finalize.
 *
 * token: NUL-terminated, borrowed. identifier_der/der_len: the DER
 * TNAuthList of the ACME identifier (decoded from its "value"), borrowed.
 * account_thumbprint: the 32-byte RFC 7638 thumbprint (SHA-256 digest) of
 * the requesting account's key, as stir_key_thumbprint's b64url decodes
 * to. account_key: that key, borrowed,
 * needed only for the SPKI variant (may be NULL). now: seconds since 1970
 * UTC. policy borrowed. grant: may be NULL; zeroed, then filled on success.
 * Every failure's err->text is one sentence naming the step and why.
 * Other errors: STIR_E_INVALID_ARG (NULL token, identifier, thumbprint,
 * policy or anchors; skew < 0), STIR_E_NOMEM, STIR_E_INTERNAL.
 */
stir_status stir_tkauth_validate(const char *token, const unsigned char *identifier_der,
                                 size_t der_len, const unsigned char account_thumbprint[32],
                                 EVP_PKEY *account_key, int64_t now,
                                 const stir_tkauth_policy *policy, stir_tkauth_grant *grant,
                                 stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_TKAUTH_H */
