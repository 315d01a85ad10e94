/*
 * jwk.h - JSON Web Keys (RFC 7517, RFC 7518 §6) of ACME account keys and
 * token keys, and their RFC 7638 thumbprints. Internal to acme/; not
 * installed.
 *
 * Accepted keys, the ones RFC 8555 §6.2 servers use:
 *   EC  "crv":"P-256", "x" and "y" 32 bytes each (ES256, RFC 7518 §6.2.1);
 *   RSA "n" and "e", modulus of 2048..8192 bits (RS256, RFC 7518 §6.3.1);
 *   OKP "crv":"Ed25519", "x" 32 bytes (EdDSA, RFC 8037 §2).
 * Every binary member is strict base64url without padding (RFC 7515 §2),
 * and must be in its one canonical length (full-size EC coordinates, RSA
 * integers without leading zero octets), so one key has one JWK and one
 * thumbprint. A private member ("d"; for RSA also "p", "q", "dp", "dq",
 * "qi", "oth") is refused: a JWK sent to the server must never carry one.
 */
#ifndef SKIT_JWK_H
#define SKIT_JWK_H

#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "stirkit/error.h"

/* Smallest and largest RSA moduli accepted, in bits. */
#define SKIT_JWK_RSA_MIN_BITS 2048
#define SKIT_JWK_RSA_MAX_BITS 8192

/* Bytes of a SHA-256 digest (thumbprints, fingerprints). */
#define SKIT_SHA256_LEN 32

/* Size of an RFC 9448 fingerprint "SHA256 AB:...:EF" with its NUL. */
#define SKIT_FINGERPRINT_SIZE 104

/*
 * Builds the public key a JWK describes (RFC 7517 §4, RFC 7518 §6.2.1,
 * §6.3.1, RFC 8037 §2). jwk borrowed (members other than those named
 * above, such as "kid", "use" or "alg", are ignored). *out: a new key, free
 * with EVP_PKEY_free; untouched on failure.
 * Errors: STIR_E_INVALID_ARG (NULL); STIR_E_MALFORMED (not an object, no
 * "kty", a required member missing or not a string, not strict base64url,
 * not canonical base64url (non-zero unused bits in the last character),
 * a wrong length, an EC point not on P-256, a private member);
 * STIR_E_UNSUPPORTED (kty "oct" or unknown, an EC curve other than P-256,
 * an OKP curve other than Ed25519, an RSA modulus under 2048 or over 8192
 * bits); STIR_E_NOMEM; STIR_E_INTERNAL.
 */
stir_status skit_jwk_to_pkey(const json_t *jwk, EVP_PKEY **out, stir_error_t *err);

/*
 * The RFC 7638 §3 thumbprint: SHA-256 over the JWK's required members only
 * (EC: crv, kty, x, y; RSA: e, kty, n; OKP: crv, kty, x), serialised with
 * sorted member names and no whitespace (stir_json_canonical). The JWK is
 * first checked as skit_jwk_to_pkey does, so only a usable public key has
 * a thumbprint. jwk borrowed; digest: the caller's 32 bytes, written on
 * success. Errors: those of skit_jwk_to_pkey.
 */
stir_status skit_jwk_thumbprint(const json_t *jwk, unsigned char digest[SKIT_SHA256_LEN],
                                stir_error_t *err);

/*
 * The public JWK of key (borrowed; a private key gives its public half):
 * {"kty":"EC","crv":"P-256","x","y"}, {"kty":"RSA","n","e"} or
 * {"kty":"OKP","crv":"Ed25519","x"}. Returns a new reference (json_decref),
 * or NULL with err: STIR_E_INVALID_ARG (NULL), STIR_E_UNSUPPORTED (another
 * key type or EC curve, an RSA key outside 2048..8192 bits), STIR_E_NOMEM,
 * STIR_E_INTERNAL.
 */
json_t *skit_pkey_to_jwk(EVP_PKEY *key, stir_error_t *err);

/*
 * SHA-256 over the DER SubjectPublicKeyInfo of key (borrowed), the digest
 * some token authorities (the STI-PA helper) put in atc.fingerprint instead
 * of the RFC 7638 thumbprint (vectors.md D3). Errors: STIR_E_INVALID_ARG,
 * STIR_E_INTERNAL.
 */
stir_status skit_pkey_spki_sha256(EVP_PKEY *key, unsigned char digest[SKIT_SHA256_LEN],
                                  stir_error_t *err);

/*
 * Writes digest in the RFC 9448 §5.4 fingerprint form, "SHA256 " and the 32
 * bytes as upper-case hex pairs joined by ':' (102 characters), into out
 * (SKIT_FINGERPRINT_SIZE bytes, NUL-terminated). Returns out.
 */
char *skit_fingerprint_format(const unsigned char digest[SKIT_SHA256_LEN],
                              char out[SKIT_FINGERPRINT_SIZE]);

#endif
