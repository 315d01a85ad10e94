/*
 * Unit tests: JWK (RFC 7517/7518, RFC 8037) to and from OpenSSL keys, the
 * RFC 7638 thumbprint and RFC 9448 fingerprint forms (vectors.md D3), and
 * ACME request JWS in the flattened JSON serialization (RFC 8555 §6.2):
 * requests signed here with ES256, RS256 and EdDSA, every parse refusal
 * with its sentence, tampering and alg/key mismatches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "stirkit/stirkit.h"
#include "stirkit/tkauth.h"
#include "es256.h"
#include "jwk.h"
#include "jws.h"
#include "testutil.h"

/* ---- vectors ------------------------------------------------------------------ */

/* vectors.md V5: the RFC 8225 A.1 private key (END line corrected). */
static const char a1_private_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi7q2TZvN9VDFg8Vy\n"
    "qCP06bETrR2v8MRvr89rn4i+UAahRANCAAQWfaj1HUETpoNCrOtp9KA8o0V79IuW\n"
    "ARKt9C1cFPkyd3FBP4SeiNZxQhDrD0tdBHls3/wFe8++K2FrPyQF9vuh\n"
    "-----END PRIVATE KEY-----\n";

/* vectors.md D3: the public key derived from A.1, its JWK, thumbprint and
 * the two fingerprint forms. */
static const char d3_public_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFn2o9R1BE6aDQqzrafSgPKNFe/SL\n"
    "lgESrfQtXBT5MndxQT+EnojWcUIQ6w9LXQR5bN/8BXvPvithaz8kBfb7oQ==\n"
    "-----END PUBLIC KEY-----\n";
#define D3_JWK                                                                                  \
    "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc\","   \
    "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}"
#define D3_THUMBPRINT "I1-pNDvuRdW9pX8z5zAuH3M6OCS4IWaleMSWr6z1afY"
#define D3_FINGERPRINT                                                                          \
    "SHA256 23:5F:A9:34:3B:EE:45:D5:BD:A5:7F:33:E7:30:2E:1F:73:3A:38:24:B8:21:66:A5:78:C4:96:"  \
    "AF:AC:F5:69:F6"
#define D3_SPKI_FINGERPRINT                                                                     \
    "SHA256 89:E2:02:F9:8B:B2:3C:F6:EB:D3:80:DA:B9:07:8C:77:6F:80:3F:C8:28:1B:4A:89:75:0A:0E:09:" \
    "22:CB:D3:B7"

#define URL "https://acme.test/acme/new-order"
#define NONCE "bm9uY2Utb25l"

/* ---- helpers ------------------------------------------------------------------ */

static EVP_PKEY *pem_key(const char *pem, int private_key)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
                              : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);

    BIO_free(bio);
    ck_assert_ptr_nonnull(k);
    return k;
}

static EVP_PKEY *gen_key(const char *type, const char *param, size_t bits)
{
    EVP_PKEY *k = bits > 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits)
                           : param != NULL ? EVP_PKEY_Q_keygen(NULL, NULL, type, param)
                                           : EVP_PKEY_Q_keygen(NULL, NULL, type);

    ck_assert_ptr_nonnull(k);
    return k;
}

static json_t *load(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);

    ck_assert_msg(v != NULL, "test JSON: %s", jerr.text);
    return v;
}

static char *b64u(const void *data, size_t len)
{
    char *s = NULL;

    ck_assert_int_eq(stir_base64_encode(data, len, 1, &s, NULL), STIR_OK);
    return s;
}

static char *b64u_str(const char *text)
{
    return b64u(text, strlen(text));
}

/* Signs tbs with alg and key; returns base64url of the JWS signature. */
static char *sign(EVP_PKEY *key, const char *alg, const char *tbs)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char sig[1024], raw[SKIT_ES256_SIG_LEN];
    size_t len = sizeof(sig);
    int eddsa = strcmp(alg, "EdDSA") == 0;

    ck_assert_int_eq(EVP_DigestSignInit_ex(md, NULL, eddsa ? NULL : "SHA256", NULL, NULL, key,
                                           NULL), 1);
    ck_assert_int_eq(EVP_DigestSign(md, sig, &len, (const unsigned char *)tbs, strlen(tbs)), 1);
    EVP_MD_CTX_free(md);
    if (strcmp(alg, "ES256") == 0) {
        ck_assert_int_eq(skit_es256_der_to_raw(sig, len, raw, NULL), STIR_OK);
        return b64u(raw, sizeof(raw));
    }
    return b64u(sig, len);
}

