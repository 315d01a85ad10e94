/*
 * es256.h - JWS ES256 signatures (RFC 7518 §3.4) next to OpenSSL's DER
 * ECDSA-Sig-Value (RFC 3279 §2.2.3). Internal to verify/; not installed.
 *
 * A JWS carries an ES256 signature as the raw concatenation r || s, each
 * a 32-byte big-endian unsigned integer; OpenSSL signs and verifies the
 * DER SEQUENCE { r INTEGER, s INTEGER }. These helpers convert between the
 * two and check that a key is one ES256 can use (EC on P-256).
 */
#ifndef SKIT_ES256_H
#define SKIT_ES256_H

#include <stddef.h>

#include <openssl/evp.h>

#include "stirkit/error.h"

/* Bytes of an ES256 signature in a JWS: r and s, 32 bytes each. */
#define SKIT_ES256_SIG_LEN 64

/*
 * Converts a DER ECDSA-Sig-Value (as EVP_DigestSign writes it) to the JWS
 * form. der/len borrowed; raw: the caller's SKIT_ES256_SIG_LEN bytes,
 * written only on success. Errors: STIR_E_INVALID_ARG (NULL),
 * STIR_E_MALFORMED (not DER, bytes after the SEQUENCE, r or s negative or
 * longer than 32 bytes).
 */
stir_status skit_es256_der_to_raw(const unsigned char *der, size_t len,
                                  unsigned char raw[SKIT_ES256_SIG_LEN], stir_error_t *err);

/*
 * Converts a JWS ES256 signature to DER for EVP_DigestVerify. raw/len
 * borrowed; len must be exactly SKIT_ES256_SIG_LEN, so a DER signature
 * placed in a JWS (70 to 72 bytes) is refused. *der: new, free with
 * OPENSSL_free(); *derlen its length. Errors: STIR_E_INVALID_ARG (NULL),
 * STIR_E_MALFORMED (length not 64), STIR_E_NOMEM, STIR_E_INTERNAL.
 */
stir_status skit_es256_raw_to_der(const unsigned char *raw, size_t len, unsigned char **der,
                                  size_t *derlen, stir_error_t *err);

/*
 * STIR_OK when key is an EC key on P-256 (prime256v1), the only curve
 * ES256 allows (RFC 7518 §3.4); STIR_E_UNSUPPORTED naming the key type or
 * curve otherwise; STIR_E_INVALID_ARG for NULL. key borrowed.
 */
stir_status skit_es256_check_key(EVP_PKEY *key, stir_error_t *err);

/*
 * A public key prepared for many ES256 verifications: checked once (EC
 * P-256), with its verify context and SHA-256 fetched once, so each
 * verification pays only the digest and the ECDSA arithmetic. Shared by
 * threads (each verification works on a copy of the context).
 */
typedef struct skit_es256_key skit_es256_key;

/* key borrowed (the result holds its own reference). NULL and err on failure. */
skit_es256_key *skit_es256_key_new(EVP_PKEY *key, stir_error_t *err);
void skit_es256_key_free(skit_es256_key *k);

/*
 * Verifies the JWS ES256 signature raw (rawlen bytes, raw r || s) over
 * tbs (len bytes). STIR_OK, STIR_E_SIGNATURE, STIR_E_MALFORMED (rawlen not
 * 64), STIR_E_NOMEM.
 */
stir_status skit_es256_verify(const skit_es256_key *k, const void *tbs, size_t len,
                              const unsigned char *raw, size_t rawlen, stir_error_t *err);

#endif
