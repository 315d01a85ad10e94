/*
 * JSON Web Keys of ACME account and token keys (RFC 7517, RFC 7518 §6,
 * RFC 8037 §2) to and from OpenSSL keys, and RFC 7638 thumbprints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "stirkit/base64.h"
#include "stirkit/passport.h"
#include "error_int.h"
#include "jose.h"
#include "es256.h"
#include "jwk.h"

/* Bytes of a P-256 coordinate and of an Ed25519 public key. */
#define P256_COORD 32
#define ED25519_LEN 32
/* Longest RSA public exponent accepted, in bytes. */
#define RSA_E_MAX 8

/* Members that only a private JWK carries (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2). */
static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth"};

/* A required string member; names the JWK by kty in messages. */
static stir_status member_str(const json_t *jwk, const char *kty, const char *name,
                              const char **out, stir_error_t *err)
{
    const json_t *v = json_object_get(jwk, name);

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "%s JWK has no \"%s\" member", kty, name);
    if (!json_is_string(v))
        return skit_fail(err, STIR_E_MALFORMED, "%s JWK member \"%s\" is a JSON %s, not a string",
                         kty, name, skit_json_kind(v));
    *out = json_string_value(v);
    return STIR_OK;
}

/* A required base64url member, decoded; *out malloc'd. */
static stir_status member_b64(const json_t *jwk, const char *kty, const char *name,
                              unsigned char **out, size_t *len, stir_error_t *err)
{
    const char *s = NULL;
    char *again = NULL;
    stir_status st = member_str(jwk, kty, name, &s, err);

    if (st != STIR_OK)
        return st;
    if (s[0] == '\0')
        return skit_fail(err, STIR_E_MALFORMED, "%s JWK member \"%s\" is empty", kty, name);
    st = stir_base64url_decode_strict(s, strlen(s), out, len, err);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "%s JWK member \"%s\": ", kty, name);
    /* One key, one JWK: unused bits of the last character must be zero
     * (RFC 4648 §3.5), or two spellings would give two thumbprints. */
    st = stir_base64_encode(*out, *len, 1, &again, err);
    if (st == STIR_OK && strcmp(again, s) != 0)
        st = skit_fail(err, STIR_E_MALFORMED,
                       "%s JWK member \"%s\" is not canonical base64url: its last character "
                       "carries non-zero unused bits", kty, name);
    free(again);
    if (st != STIR_OK) {
        free(*out);
        *out = NULL;
    }
    return st;
}

/* Builds a key of type name from params (public part only). */
static stir_status from_params(const char *name, OSSL_PARAM_BLD *bld, EVP_PKEY **out,
                               stir_error_t *err)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
    EVP_PKEY *key = NULL;
    stir_status st = STIR_OK;

    if (params == NULL || ctx == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory building a %s key", name);
        ERR_clear_error();
    } else if (EVP_PKEY_fromdata_init(ctx) != 1 ||
               EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        unsigned long e = ERR_peek_last_error();

        st = skit_fail(err, STIR_E_MALFORMED, "%s JWK does not describe a valid public key: %s",
                       name,
                       e != 0 && ERR_reason_error_string(e) != NULL ? ERR_reason_error_string(e)
                                                                    : "OpenSSL refused it");
        ERR_clear_error();
    }
    OSSL_PARAM_free(params);
    EVP_PKEY_CTX_free(ctx);
    if (st == STIR_OK)
        *out = key;
    return st;
}

/* OpenSSL's public-key check (point on the curve; RSA n and e sane). */
static stir_status public_check(EVP_PKEY *key, const char *kty, stir_error_t *err)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    int ok;

    if (ctx == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory checking a %s key", kty);
    ok = EVP_PKEY_public_check(ctx);
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    if (ok != 1)
        return skit_fail(err, STIR_E_MALFORMED, "%s JWK does not describe a valid public key "
                                                "(OpenSSL's public key check fails)", kty);
    return STIR_OK;
}