/* The protected header for alg with key's jwk (kid NULL) or kid. */
static char *header_json(const char *alg, EVP_PKEY *key, const char *kid)
{
    json_t *h = json_pack("{s:s, s:s, s:s}", "alg", alg, "nonce", NONCE, "url", URL);
    char *s;

    if (kid != NULL)
        json_object_set_new(h, "kid", json_string(kid));
    else
        json_object_set_new(h, "jwk", skit_pkey_to_jwk(key, NULL));
    s = json_dumps(h, JSON_COMPACT);
    json_decref(h);
    return s;
}

/* A flattened JWS body over header and payload JSON text ("" = POST-as-GET). */
static char *body_signed(const char *hdr, const char *payload, EVP_PKEY *key, const char *alg)
{
    char *p64 = b64u_str(hdr), *y64 = b64u_str(payload), *tbs, *sig, *body;
    size_t n = strlen(p64) + strlen(y64) + 2;

    tbs = malloc(n);
    snprintf(tbs, n, "%s.%s", p64, y64);
    sig = sign(key, alg, tbs);
    n = strlen(p64) + strlen(y64) + strlen(sig) + 64;
    body = malloc(n);
    snprintf(body, n, "{\"protected\":\"%s\",\"payload\":\"%s\",\"signature\":\"%s\"}", p64, y64,
             sig);
    free(p64);
    free(y64);
    free(tbs);
    free(sig);
    return body;
}

/* A body from raw member texts (already encoded), no real signature. */
static char *body_raw(const char *prot_json, const char *payload_json)
{
    char *p64 = b64u_str(prot_json), *y64 = b64u_str(payload_json), *body;
    size_t n = strlen(p64) + strlen(y64) + 96;

    body = malloc(n);
    snprintf(body, n, "{\"protected\":\"%s\",\"payload\":\"%s\",\"signature\":\"c2lnbmF0dXJl\"}",
             p64, y64);
    free(p64);
    free(y64);
    return body;
}

static void thumbprint_b64(const json_t *jwk, char out[44])
{
    unsigned char d[32];
    stir_error_t err;
    char *s;

    ck_assert_msg(skit_jwk_thumbprint(jwk, d, &err) == STIR_OK, "%s", err.text);
    s = b64u(d, sizeof(d));
    ck_assert_uint_eq(strlen(s), 43);
    memcpy(out, s, 44);
    free(s);
}

/* ---- JWK ---------------------------------------------------------------------- */

