/* ES256 signatures: JWS raw r || s (RFC 7518 §3.4) <-> DER ECDSA-Sig-Value. */
#include <limits.h>
#include <string.h>

#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "es256.h"
#include "error_int.h"

#define HALF (SKIT_ES256_SIG_LEN / 2)

stir_status skit_es256_der_to_raw(const unsigned char *der, size_t len,
                                  unsigned char raw[SKIT_ES256_SIG_LEN], stir_error_t *err)
{
    const unsigned char *p = der;
    unsigned char *re = NULL;
    unsigned char buf[SKIT_ES256_SIG_LEN];
    const BIGNUM *r, *s;
    ECDSA_SIG *sig;
    int relen;

    if (der == NULL || raw == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL ECDSA signature or output");
    if (len == 0 || len > 256)
        return skit_fail(err, STIR_E_MALFORMED,
                         "DER ECDSA signature of %zu bytes cannot be a P-256 signature", len);
    sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
    if (sig == NULL) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_MALFORMED,
                         "signature is not a DER ECDSA-Sig-Value SEQUENCE { r, s }");
    }
    if (p != der + len) {
        ECDSA_SIG_free(sig);
        return skit_fail(err, STIR_E_MALFORMED,
                         "%zu byte(s) follow the DER ECDSA-Sig-Value", (size_t)(der + len - p));
    }
    relen = i2d_ECDSA_SIG(sig, &re);
    if (relen < 0 || (size_t)relen != len || memcmp(re, der, len) != 0) {
        OPENSSL_free(re);
        ECDSA_SIG_free(sig);
        ERR_clear_error();
        return skit_fail(err, STIR_E_MALFORMED, "ECDSA signature is BER, not DER");
    }
    OPENSSL_free(re);
    ECDSA_SIG_get0(sig, &r, &s);
    if (BN_is_negative(r) || BN_is_negative(s) ||
        BN_bn2binpad(r, buf, HALF) != HALF || BN_bn2binpad(s, buf + HALF, HALF) != HALF) {
        ECDSA_SIG_free(sig);
        return skit_fail(err, STIR_E_MALFORMED,
                         "ECDSA signature r or s is negative or longer than %d bytes", HALF);
    }
    ECDSA_SIG_free(sig);
    memcpy(raw, buf, sizeof(buf));
    return STIR_OK;
}

stir_status skit_es256_raw_to_der(const unsigned char *raw, size_t len, unsigned char **der,
                                  size_t *derlen, stir_error_t *err)
{
    BIGNUM *r, *s;
    ECDSA_SIG *sig;
    unsigned char *out = NULL;
    int n;

    if (raw == NULL || der == NULL || derlen == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL ES256 signature or output");
    if (len != SKIT_ES256_SIG_LEN)
        return skit_fail(err, STIR_E_MALFORMED,
                         "ES256 signature is %zu bytes; JWS ES256 needs %d (raw r||s, "
                         "RFC 7518 §3.4), a DER signature is not allowed",
                         len, SKIT_ES256_SIG_LEN);
    r = BN_bin2bn(raw, HALF, NULL);
    s = BN_bin2bn(raw + HALF, HALF, NULL);
    sig = ECDSA_SIG_new();
    if (r == NULL || s == NULL || sig == NULL) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        ERR_clear_error();
        return skit_fail(err, STIR_E_NOMEM, "out of memory converting an ES256 signature");
    }
    if (ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return skit_fail_openssl(err, "cannot build an ECDSA signature");
    }
    n = i2d_ECDSA_SIG(sig, &out);
    ECDSA_SIG_free(sig);
    if (n <= 0)
        return skit_fail_openssl(err, "cannot DER-encode an ECDSA signature");
    *der = out;
    *derlen = (size_t)n;
    return STIR_OK;
}

stir_status skit_es256_check_key(EVP_PKEY *key, stir_error_t *err)
{
    char group[64];
    size_t glen = 0;
    const char *type;

    if (key == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL key");
    type = EVP_PKEY_get0_type_name(key);
    if (!EVP_PKEY_is_a(key, "EC"))
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "a %s key cannot make or check ES256 signatures; ES256 needs EC P-256",
                         type != NULL ? type : "non-EC");
    if (EVP_PKEY_get_group_name(key, group, sizeof(group), &glen) != 1) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_UNSUPPORTED, "EC key names no curve; ES256 needs P-256");
    }
    if (OBJ_txt2nid(group) != NID_X9_62_prime256v1)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "EC key on curve %s; ES256 needs P-256 (RFC 7518 §3.4)", group);
    return STIR_OK;
}

struct skit_es256_key {
    EVP_PKEY *key;
    EVP_PKEY_CTX *verify; /* initialised for EVP_PKEY_verify; copied per use */
    EVP_MD *sha256;
};

void skit_es256_key_free(skit_es256_key *k)
{
    if (k == NULL)
        return;
    EVP_PKEY_CTX_free(k->verify);
    EVP_MD_free(k->sha256);
    EVP_PKEY_free(k->key);
    free(k);
}

skit_es256_key *skit_es256_key_new(EVP_PKEY *key, stir_error_t *err)
{
    skit_es256_key *k;

    if (skit_es256_check_key(key, err) != STIR_OK)
        return NULL;
    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        skit_fail(err, STIR_E_NOMEM, "out of memory preparing an ES256 key");
        return NULL;
    }
    if (!EVP_PKEY_up_ref(key)) {
        free(k);
        skit_fail_openssl(err, "cannot reference an ES256 key");
        return NULL;
    }
    k->key = key;
    k->verify = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    k->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (k->verify == NULL || k->sha256 == NULL || EVP_PKEY_verify_init(k->verify) != 1) {
        skit_es256_key_free(k);
        skit_fail_openssl(err, "cannot set up ES256 verification");
        return NULL;
    }
    return k;
}

stir_status skit_es256_verify(const skit_es256_key *k, const void *tbs, size_t len,
                              const unsigned char *raw, size_t rawlen, stir_error_t *err)
{
    unsigned char digest[EVP_MAX_MD_SIZE], *der = NULL;
    unsigned int dlen = 0;
    size_t derlen = 0;
    EVP_PKEY_CTX *ctx;
    stir_status st = skit_es256_raw_to_der(raw, rawlen, &der, &derlen, err);
    int rc;

    if (st != STIR_OK)
        return st;
    ctx = EVP_PKEY_CTX_dup(k->verify);
    rc = ctx != NULL && EVP_Digest(tbs, len, digest, &dlen, k->sha256, NULL) == 1
             ? EVP_PKEY_verify(ctx, der, derlen, digest, dlen)
             : -1;
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_free(der);
    ERR_clear_error();
    if (rc == -1)
        return skit_fail(err, STIR_E_NOMEM, "out of memory verifying an ES256 signature");
    if (rc != 1)
        return skit_fail(err, STIR_E_SIGNATURE,
                         "ES256 signature does not verify over the received PASSporT header "
                         "and payload");
    return STIR_OK;
}