static stir_status ec_to_pkey(const json_t *jwk, EVP_PKEY **out, stir_error_t *err)
{
    unsigned char *x = NULL, *y = NULL, pub[1 + 2 * P256_COORD];
    size_t xlen = 0, ylen = 0;
    const char *crv = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    stir_status st = member_str(jwk, "EC", "crv", &crv, err);

    if (st != STIR_OK)
        return st;
    if (strcmp(crv, "P-256") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "EC JWK curve \"%.40s\" is not supported; only P-256 (ES256) is", crv);
    st = member_b64(jwk, "EC", "x", &x, &xlen, err);
    if (st == STIR_OK)
        st = member_b64(jwk, "EC", "y", &y, &ylen, err);
    if (st == STIR_OK && (xlen != P256_COORD || ylen != P256_COORD))
        st = skit_fail(err, STIR_E_MALFORMED,
                       "EC JWK member \"%s\" is %zu bytes; a P-256 coordinate is %d, full size "
                       "(RFC 7518 §6.2.1.2)", xlen != P256_COORD ? "x" : "y",
                       xlen != P256_COORD ? xlen : ylen, P256_COORD);
    if (st == STIR_OK) {
        pub[0] = 0x04; /* uncompressed point (SEC 1 §2.3.3) */
        memcpy(pub + 1, x, P256_COORD);
        memcpy(pub + 1 + P256_COORD, y, P256_COORD);
        bld = OSSL_PARAM_BLD_new();
        if (bld == NULL ||
            !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
            !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub)))
            st = skit_fail(err, STIR_E_NOMEM, "out of memory building an EC key");
    }
    if (st == STIR_OK)
        st = from_params("EC", bld, out, err);
    if (st == STIR_OK) {
        st = public_check(*out, "EC", err);
        if (st != STIR_OK) {
            EVP_PKEY_free(*out);
            *out = NULL;
        }
    }
    OSSL_PARAM_BLD_free(bld);
    free(x);
    free(y);
    return st;
}

/* Bits of a big-endian unsigned integer whose first byte is non-zero. */
static size_t int_bits(const unsigned char *b, size_t len)
{
    size_t bits = len * 8;

    for (unsigned char top = b[0]; (top & 0x80) == 0; top = (unsigned char)(top << 1))
        bits--;
    return bits;
}

static stir_status rsa_to_pkey(const json_t *jwk, EVP_PKEY **out, stir_error_t *err)
{
    unsigned char *n = NULL, *e = NULL;
    size_t nlen = 0, elen = 0, bits = 0;
    BIGNUM *bn = NULL, *be = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    stir_status st = member_b64(jwk, "RSA", "n", &n, &nlen, err);

    if (st == STIR_OK)
        st = member_b64(jwk, "RSA", "e", &e, &elen, err);
    if (st == STIR_OK && (n[0] == 0 || e[0] == 0))
        st = skit_fail(err, STIR_E_MALFORMED,
                       "RSA JWK member \"%s\" starts with a zero octet; RFC 7518 §6.3.1 asks "
                       "for the minimum number of octets", n[0] == 0 ? "n" : "e");
    if (st == STIR_OK) {
        bits = int_bits(n, nlen);
        if (bits < SKIT_JWK_RSA_MIN_BITS || bits > SKIT_JWK_RSA_MAX_BITS)
            st = skit_fail(err, STIR_E_UNSUPPORTED,
                           "RSA key of %zu bits is not accepted; the modulus must have %d to "
                           "%d bits", bits, SKIT_JWK_RSA_MIN_BITS, SKIT_JWK_RSA_MAX_BITS);
    }
    if (st == STIR_OK && (elen > RSA_E_MAX || (e[elen - 1] & 1) == 0 || (elen == 1 && e[0] < 3)))
        st = skit_fail(err, STIR_E_MALFORMED,
                       "RSA JWK exponent \"e\" must be odd, at least 3 and at most %d bytes",
                       RSA_E_MAX);
    if (st == STIR_OK) {
        bn = BN_bin2bn(n, (int)nlen, NULL);
        be = BN_bin2bn(e, (int)elen, NULL);
        bld = OSSL_PARAM_BLD_new();
        if (bn == NULL || be == NULL || bld == NULL ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
            st = skit_fail(err, STIR_E_NOMEM, "out of memory building an RSA key");
    }
    if (st == STIR_OK)
        st = from_params("RSA", bld, out, err);
    if (st == STIR_OK) {
        st = public_check(*out, "RSA", err);
        if (st != STIR_OK) {
            EVP_PKEY_free(*out);
            *out = NULL;
        }
    }
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    free(n);
    free(e);
    ERR_clear_error();
    return st;
}

static stir_status okp_to_pkey(const json_t *jwk, EVP_PKEY **out, stir_error_t *err)
{
    const char *crv = NULL;
    unsigned char *x = NULL;
    size_t xlen = 0;
    EVP_PKEY *key;
    stir_status st = member_str(jwk, "OKP", "crv", &crv, err);

    if (st != STIR_OK)
        return st;
    if (strcmp(crv, "Ed25519") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "OKP JWK curve \"%.40s\" is not supported; only Ed25519 (EdDSA) is", crv);
    st = member_b64(jwk, "OKP", "x", &x, &xlen, err);
    if (st != STIR_OK)
        return st;
    if (xlen != ED25519_LEN) {
        free(x);
        return skit_fail(err, STIR_E_MALFORMED,
                         "OKP JWK member \"x\" is %zu bytes; an Ed25519 public key is %d "
                         "(RFC 8037 §2)", xlen, ED25519_LEN);
    }
    key = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, x, xlen);
    free(x);
    if (key == NULL)
        return skit_fail_openssl(err, "cannot build an Ed25519 key");
    *out = key;
    return STIR_OK;
}