START_TEST(test_d3_thumbprint_and_fingerprints)
{
    json_t *jwk = load(D3_JWK), *extra;
    EVP_PKEY *key = NULL, *d3 = pem_key(d3_public_pem, 0), *a1 = pem_key(a1_private_pem, 1);
    unsigned char d[32];
    char b64[44], fp[104], fp2[104];
    stir_error_t err;

    /* the JWK is the D3 public key */
    ck_assert_msg(skit_jwk_to_pkey(jwk, &key, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(EVP_PKEY_eq(key, d3), 1);
    /* RFC 7638 thumbprint and the RFC 9448 fingerprint over it */
    thumbprint_b64(jwk, b64);
    ck_assert_str_eq(b64, D3_THUMBPRINT);
    ck_assert_int_eq(skit_jwk_thumbprint(jwk, d, NULL), STIR_OK);
    ck_assert_str_eq(skit_fingerprint_format(d, fp), D3_FINGERPRINT);
    ck_assert_uint_eq(strlen(fp), 102);
    /* the STI-PA form: SHA-256 over the SPKI DER */
    ck_assert_int_eq(skit_pkey_spki_sha256(key, d, NULL), STIR_OK);
    ck_assert_str_eq(skit_fingerprint_format(d, fp), D3_SPKI_FINGERPRINT);
    /* the public API, from the public key and from the private key */
    memset(b64, 'x', sizeof(b64));
    ck_assert_msg(stir_key_thumbprint(d3, b64, fp, &err) == STIR_OK, "%s", err.text);
    ck_assert_str_eq(b64, D3_THUMBPRINT);
    ck_assert_str_eq(fp, D3_FINGERPRINT);
    ck_assert_int_eq(stir_key_thumbprint(a1, NULL, fp2, NULL), STIR_OK);
    ck_assert_str_eq(fp2, D3_FINGERPRINT);
    ck_assert_int_eq(stir_key_thumbprint(a1, b64, NULL, NULL), STIR_OK);
    ck_assert_str_eq(b64, D3_THUMBPRINT);
    /* optional members do not enter the thumbprint (RFC 7638 §3.2) */
    extra = json_deep_copy(jwk);
    json_object_set_new(extra, "kid", json_string("account-1"));
    json_object_set_new(extra, "use", json_string("sig"));
    thumbprint_b64(extra, b64);
    ck_assert_str_eq(b64, D3_THUMBPRINT);
    ck_assert_int_eq(stir_key_thumbprint(NULL, b64, fp, &err), STIR_E_INVALID_ARG);
    json_decref(extra);
    json_decref(jwk);
    EVP_PKEY_free(key);
    EVP_PKEY_free(d3);
    EVP_PKEY_free(a1);
}
END_TEST

START_TEST(test_jwk_round_trip)
{
    EVP_PKEY *keys[3] = {gen_key("EC", "P-256", 0), gen_key("RSA", NULL, 2048),
                         gen_key("ED25519", NULL, 0)};
    const char *kty[3] = {"EC", "RSA", "OKP"};

    for (int i = 0; i < 3; i++) {
        stir_error_t err;
        json_t *jwk = skit_pkey_to_jwk(keys[i], &err);
        EVP_PKEY *back = NULL;
        char b64[44], api[44];

        ck_assert_msg(jwk != NULL, "%s: %s", kty[i], err.text);
        ck_assert_str_eq(json_string_value(json_object_get(jwk, "kty")), kty[i]);
        ck_assert_ptr_null(json_object_get(jwk, "d"));
        ck_assert_msg(skit_jwk_to_pkey(jwk, &back, &err) == STIR_OK, "%s: %s", kty[i], err.text);
        ck_assert_int_eq(EVP_PKEY_eq(back, keys[i]), 1);
        thumbprint_b64(jwk, b64);
        ck_assert_int_eq(stir_key_thumbprint(back, api, NULL, NULL), STIR_OK);
        ck_assert_str_eq(b64, api);
        json_decref(jwk);
        EVP_PKEY_free(back);
        EVP_PKEY_free(keys[i]);
    }
}
END_TEST

static const struct {
    const char *jwk;
    stir_status st;
    const char *why;
} bad_jwks[] = {
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_MALFORMED, "EC JWK has no \"x\" member"},
    {"{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_UNSUPPORTED, "curve \"P-384\" is not supported"},
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\","
     "\"d\":\"i7q2TZvN9VDFg8VyqCP06bETrR2v8MRvr89rn4i-UAY\"}",
     STIR_E_MALFORMED, "private member \"d\""},
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc=\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_MALFORMED, "EC JWK member \"x\": base64url holds '=' padding"},
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_MALFORMED, "\"x\" is 31 bytes"},
    /* D3 with x's first character changed: not a point on P-256 */
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"Gn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_MALFORMED, "does not describe a valid public key"},
    /* D3 with x's last character 'c' -> 'd': the same bytes, since only
     * unused bits differ; refused so that one key has one thumbprint */
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnd\","
     "\"y\":\"cUE_hJ6I1nFCEOsPS10EeWzf_AV7z74rYWs_JAX2-6E\"}",
     STIR_E_MALFORMED, "\"x\" is not canonical base64url"},
    {"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":5,\"y\":\"cUE\"}", STIR_E_MALFORMED,
     "\"x\" is a JSON integer, not a string"},
    {"{\"crv\":\"P-256\",\"x\":\"Fn2o\",\"y\":\"cUE_\"}", STIR_E_MALFORMED,
     "has no \"kty\" member"},
    {"{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", STIR_E_UNSUPPORTED, "symmetric"},
    {"{\"kty\":\"XYZ\"}", STIR_E_UNSUPPORTED, "kty \"XYZ\" is not supported"},
    {"{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"Fn2o9R1BE6aDQqzrafSgPKNFe_SLlgESrfQtXBT5Mnc\"}",
     STIR_E_UNSUPPORTED, "curve \"X25519\" is not supported"},
    {"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"Fn2o\"}", STIR_E_MALFORMED,
     "an Ed25519 public key is 32"},
    {"{\"kty\":\"RSA\",\"n\":\"AKtV\",\"e\":\"AQAB\"}", STIR_E_MALFORMED, "zero octet"},
    {"{\"kty\":\"RSA\",\"e\":\"AQAB\"}", STIR_E_MALFORMED, "RSA JWK has no \"n\" member"},
    {"[1,2]", STIR_E_MALFORMED, "JWK is a JSON array, not an object"},
};

START_TEST(test_jwk_refusals)
{
    json_t *jwk = load(bad_jwks[_i].jwk);
    EVP_PKEY *key = NULL;
    unsigned char d[32];
    stir_error_t err;

    ck_assert_int_eq(skit_jwk_to_pkey(jwk, &key, &err), bad_jwks[_i].st);
    ck_assert_ptr_null(key);
    ck_assert_msg(strstr(err.text, bad_jwks[_i].why) != NULL, "'%s', want '%s'", err.text,
                  bad_jwks[_i].why);
    /* no thumbprint for what is not a usable key */
    ck_assert_int_eq(skit_jwk_thumbprint(jwk, d, &err), bad_jwks[_i].st);
    json_decref(jwk);
}
END_TEST

START_TEST(test_jwk_key_limits)
{
    EVP_PKEY *rsa1024 = gen_key("RSA", NULL, 1024), *p384 = gen_key("EC", "P-384", 0);
    EVP_PKEY *ed448 = gen_key("ED448", NULL, 0), *key = NULL;
    json_t *jwk, *n;
    stir_error_t err;
    BIGNUM *bn = NULL;
    unsigned char buf[128];
    char *s;

    /* a 1024-bit RSA JWK, built by hand since skit_pkey_to_jwk refuses it too */
    ck_assert_ptr_null(skit_pkey_to_jwk(rsa1024, &err));
    ck_assert_int_eq(err.code, STIR_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.text, "1024 bits"));
    ck_assert_int_eq(EVP_PKEY_get_bn_param(rsa1024, "n", &bn), 1);
    ck_assert_int_eq(BN_bn2bin(bn, buf), 128);
    BN_free(bn);
    s = b64u(buf, 128);
    n = json_string(s);
    free(s);
    jwk = json_pack("{s:s, s:o, s:s}", "kty", "RSA", "n", n, "e", "AQAB");
    ck_assert_int_eq(skit_jwk_to_pkey(jwk, &key, &err), STIR_E_UNSUPPORTED);
    ck_assert_msg(strstr(err.text, "RSA key of 1024 bits is not accepted") != NULL, "%s",
                  err.text);
    json_decref(jwk);
    ck_assert_ptr_null(skit_pkey_to_jwk(p384, &err));
    ck_assert_int_eq(err.code, STIR_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.text, "P-256"));
    ck_assert_ptr_null(skit_pkey_to_jwk(ed448, &err));
    ck_assert_int_eq(err.code, STIR_E_UNSUPPORTED);
    ck_assert_ptr_null(skit_pkey_to_jwk(NULL, &err));
    ck_assert_int_eq(err.code, STIR_E_INVALID_ARG);
    EVP_PKEY_free(rsa1024);
    EVP_PKEY_free(p384);
    EVP_PKEY_free(ed448);
}
END_TEST

/* ---- JWS ---------------------------------------------------------------------- */

static const struct {
    const char *alg;
    const char *type;
    const char *param;
    size_t bits;
} algs[] = {
    {"ES256", "EC", "P-256", 0},
    {"RS256", "RSA", NULL, 2048},
    {"EdDSA", "ED25519", NULL, 0},
};

START_TEST(test_jws_sign_parse_verify)
{
    EVP_PKEY *key = gen_key(algs[_i].type, algs[_i].param, algs[_i].bits), *jkey = NULL;
    char *hdr = header_json(algs[_i].alg, key, NULL);
    char *body = body_signed(hdr, "{\"identifiers\":[{\"type\":\"TNAuthList\",\"value\":"
                                  "\"MAigBhYEMTIzNA\"}]}", key, algs[_i].alg);
    skit_jws j;
    stir_error_t err;

    ck_assert_msg(skit_jws_parse(body, strlen(body), &j, &err) == STIR_OK, "%s", err.text);
    ck_assert_str_eq(j.alg, algs[_i].alg);
    ck_assert_str_eq(j.nonce, NONCE);
    ck_assert_str_eq(j.url, URL);
    ck_assert_ptr_null(j.kid);
    ck_assert_ptr_nonnull(j.jwk);
    ck_assert_ptr_nonnull(j.payload);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(j.payload, "identifiers"), 0), "type")),
                     "TNAuthList");
    ck_assert_uint_eq(j.signing_input_len, strlen(j.signing_input));
    ck_assert_msg(skit_jwk_to_pkey(j.jwk, &jkey, &err) == STIR_OK, "%s", err.text);
    ck_assert_msg(skit_jws_verify(&j, jkey, &err) == STIR_OK, "%s: %s", algs[_i].alg, err.text);
    ck_assert_int_eq(skit_jws_verify(&j, key, NULL), STIR_OK);
    skit_jws_clear(&j);
    ck_assert_ptr_null(j.protected_hdr);
    skit_jws_clear(&j); /* twice is fine */
    free(body);
    free(hdr);

    /* the kid form (an account URL) */
    hdr = header_json(algs[_i].alg, key, "https://acme.test/acme/acct/1");
    body = body_signed(hdr, "{}", key, algs[_i].alg);
    ck_assert_msg(skit_jws_parse(body, strlen(body), &j, &err) == STIR_OK, "%s", err.text);
    ck_assert_str_eq(j.kid, "https://acme.test/acme/acct/1");
    ck_assert_ptr_null(j.jwk);
    ck_assert_int_eq(json_object_size(j.payload), 0);
    ck_assert_int_eq(skit_jws_verify(&j, key, &err), STIR_OK);
    skit_jws_clear(&j);
    free(body);
    free(hdr);
    EVP_PKEY_free(key);
    EVP_PKEY_free(jkey);
}
END_TEST