stir_status skit_jwk_to_pkey(const json_t *jwk, EVP_PKEY **out, stir_error_t *err)
{
    const char *kty = NULL;
    stir_status st;

    if (jwk == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL JWK or output");
    if (!json_is_object(jwk))
        return skit_fail(err, STIR_E_MALFORMED, "JWK is a JSON %s, not an object",
                         skit_json_kind(jwk));
    for (size_t i = 0; i < sizeof(private_members) / sizeof(private_members[0]); i++)
        if (json_object_get(jwk, private_members[i]) != NULL)
            return skit_fail(err, STIR_E_MALFORMED,
                             "JWK holds the private member \"%s\"; a key sent to the server "
                             "must be public only", private_members[i]);
    st = member_str(jwk, "the", "kty", &kty, err);
    if (st != STIR_OK)
        return st;
    if (strcmp(kty, "EC") == 0)
        return ec_to_pkey(jwk, out, err);
    if (strcmp(kty, "RSA") == 0)
        return rsa_to_pkey(jwk, out, err);
    if (strcmp(kty, "OKP") == 0)
        return okp_to_pkey(jwk, out, err);
    if (strcmp(kty, "oct") == 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "a symmetric (kty \"oct\") JWK cannot be an account or token key");
    return skit_fail(err, STIR_E_UNSUPPORTED,
                     "JWK kty \"%.40s\" is not supported; EC, RSA and OKP are", kty);
}

stir_status skit_jwk_thumbprint(const json_t *jwk, unsigned char digest[SKIT_SHA256_LEN],
                                stir_error_t *err)
{
    static const char *const ec[] = {"crv", "kty", "x", "y", NULL};
    static const char *const rsa[] = {"e", "kty", "n", NULL};
    static const char *const okp[] = {"crv", "kty", "x", NULL};
    const char *const *members;
    const char *kty;
    EVP_PKEY *key = NULL;
    json_t *req;
    char *text = NULL;
    stir_status st;

    if (digest == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL thumbprint output");
    st = skit_jwk_to_pkey(jwk, &key, err);
    EVP_PKEY_free(key);
    if (st != STIR_OK)
        return st;
    kty = json_string_value(json_object_get(jwk, "kty"));
    members = strcmp(kty, "EC") == 0 ? ec : strcmp(kty, "RSA") == 0 ? rsa : okp;
    req = json_object();
    if (req == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory computing a JWK thumbprint");
    for (size_t i = 0; members[i] != NULL; i++)
        if (json_object_set(req, members[i], json_object_get(jwk, members[i])) != 0) {
            json_decref(req);
            return skit_fail(err, STIR_E_NOMEM, "out of memory computing a JWK thumbprint");
        }
    /* RFC 7638 §3.3: sorted names, no whitespace; base64url needs no escapes. */
    st = stir_json_canonical(req, &text, err);
    json_decref(req);
    if (st != STIR_OK)
        return st;
    if (EVP_Digest(text, strlen(text), digest, NULL, EVP_sha256(), NULL) != 1)
        st = skit_fail_openssl(err, "cannot hash a JWK thumbprint");
    free(text);
    return st;
}

/* base64url of len bytes into a new JSON string. */
static json_t *b64_string(const unsigned char *b, size_t len, stir_error_t *err)
{
    char *s = NULL;
    json_t *v;

    if (stir_base64_encode(b, len, 1, &s, err) != STIR_OK)
        return NULL;
    v = json_string(s);
    free(s);
    if (v == NULL)
        skit_fail(err, STIR_E_NOMEM, "out of memory building a JWK");
    return v;
}

/* The big-endian bytes of a BIGNUM key parameter, padded to pad (0: minimal). */
static json_t *bn_param(EVP_PKEY *key, const char *name, int pad, stir_error_t *err)
{
    BIGNUM *bn = NULL;
    unsigned char buf[SKIT_JWK_RSA_MAX_BITS / 8];
    int n;
    json_t *v;

    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) {
        skit_fail_openssl(err, "cannot read a public key parameter");
        return NULL;
    }
    n = pad > 0 ? BN_bn2binpad(bn, buf, pad)
                : BN_num_bytes(bn) <= (int)sizeof(buf) ? BN_bn2bin(bn, buf) : -1;
    BN_free(bn);
    if (n <= 0) {
        skit_fail(err, STIR_E_UNSUPPORTED, "public key parameter %s does not fit a JWK", name);
        return NULL;
    }
    v = b64_string(buf, (size_t)n, err);
    return v;
}

/* Sets err for an allocation failure unless a cause is recorded already. */
static json_t *jwk_nomem(stir_error_t *err)
{
    if (err != NULL && err->code == STIR_OK)
        skit_fail(err, STIR_E_NOMEM, "out of memory building a JWK");
    return NULL;
}

json_t *skit_pkey_to_jwk(EVP_PKEY *key, stir_error_t *err)
{
    json_t *jwk;

    stir_error_clear(err);
    if (key == NULL) {
        skit_fail(err, STIR_E_INVALID_ARG, "NULL key");
        return NULL;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        json_t *x, *y;

        if (skit_es256_check_key(key, err) != STIR_OK)
            return NULL;
        x = bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, P256_COORD, err);
        y = x != NULL ? bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, P256_COORD, err) : NULL;
        if (y == NULL) {
            json_decref(x);
            return NULL;
        }
        jwk = json_pack("{s:s, s:s, s:O, s:O}", "kty", "EC", "crv", "P-256", "x", x, "y", y);
        json_decref(x);
        json_decref(y);
        return jwk != NULL ? jwk : jwk_nomem(err);
    }
    if (EVP_PKEY_is_a(key, "RSA")) {
        int bits = EVP_PKEY_get_bits(key);
        json_t *n, *e;

        if (bits < SKIT_JWK_RSA_MIN_BITS || bits > SKIT_JWK_RSA_MAX_BITS) {
            skit_fail(err, STIR_E_UNSUPPORTED,
                      "RSA key of %d bits is not accepted; the modulus must have %d to %d bits",
                      bits, SKIT_JWK_RSA_MIN_BITS, SKIT_JWK_RSA_MAX_BITS);
            return NULL;
        }
        n = bn_param(key, OSSL_PKEY_PARAM_RSA_N, 0, err);
        e = n != NULL ? bn_param(key, OSSL_PKEY_PARAM_RSA_E, 0, err) : NULL;
        if (e == NULL) {
            json_decref(n);
            return NULL;
        }
        jwk = json_pack("{s:s, s:O, s:O}", "kty", "RSA", "n", n, "e", e);
        json_decref(n);
        json_decref(e);
        return jwk != NULL ? jwk : jwk_nomem(err);
    }
    if (EVP_PKEY_is_a(key, "ED25519")) {
        unsigned char raw[ED25519_LEN];
        size_t len = sizeof(raw);
        json_t *x;

        if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1 || len != ED25519_LEN) {
            skit_fail_openssl(err, "cannot read an Ed25519 public key");
            return NULL;
        }
        x = b64_string(raw, len, err);
        if (x == NULL)
            return NULL;
        jwk = json_pack("{s:s, s:s, s:O}", "kty", "OKP", "crv", "Ed25519", "x", x);
        json_decref(x);
        return jwk != NULL ? jwk : jwk_nomem(err);
    }
    skit_fail(err, STIR_E_UNSUPPORTED,
              "a %s key has no JWK here; EC P-256, RSA and Ed25519 keys do",
              EVP_PKEY_get0_type_name(key) != NULL ? EVP_PKEY_get0_type_name(key) : "unknown");
    return NULL;
}

stir_status skit_pkey_spki_sha256(EVP_PKEY *key, unsigned char digest[SKIT_SHA256_LEN],
                                  stir_error_t *err)
{
    unsigned char *der = NULL;
    int len;
    stir_status st = STIR_OK;

    if (key == NULL || digest == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL key or digest output");
    len = i2d_PUBKEY(key, &der);
    if (len <= 0)
        return skit_fail_openssl(err, "cannot encode the SubjectPublicKeyInfo");
    if (EVP_Digest(der, (size_t)len, digest, NULL, EVP_sha256(), NULL) != 1)
        st = skit_fail_openssl(err, "cannot hash the SubjectPublicKeyInfo");
    OPENSSL_free(der);
    return st;
}

char *skit_fingerprint_format(const unsigned char digest[SKIT_SHA256_LEN],
                              char out[SKIT_FINGERPRINT_SIZE])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;

    memcpy(out, "SHA256 ", 7);
    n = 7;
    for (size_t i = 0; i < SKIT_SHA256_LEN; i++) {
        if (i > 0)
            out[n++] = ':';
        out[n++] = hex[digest[i] >> 4];
        out[n++] = hex[digest[i] & 0x0f];
    }
    out[n] = '\0';
    return out;
}