START_TEST(test_post_as_get)
{
    EVP_PKEY *key = gen_key("EC", "P-256", 0);
    char *hdr = header_json("ES256", key, "https://acme.test/acme/acct/1");
    char *body = body_signed(hdr, "", key, "ES256");
    skit_jws j;
    stir_error_t err;

    ck_assert_msg(skit_jws_parse(body, strlen(body), &j, &err) == STIR_OK, "%s", err.text);
    ck_assert_ptr_null(j.payload);
    ck_assert_int_eq(j.signing_input[j.signing_input_len - 1], '.');
    ck_assert_int_eq(skit_jws_verify(&j, key, &err), STIR_OK);
    skit_jws_clear(&j);
    free(body);
    free(hdr);
    EVP_PKEY_free(key);
}
END_TEST

START_TEST(test_tampered_payload)
{
    EVP_PKEY *key = gen_key(algs[_i].type, algs[_i].param, algs[_i].bits);
    char *hdr = header_json(algs[_i].alg, key, "https://acme.test/acme/acct/1");
    char *body = body_signed(hdr, "{\"status\":\"deactivated\"}", key, algs[_i].alg);
    char *good = b64u_str("{\"status\":\"deactivated\"}");
    char *evil = b64u_str("{\"status\":\"valid\"}");
    char *pos = strstr(body, good), *tampered;
    size_t n = strlen(body) + strlen(evil) + 1;
    skit_jws j;
    stir_error_t err;

    ck_assert_ptr_nonnull(pos);
    tampered = malloc(n);
    snprintf(tampered, n, "%.*s%s%s", (int)(pos - body), body, evil, pos + strlen(good));
    ck_assert_msg(skit_jws_parse(tampered, strlen(tampered), &j, &err) == STIR_OK, "%s",
                  err.text);
    ck_assert_int_eq(skit_jws_verify(&j, key, &err), STIR_E_SIGNATURE);
    ck_assert_msg(strstr(err.text, "signature does not verify") != NULL, "%s", err.text);
    skit_jws_clear(&j);
    free(tampered);
    free(good);
    free(evil);
    free(body);
    free(hdr);
    EVP_PKEY_free(key);
}
END_TEST

START_TEST(test_alg_key_mismatch)
{
    EVP_PKEY *ec = gen_key("EC", "P-256", 0), *rsa = gen_key("RSA", NULL, 2048);
    EVP_PKEY *ed = gen_key("ED25519", NULL, 0), *p384 = gen_key("EC", "P-384", 0);
    const struct {
        const char *alg;
        EVP_PKEY *signer, *verifier;
        const char *why;
    } cases[] = {
        {"ES256", ec, rsa, "JWS alg ES256 does not fit the key"},
        {"ES256", ec, p384, "ES256 needs P-256"},
        {"RS256", rsa, ec, "JWS alg RS256 does not fit a EC key"},
        {"EdDSA", ed, ec, "JWS alg EdDSA does not fit a EC key"},
        {"EdDSA", ed, rsa, "does not fit a RSA key"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *hdr = header_json(cases[i].alg, cases[i].signer, "https://acme.test/acct/1");
        char *body = body_signed(hdr, "{}", cases[i].signer, cases[i].alg);
        skit_jws j;
        stir_error_t err;

        ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_OK);
        ck_assert_int_eq(skit_jws_verify(&j, cases[i].verifier, &err), STIR_E_UNSUPPORTED);
        ck_assert_msg(strstr(err.text, cases[i].why) != NULL, "'%s', want '%s'", err.text,
                      cases[i].why);
        skit_jws_clear(&j);
        free(body);
        free(hdr);
    }
    EVP_PKEY_free(ec);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ed);
    EVP_PKEY_free(p384);
}
END_TEST

START_TEST(test_es256_signature_length)
{
    EVP_PKEY *key = gen_key("EC", "P-256", 0);
    char *hdr = header_json("ES256", key, "https://acme.test/acct/1");
    char *p64 = b64u_str(hdr), *y64 = b64u_str("{}"), body[1024];
    skit_jws j;
    stir_error_t err;

    /* 63 bytes, as a client that drops a leading zero of r would send */
    memset(body, 0, sizeof(body));
    {
        unsigned char sig[63];
        char *s64;

        memset(sig, 0x11, sizeof(sig));
        s64 = b64u(sig, sizeof(sig));
        snprintf(body, sizeof(body),
                 "{\"protected\":\"%s\",\"payload\":\"%s\",\"signature\":\"%s\"}", p64, y64, s64);
        free(s64);
    }
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_OK);
    ck_assert_int_eq(skit_jws_verify(&j, key, &err), STIR_E_SIGNATURE);
    ck_assert_msg(strstr(err.text, "63 bytes; it must be 64") != NULL, "%s", err.text);
    skit_jws_clear(&j);
    free(p64);
    free(y64);
    free(hdr);
    EVP_PKEY_free(key);
}
END_TEST

#define PROT_OK "{\"alg\":\"ES256\",\"nonce\":\"" NONCE "\",\"url\":\"" URL "\",\"kid\":\"k\"}"

static const struct {
    const char *prot;    /* protected header JSON, encoded by the test; NULL: body is raw */
    const char *payload; /* payload JSON, encoded by the test */
    const char *raw;     /* the whole body when prot is NULL */
    stir_status st;
    const char *why;
} bad_bodies[] = {
    {NULL, NULL, "", STIR_E_MALFORMED, "request body is empty"},
    {NULL, NULL, "not json", STIR_E_MALFORMED, "request body is not valid JSON"},
    {NULL, NULL, "[1,2]", STIR_E_MALFORMED, "request body is a JSON array, not a JWS"},
    {NULL, NULL, "\"eyJ\"", STIR_E_MALFORMED, "request body is a JSON string"},
    {NULL, NULL,
     "{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"e30\",\"signature\":\"c2ln\"}]}",
     STIR_E_MALFORMED, "general serialization (\"signatures\")"},
    {NULL, NULL,
     "{\"protected\":\"e30\",\"header\":{\"kid\":\"k\"},\"payload\":\"e30\",\"signature\":"
     "\"c2ln\"}",
     STIR_E_MALFORMED, "unprotected \"header\""},
    {NULL, NULL, "{\"payload\":\"e30\",\"signature\":\"c2ln\"}", STIR_E_MALFORMED,
     "JWS has no \"protected\" member"},
    {NULL, NULL, "{\"protected\":\"e30\",\"signature\":\"c2ln\"}", STIR_E_MALFORMED,
     "JWS has no \"payload\" member"},
    {NULL, NULL, "{\"protected\":\"e30\",\"payload\":\"e30\"}", STIR_E_MALFORMED,
     "JWS has no \"signature\" member"},
    {NULL, NULL, "{\"protected\":{\"alg\":\"ES256\"},\"payload\":\"e30\",\"signature\":\"c2ln\"}",
     STIR_E_MALFORMED, "JWS member \"protected\" is a JSON object, not a string"},
    {NULL, NULL, "{\"protected\":\"e30=\",\"payload\":\"e30\",\"signature\":\"c2ln\"}",
     STIR_E_MALFORMED, "JWS protected header segment: base64url holds '='"},
    {NULL, NULL, "{\"protected\":\"e3+\",\"payload\":\"e30\",\"signature\":\"c2ln\"}",
     STIR_E_MALFORMED, "'+' at position 3 is not a base64url character"},
    {NULL, NULL, "{\"protected\":\"\",\"payload\":\"e30\",\"signature\":\"c2ln\"}",
     STIR_E_MALFORMED, "JWS protected header is empty"},
    {NULL, NULL,
     "{\"protected\":\"e30\",\"protected\":\"e30\",\"payload\":\"e30\",\"signature\":\"c2ln\"}",
     STIR_E_MALFORMED, "request body repeats a JSON member name"},
    {"[1]", "{}", NULL, STIR_E_MALFORMED, "JWS protected header is a JSON array, not an object"},
    {"{\"alg\":\"ES256\",", "{}", NULL, STIR_E_MALFORMED, "JWS protected header is not valid JSON"},
    {"{\"alg\":\"ES256\",\"alg\":\"ES256\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}",
     NULL, STIR_E_MALFORMED, "protected header repeats a JSON member name"},
    {"{\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL, STIR_E_MALFORMED,
     "JWS protected header has no \"alg\""},
    {"{\"alg\":\"ES256\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL, STIR_E_MALFORMED,
     "JWS protected header has no \"nonce\""},
    {"{\"alg\":\"ES256\",\"nonce\":\"n\",\"kid\":\"k\"}", "{}", NULL, STIR_E_MALFORMED,
     "JWS protected header has no \"url\""},
    {"{\"alg\":\"ES256\",\"nonce\":5,\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL, STIR_E_MALFORMED,
     "\"nonce\" is integer, not a non-empty string"},
    {"{\"alg\":\"ES256\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\",\"jwk\":{\"kty\":\"EC\"}}",
     "{}", NULL, STIR_E_MALFORMED, "carries both \"jwk\" and \"kid\""},
    {"{\"alg\":\"ES256\",\"nonce\":\"n\",\"url\":\"u\"}", "{}", NULL, STIR_E_MALFORMED,
     "carries neither \"jwk\" nor \"kid\""},
    {"{\"alg\":\"ES256\",\"nonce\":\"n\",\"url\":\"u\",\"jwk\":\"EC\"}", "{}", NULL,
     STIR_E_MALFORMED, "\"jwk\" is a JSON string, not an object"},
    {"{\"alg\":\"ES256\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"\"}", "{}", NULL,
     STIR_E_MALFORMED, "\"kid\" is empty"},
    {"{\"alg\":\"ES256\",\"b64\":false,\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL,
     STIR_E_MALFORMED, "unencoded payload"},
    {"{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}",
     NULL, STIR_E_MALFORMED, "\"crit\""},
    {PROT_OK, "[1]", NULL, STIR_E_MALFORMED, "JWS payload is a JSON array, not an object"},
    {PROT_OK, "\"text\"", NULL, STIR_E_MALFORMED, "JWS payload is a JSON string, not an object"},
    {PROT_OK, "{\"a\":1,\"a\":2}", NULL, STIR_E_MALFORMED, "payload repeats a JSON member name"},
    {"{\"alg\":\"none\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL,
     STIR_E_UNSUPPORTED, "alg \"none\" is refused"},
    {"{\"alg\":\"HS256\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL,
     STIR_E_UNSUPPORTED, "\"HS256\" is a MAC"},
    {"{\"alg\":\"ES384\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL,
     STIR_E_UNSUPPORTED, "alg \"ES384\" is not supported"},
    {"{\"alg\":\"PS256\",\"nonce\":\"n\",\"url\":\"u\",\"kid\":\"k\"}", "{}", NULL,
     STIR_E_UNSUPPORTED, "alg \"PS256\" is not supported"},
};

START_TEST(test_parse_refusals)
{
    char *body = bad_bodies[_i].prot != NULL
                     ? body_raw(bad_bodies[_i].prot, bad_bodies[_i].payload)
                     : strdup(bad_bodies[_i].raw);
    skit_jws j;
    stir_error_t err;

    memset(&j, 0x5a, sizeof(j));
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), bad_bodies[_i].st);
    ck_assert_int_eq(err.code, bad_bodies[_i].st);
    ck_assert_msg(strstr(err.text, bad_bodies[_i].why) != NULL, "case %d: '%s', want '%s'", _i,
                  err.text, bad_bodies[_i].why);
    /* a refused parse leaves nothing to free */
    ck_assert_ptr_null(j.protected_hdr);
    ck_assert_ptr_null(j.payload);
    ck_assert_ptr_null(j.signing_input);
    ck_assert_ptr_null(j.sig);
    skit_jws_clear(&j);
    free(body);
}
END_TEST

START_TEST(test_parse_limits)
{
    char *big = malloc(SKIT_JWS_MAX_BODY + 2), *payload;
    skit_jws j;
    stir_error_t err;
    char body[512];

    memset(big, ' ', SKIT_JWS_MAX_BODY + 1);
    big[SKIT_JWS_MAX_BODY + 1] = '\0';
    ck_assert_int_eq(skit_jws_parse(big, SKIT_JWS_MAX_BODY + 1, &j, &err), STIR_E_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.text, "exceeds the 65536-byte limit"));
    free(big);
    ck_assert_int_eq(skit_jws_parse(NULL, 0, &j, &err), STIR_E_INVALID_ARG);
    /* an empty signature and a non-strict one */
    payload = b64u_str(PROT_OK);
    snprintf(body, sizeof(body), "{\"protected\":\"%s\",\"payload\":\"e30\",\"signature\":\"\"}",
             payload);
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "JWS signature segment is empty"));
    snprintf(body, sizeof(body),
             "{\"protected\":\"%s\",\"payload\":\"e30\",\"signature\":\"c2ln/w\"}", payload);
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "JWS signature segment: ") != NULL, "%s",
                  err.text);
    /* a payload that is not base64url */
    snprintf(body, sizeof(body),
             "{\"protected\":\"%s\",\"payload\":\"e30=\",\"signature\":\"c2ln\"}", payload);
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "JWS payload segment: ") != NULL, "%s",
                  err.text);
    /* NUL inside the body */
    snprintf(body, sizeof(body), "{\"protected\":\"%s\"}", payload);
    body[3] = '\0';
    ck_assert_int_eq(skit_jws_parse(body, 20, &j, &err), STIR_E_MALFORMED);
    free(payload);
}
END_TEST

/* keyChange (RFC 8555 §7.3.5): the inner JWS has jwk and url, and no nonce. */
START_TEST(test_key_change_inner)
{
    EVP_PKEY *key = gen_key("EC", "P-256", 0), *jkey = NULL;
    json_t *h = json_pack("{s:s, s:s, s:o}", "alg", "ES256", "url",
                          "https://acme.test/acme/key-change", "jwk", skit_pkey_to_jwk(key, NULL));
    char *hdr = json_dumps(h, JSON_COMPACT), *body, *outer_hdr;
    skit_jws j;
    stir_error_t err;

    body = body_signed(hdr, "{\"account\":\"https://acme.test/acme/acct/1\",\"oldKey\":{}}", key,
                       "ES256");
    ck_assert_msg(skit_jws_parse_inner(body, strlen(body), &j, &err) == STIR_OK, "%s", err.text);
    ck_assert_ptr_null(j.nonce);
    ck_assert_ptr_null(j.kid);
    ck_assert_str_eq(j.url, "https://acme.test/acme/key-change");
    ck_assert_int_eq(skit_jwk_to_pkey(j.jwk, &jkey, NULL), STIR_OK);
    ck_assert_int_eq(skit_jws_verify(&j, jkey, &err), STIR_OK);
    skit_jws_clear(&j);
    /* the outer parser wants a nonce */
    ck_assert_int_eq(skit_jws_parse(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "has no \"nonce\""));
    free(body);
    /* an inner JWS with a nonce, or with kid, is refused */
    outer_hdr = header_json("ES256", key, NULL);
    body = body_signed(outer_hdr, "{}", key, "ES256");
    ck_assert_int_eq(skit_jws_parse_inner(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "inner JWS protected header carries \"nonce\"") != NULL, "%s",
                  err.text);
    free(body);
    free(outer_hdr);
    body = body_raw("{\"alg\":\"ES256\",\"url\":\"u\",\"kid\":\"k\"}", "{}");
    ck_assert_int_eq(skit_jws_parse_inner(body, strlen(body), &j, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "must carry the new key as \"jwk\"") != NULL, "%s", err.text);
    free(body);
    free(hdr);
    json_decref(h);
    EVP_PKEY_free(key);
    EVP_PKEY_free(jkey);
}
END_TEST

static Suite *jws_suite(void)
{
    Suite *s = suite_create("jws");
    TCase *tc = tcase_create("jwk");

    tcase_add_test(tc, test_d3_thumbprint_and_fingerprints);
    tcase_add_test(tc, test_jwk_round_trip);
    tcase_add_loop_test(tc, test_jwk_refusals, 0, (int)(sizeof(bad_jwks) / sizeof(bad_jwks[0])));
    tcase_add_test(tc, test_jwk_key_limits);
    suite_add_tcase(s, tc);
    tc = tcase_create("jws");
    tcase_add_loop_test(tc, test_jws_sign_parse_verify, 0, (int)(sizeof(algs) / sizeof(algs[0])));
    tcase_add_test(tc, test_post_as_get);
    tcase_add_loop_test(tc, test_tampered_payload, 0, (int)(sizeof(algs) / sizeof(algs[0])));
    tcase_add_test(tc, test_alg_key_mismatch);
    tcase_add_test(tc, test_es256_signature_length);
    tcase_add_loop_test(tc, test_parse_refusals, 0,
                        (int)(sizeof(bad_bodies) / sizeof(bad_bodies[0])));
    tcase_add_test(tc, test_parse_limits);
    tcase_add_test(tc, test_key_change_inner);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(jws_suite());
}
