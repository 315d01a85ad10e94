/*
 * Unit tests: PASSporT (RFC 8225, RFC 8588) - deterministic JSON, ES256
 * r||s <-> DER, signing, decoding (full and compact form), claim checks,
 * freshness and signature verification over the received segments.
 * Vectors come from /work/shared/spec/vectors.md; each names its section.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "stirkit/stirkit.h"
#include "stirkit/passport.h"
#include "es256.h"
#include "testutil.h"

/* ---- vectors ------------------------------------------------------------------ */

/* vectors.md V5 (RFC 8225 Appendix A): canonical header and payload, their
 * base64url, and the signature as printed (which verifies with no key). */
#define V5_HEADER "{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":\"https://cert.example.org/passport.cer\"}"
#define V5_HEADER_B64                                                                          \
    "eyJhbGciOiJFUzI1NiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bh" \
    "c3Nwb3J0LmNlciJ9"
#define V5_PAYLOAD \
    "{\"dest\":{\"uri\":[\"sip:alice@example.com\"]},\"iat\":1471375418,\"orig\":{\"tn\":\"12155551212\"}}"
#define V5_PAYLOAD_B64                                                                         \
    "eyJkZXN0Ijp7InVyaSI6WyJzaXA6YWxpY2VAZXhhbXBsZS5jb20iXX0sImlhdCI6MTQ3MTM3NTQxOCwib3JpZyI6" \
    "eyJ0biI6IjEyMTU1NTUxMjEyIn19"
#define V5_SIG "VLBCIVDCaeK6M4hLJb6SHQvacAQVvoiiEOWQ_iUkqk79UD81fHQ0E1b3_GluIkba7UWYRM47ZbNFdOJquE35cw"

/* vectors.md V5: the A.1 private key (END line corrected as vectors.md says). */
static const char a1_private_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi7q2TZvN9VDFg8Vy\n"
    "qCP06bETrR2v8MRvr89rn4i+UAahRANCAAQWfaj1HUETpoNCrOtp9KA8o0V79IuW\n"
    "ARKt9C1cFPkyd3FBP4SeiNZxQhDrD0tdBHls3/wFe8++K2FrPyQF9vuh\n"
    "-----END PRIVATE KEY-----\n";

/* vectors.md V5: the A.2 public key as printed (not A.1's public half). */
static const char a2_public_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8HNbQd/TmvCKwPKHkMF9fScavGeH\n"
    "78YTU8qLS8I5HLHSSmlATLcslQMhNC/OhlWBYC626nIlo7XeebYS7Sb37g==\n"
    "-----END PUBLIC KEY-----\n";

/* vectors.md D3: the public key derived from the A.1 private key. */
static const char d3_public_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFn2o9R1BE6aDQqzrafSgPKNFe/SL\n"
    "lgESrfQtXBT5MndxQT+EnojWcUIQ6w9LXQR5bN/8BXvPvithaz8kBfb7oQ==\n"
    "-----END PUBLIC KEY-----\n";

/* vectors.md D2: deterministic (RFC 6979) ES256 PASSporTs signed with the A.1
 * key, verifying with the D3 key. [0]: RFC 8225 Appendix A claims; [1]: RFC
 * 8588 §6 claims with erratum 6656 applied (iat an integer). */
static const char *const d2_tokens[] = {
    V5_HEADER_B64 "." V5_PAYLOAD_B64
    ".2c_SAul3BxIuvMR3G8VfbFwj6ZoOHBQF-qVaR-Mef0V2ipEhTe0ZYBaLrnhuSRVNwy1Tu-tr334XUBdnPYi3tA",
    "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0"
    "LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LmNlciJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MDEz"
    "MSJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmlnIjp7InRuIjoiMTIxNTU1NTAxMjEifSwib3JpZ2lkIjoiMTIzZTQ1"
    "NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjU1NDQwMDAwIn0.PwimjV0wnsRsOCmtANjxRqn2_o1EhP-l8ixwLTIbyhMUF4"
    "qiJVy7mRUmup5JAeX8xy4hu4uZYeVmwVJtLuYnpw",
};

/* vectors.md V6 (RFC 8225 §7.1, draft-11): full token whose payload has the
 * string iat "1443208345"; the signature verifies with the A.2 key. */
#define V6_SIG "rq3pjT1hoRwakEGjHCnWSwUnshd0-zJ6F1VOgFWSjHBr8Qjpjlk-cpFYpFYsojNCpTzO3QfPOlckGaS6hEck7w"
static const char v6_token[] =
    V5_HEADER_B64 ".eyJkZXN0Ijp7InVyaSI6WyJzaXA6YWxpY2VAZXhhbXBsZS5jb20iXX0sImlhdCI6IjE0NDMyMDgzNDUi"
    "LCJvcmlnIjp7InRuIjoiMTIxNTU1NTEyMTIifX0." V6_SIG;

/* vectors.md N1 (libstirshaken test/ref/sp/passport.txt): orig and dest are
 * JSON strings, origid "ref" is not a UUID, x5u is http. */
static const char n1_token[] =
    "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cDovL3NoYWtl"
    "bi5zaWduYWx3aXJlLmNsb3VkL3NwLnBlbSJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6IntcInRuXCI6XCIwMTI1NjUw"
    "MDYwMFwifSIsImlhdCI6MTYwMzQ1ODEzMSwib3JpZyI6IntcInRuXCI6XCIwMTI1Njc4OTk5OVwifSIsIm9yaWdp"
    "ZCI6InJlZiJ9.G_6hnwPGAeUalviElXbxl4kKR5qenib6fRrCP-cgwKN2hMsSTXYjIFEhl_VqmeTB8dk9fidroDlFe"
    "8dPdyPy3g";

#define UUID1 "123e4567-e89b-12d3-a456-426655440000"

/* ---- helpers ------------------------------------------------------------------- */

static EVP_PKEY *pem_key(const char *pem, int priv)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k;

    ck_assert_ptr_nonnull(b);
    k = priv ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)
             : PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
    BIO_free(b);
    ck_assert_ptr_nonnull(k);
    return k;
}

static EVP_PKEY *new_key(const char *curve)
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);

    ck_assert_ptr_nonnull(k);
    return k;
}

static char *b64url(const void *data, size_t len)
{
    char *s = NULL;

    ck_assert_int_eq(stir_base64_encode(data, len, 1, &s, NULL), STIR_OK);
    return s;
}

/* A segment: "@text" is taken literally, anything else is JSON to encode. */
static char *segment(const char *spec)
{
    if (spec[0] == '@')
        return strdup(spec + 1);
    return b64url(spec, strlen(spec));
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *s = malloc(n);

    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "%s.%s.%s", a, b, c);
    return s;
}

/* header.payload.signature from segment specs; sig NULL = 64 zero bytes. */
static char *mk_token(const char *hdr, const char *pay, const char *sig)
{
    static const unsigned char zeros[64];
    char *h = segment(hdr), *p = segment(pay);
    char *s = sig != NULL ? segment(sig) : b64url(zeros, sizeof(zeros));
    char *t = join3(h, p, s);

    free(h);
    free(p);
    free(s);
    return t;
}

/* Signs the given (not necessarily canonical) header and payload texts. */
static char *sign_texts(EVP_PKEY *key, const char *hdr, const char *pay)
{
    char *h = b64url(hdr, strlen(hdr)), *p = b64url(pay, strlen(pay)), *s, *t;
    size_t tbslen = strlen(h) + 1 + strlen(p), derlen = 0;
    char *tbs = malloc(tbslen + 1);
    unsigned char der[80], raw[SKIT_ES256_SIG_LEN];
    EVP_MD_CTX *md = EVP_MD_CTX_new();

    ck_assert_ptr_nonnull(tbs);
    snprintf(tbs, tbslen + 1, "%s.%s", h, p);
    derlen = sizeof(der);
    ck_assert_int_eq(EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, key, NULL), 1);
    ck_assert_int_eq(EVP_DigestSign(md, der, &derlen, (unsigned char *)tbs, tbslen), 1);
    EVP_MD_CTX_free(md);
    ck_assert_int_eq(skit_es256_der_to_raw(der, derlen, raw, NULL), STIR_OK);
    s = b64url(raw, sizeof(raw));
    t = join3(h, p, s);
    free(h);
    free(p);
    free(s);
    free(tbs);
    return t;
}

static stir_passport *decode_ok(const char *token)
{
    stir_passport *p = NULL;
    stir_error_t err;
    stir_status st = stir_passport_decode(token, strlen(token), &p, &err);

    ck_assert_msg(st == STIR_OK, "decode: %s", err.text);
    return p;
}

static json_t *json(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

    ck_assert_msg(v != NULL, "test JSON: %s", jerr.text);
    return v;
}

static char *canonical(const char *text)
{
    json_t *v = json(text);
    char *out = NULL;
    stir_error_t err;

    ck_assert_msg(stir_json_canonical(v, &out, &err) == STIR_OK, "%s", err.text);
    json_decref(v);
    return out;
}

/* ---- deterministic JSON (RFC 8225 §9) ----------------------------------------------- */

/* vectors.md V5: canonical JSON of re-ordered, spaced input equals the printed
 * header and payload, and so does their base64url. */
START_TEST(test_v5_canonical_and_base64url)
{
    char *h = canonical(" { \"x5u\" : \"https://cert.example.org/passport.cer\",\n"
                        "   \"typ\":\"passport\", \"alg\":\"ES256\" } ");
    char *p = canonical("{\"orig\":{\"tn\":\"12155551212\"},\"iat\":1471375418,\n"
                        " \"dest\": {\"uri\": [\"sip:alice@example.com\"]}}");
    char *hb = b64url(h, strlen(h)), *pb = b64url(p, strlen(p));

    ck_assert_str_eq(h, V5_HEADER);
    ck_assert_str_eq(p, V5_PAYLOAD);
    ck_assert_str_eq(hb, V5_HEADER_B64);
    ck_assert_str_eq(pb, V5_PAYLOAD_B64);
    free(h);
    free(p);
    free(hb);
    free(pb);
}
END_TEST

/* vectors.md V7 (RFC 8225 §9.1), with the corrected one-line output, and the
 * §5.2.1 / §8.1 examples, which are canonical already. */
static const struct {
    const char *in, *want;
} canon_cases[] = {
    {"{ \"dest\":{\"uri\":[\"sip:alice@example.com\"]}, \"orig\":{\"tn\":\"12155551212\"}, "
     "\"iat\":1443208345,\n  \"mky\":[{\"alg\":\"sha-256\",\"dig\":"
     "\"021ACC5427ABEB9C533F3E4B652E7D463F5442CD54F17A03A27DF9B07F4619B2\"},\n         "
     "{\"alg\":\"sha-256\",\"dig\":\"4AADB9B13F82183B540212DF3E5D496B19E57CAB3E4B652E7D463F5442"
     "CD54F1\"}] }",
     "{\"dest\":{\"uri\":[\"sip:alice@example.com\"]},\"iat\":1443208345,\"mky\":[{\"alg\":\"sha-"
     "256\",\"dig\":\"021ACC5427ABEB9C533F3E4B652E7D463F5442CD54F17A03A27DF9B07F4619B2\"},{\"alg"
     "\":\"sha-256\",\"dig\":\"4AADB9B13F82183B540212DF3E5D496B19E57CAB3E4B652E7D463F5442CD54F1\""
     "}],\"orig\":{\"tn\":\"12155551212\"}}"},
    {"{\"dest\":{\"uri\":[\"sip:alice@example.com\"]},\"iat\":1443208345,\"orig\":{\"tn\":"
     "\"12155551212\"}}",
     "{\"dest\":{\"uri\":[\"sip:alice@example.com\"]},\"iat\":1443208345,\"orig\":{\"tn\":"
     "\"12155551212\"}}"},
    {"{\"dest\":{\"tn\":[\"12125551212\"],\"uri\":[\"sip:alice@example.com\",\"sip:bob@example."
     "net\"]},\"iat\":1443208345,\"orig\":{\"tn\":\"12155551212\"}}",
     "{\"dest\":{\"tn\":[\"12125551212\"],\"uri\":[\"sip:alice@example.com\",\"sip:bob@example."
     "net\"]},\"iat\":1443208345,\"orig\":{\"tn\":\"12155551212\"}}"},
    {"{\"x5u\":\"https://tel.example.org/passport.cer\",\"typ\":\"passport\",\"ppt\":\"foo\","
     "\"alg\":\"ES256\"}",
     "{\"alg\":\"ES256\",\"ppt\":\"foo\",\"typ\":\"passport\",\"x5u\":\"https://tel.example.org/"
     "passport.cer\"}"},
    /* §9 rules: recursion into arrays, lower-case literals, '/' unescaped,
     * UTF-8 kept, code-point order (upper case before lower, "é" last). */
    {"{\"b\":[{\"z\":1,\"a\":true}],\"\xc3\xa9\":\"x/y\",\"a\":null,\"B\":false,\"c\":-7}",
     "{\"B\":false,\"a\":null,\"b\":[{\"a\":true,\"z\":1}],\"c\":-7,\"\xc3\xa9\":\"x/y\"}"},
    {"[3, {\"b\":\"\\u00e9\\n\", \"a\":{}}]", "[3,{\"a\":{},\"b\":\"\xc3\xa9\\n\"}]"},
};

START_TEST(test_canonical)
{
    char *out = canonical(canon_cases[_i].in);

    ck_assert_str_eq(out, canon_cases[_i].want);
    free(out);
}
END_TEST

START_TEST(test_canonical_rejects_reals)
{
    json_t *v = json("{\"a\":{\"b\":[1,2.5]}}");
    json_t *w = json_real(5.0);
    char *out = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_json_canonical(v, &out, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "$.a.b[1] is a real number") != NULL, "%s", err.text);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(stir_json_canonical(w, &out, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "integers"));
    ck_assert_int_eq(stir_json_canonical(NULL, &out, &err), STIR_E_INVALID_ARG);
    json_decref(v);
    json_decref(w);

    /* Runaway nesting is refused before jansson recurses through it. */
    v = json_array();
    w = v;
    for (int i = 0; i < 70; i++) {
        json_t *inner = json_array();

        json_array_append_new(w, inner);
        w = inner;
    }
    ck_assert_int_eq(stir_json_canonical(v, &out, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "nested deeper than 64 levels") != NULL, "%s", err.text);
    json_decref(v);
}
END_TEST

/* ---- ES256 r||s <-> DER (RFC 7518 §3.4) -------------------------------------------- */

START_TEST(test_es256_conversions)
{
    unsigned char raw[64], back[64], *der = NULL, *der2 = NULL;
    size_t derlen = 0, der2len = 0;
    stir_error_t err;

    /* r and s with the top bit clear: DER is 30 44 02 20 r 02 20 s, 70 bytes. */
    for (int i = 0; i < 64; i++)
        raw[i] = (unsigned char)(i % 32 == 0 ? 0x01 : i);
    ck_assert_int_eq(skit_es256_raw_to_der(raw, sizeof(raw), &der, &derlen, &err), STIR_OK);
    ck_assert_uint_eq(derlen, 70);
    ck_assert_uint_eq(der[0], 0x30);
    ck_assert_uint_eq(der[1], 0x44);
    ck_assert_int_eq(skit_es256_der_to_raw(der, derlen, back, &err), STIR_OK);
    ck_assert_mem_eq(raw, back, 64);
    /* A DER signature is not a JWS signature. */
    ck_assert_int_eq(skit_es256_raw_to_der(der, derlen, &der2, &der2len, &err), STIR_E_MALFORMED);
    ck_assert_ptr_null(der2);
    ck_assert_msg(strstr(err.text, "70 bytes") && strstr(err.text, "DER signature is not allowed"),
                  "%s", err.text);
    OPENSSL_free(der);

    /* Top bit set: a leading 00 in each INTEGER, 72 bytes, still 64 back. */
    memset(raw, 0xff, 32);
    memset(raw + 32, 0x80, 32);
    ck_assert_int_eq(skit_es256_raw_to_der(raw, 64, &der, &derlen, &err), STIR_OK);
    ck_assert_uint_eq(derlen, 72);
    ck_assert_int_eq(skit_es256_der_to_raw(der, derlen, back, &err), STIR_OK);
    ck_assert_mem_eq(raw, back, 64);
    OPENSSL_free(der);
}
END_TEST

static const struct {
    const char *name, *hex, *why;
} bad_der[] = {
    {"trailing byte", "3006020101020101" "00", "follow the DER"},
    {"long-form length", "308106020101020101", "BER, not DER"},
    {"r of 33 bytes",
     "3026022101" "0000000000000000000000000000000000000000000000000000000000000000" "020101",
     "longer than 32 bytes"},
    {"negative s (OpenSSL refuses it)", "30060201010201ff", "not a DER ECDSA-Sig-Value"},
    {"not a SEQUENCE", "0201010201", "not a DER ECDSA-Sig-Value"},
};

START_TEST(test_es256_der_rejects)
{
    size_t len;
    unsigned char *der = tu_hex(bad_der[_i].hex, &len), raw[64];
    stir_error_t err;

    ck_assert_int_eq(skit_es256_der_to_raw(der, len, raw, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, bad_der[_i].why) != NULL, "%s: got '%s'", bad_der[_i].name,
                  err.text);
    free(der);
}
END_TEST

/* ---- published and derived tokens ------------------------------------------------- */

/* vectors.md V5 / N4: the Appendix A signature verifies with neither key. */
START_TEST(test_v5_signature_fails_both_keys)
{
    char *tok = mk_token("@" V5_HEADER_B64, "@" V5_PAYLOAD_B64, "@" V5_SIG);
    stir_passport *p = decode_ok(tok);
    EVP_PKEY *d3 = pem_key(d3_public_pem, 0), *a2 = pem_key(a2_public_pem, 0);
    stir_error_t err;

    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_verify_signature(p, d3, &err), STIR_E_SIGNATURE);
    ck_assert_ptr_nonnull(strstr(err.text, "does not verify"));
    ck_assert_int_eq(stir_passport_verify_signature(p, a2, &err), STIR_E_SIGNATURE);
    ck_assert_int_eq(err.code, STIR_E_SIGNATURE);
    EVP_PKEY_free(d3);
    EVP_PKEY_free(a2);
    stir_passport_free(p);
    free(tok);
}
END_TEST

/* vectors.md D2: both deterministic tokens decode, check and verify with the
 * D3 key, and fail with the A.2 key. */
START_TEST(test_d2_verify)
{
    stir_passport *p = decode_ok(d2_tokens[_i]);
    EVP_PKEY *d3 = pem_key(d3_public_pem, 0), *a2 = pem_key(a2_public_pem, 0);
    stir_passport_idtype type;
    stir_error_t err;
    int64_t iat = 0;

    ck_assert_msg(stir_passport_check(p, &err) == STIR_OK, "%s", err.text);
    ck_assert_msg(stir_passport_verify_signature(p, d3, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_passport_verify_signature(p, a2, &err), STIR_E_SIGNATURE);
    ck_assert_int_eq(stir_passport_is_compact(p), 0);
    ck_assert_str_eq(stir_passport_get0_x5u(p), "https://cert.example.org/passport.cer");
    ck_assert_int_eq(stir_passport_get_iat(p, &iat, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, iat + 5, 60, &err), STIR_OK);
    if (_i == 0) {
        ck_assert_int_eq(iat, 1471375418);
        ck_assert_ptr_null(stir_passport_get0_ppt(p));
        ck_assert_ptr_null(stir_passport_get0_attest(p));
        ck_assert_str_eq(stir_passport_get0_orig(p, &type), "12155551212");
        ck_assert_int_eq(type, STIR_PASSPORT_ID_TN);
        ck_assert_uint_eq(stir_passport_dest_count(p, STIR_PASSPORT_ID_TN), 0);
        ck_assert_uint_eq(stir_passport_dest_count(p, STIR_PASSPORT_ID_URI), 1);
        ck_assert_str_eq(stir_passport_get0_dest(p, STIR_PASSPORT_ID_URI, 0),
                         "sip:alice@example.com");
    } else {
        ck_assert_int_eq(iat, 1443208345);
        ck_assert_str_eq(stir_passport_get0_ppt(p), "shaken");
        ck_assert_str_eq(stir_passport_get0_attest(p), "A");
        ck_assert_str_eq(stir_passport_get0_origid(p), UUID1);
        ck_assert_str_eq(stir_passport_get0_orig(p, NULL), "12155550121");
        ck_assert_str_eq(stir_passport_get0_dest(p, STIR_PASSPORT_ID_TN, 0), "12155550131");
        ck_assert_ptr_null(stir_passport_get0_dest(p, STIR_PASSPORT_ID_TN, 1));
        ck_assert_int_eq(json_integer_value(json_object_get(stir_passport_get0_claims(p), "iat")),
                         1443208345);
        ck_assert_str_eq(json_string_value(json_object_get(stir_passport_get0_header(p), "typ")),
                         "passport");
    }
    EVP_PKEY_free(d3);
    EVP_PKEY_free(a2);
    stir_passport_free(p);
}
END_TEST

/* vectors.md D2: signing the same claims with the A.1 key gives exactly the
 * D2 header and payload segments (OpenSSL 3.0 signs with a random nonce, so
 * only the signing input is compared; the signature must verify with D3). */
START_TEST(test_d2_sign_same_signing_input)
{
    static const char *const uri[] = {"sip:alice@example.com"};
    static const char *const tn[] = {"+1 215-555-0131"};
    stir_passport_claims base = {.iat = 1471375418, .orig_tn = "+1 (215) 555-1212",
                                 .dest_uri = uri, .n_dest_uri = 1,
                                 .x5u = "https://cert.example.org/passport.cer"};
    stir_passport_claims shaken = {.iat = 1443208345, .orig_tn = "12155550121", .dest_tn = tn,
                                   .n_dest_tn = 1, .ppt = "shaken", .attest = "A",
                                   .origid = UUID1,
                                   .x5u = "https://cert.example.org/passport.cer"};
    EVP_PKEY *a1 = pem_key(a1_private_pem, 1), *d3 = pem_key(d3_public_pem, 0);
    char *jws = NULL;
    stir_passport *p;
    stir_error_t err;
    size_t cut;

    ck_assert_msg(stir_passport_sign(_i == 0 ? &base : &shaken, a1, &jws, &err) == STIR_OK, "%s",
                  err.text);
    cut = (size_t)(strrchr(d2_tokens[_i], '.') - d2_tokens[_i]);
    ck_assert_uint_eq((size_t)(strrchr(jws, '.') - jws), cut);
    ck_assert_int_eq(strncmp(jws, d2_tokens[_i], cut + 1), 0);
    ck_assert_uint_eq(strlen(jws), strlen(d2_tokens[_i]));
    p = decode_ok(jws);
    ck_assert_int_eq(stir_passport_verify_signature(p, d3, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    stir_passport_free(p);
    free(jws);
    EVP_PKEY_free(a1);
    EVP_PKEY_free(d3);
}
END_TEST

/* vectors.md V6: the full token verifies with A.2 but iat is a string. */
START_TEST(test_v6_full_form)
{
    stir_passport *p = decode_ok(v6_token);
    EVP_PKEY *a2 = pem_key(a2_public_pem, 0);
    stir_error_t err;
    int64_t iat;

    ck_assert_msg(stir_passport_verify_signature(p, a2, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "claim 'iat' is a JSON string") != NULL, "%s", err.text);
    ck_assert_ptr_nonnull(strstr(err.text, "6656"));
    ck_assert_int_eq(stir_passport_get_iat(p, &iat, &err), STIR_E_MALFORMED);
    ck_assert_int_eq(stir_passport_check_iat(p, 1443208345, 60, &err), STIR_E_MALFORMED);
    EVP_PKEY_free(a2);
    stir_passport_free(p);
}
END_TEST

/* vectors.md V6: the compact form, with header and claims reconstructed by
 * the caller (iat in the same string form), rebuilds the signing input. */
START_TEST(test_v6_compact_form)
{
    json_t *hdr = json("{\"typ\":\"passport\",\"alg\":\"ES256\","
                       "\"x5u\":\"https://cert.example.org/passport.cer\"}");
    json_t *claims = json("{\"orig\":{\"tn\":\"12155551212\"},\"iat\":\"1443208345\","
                          "\"dest\":{\"uri\":[\"sip:alice@example.com\"]}}");
    const char compact[] = ".." V6_SIG;
    EVP_PKEY *a2 = pem_key(a2_public_pem, 0), *d3 = pem_key(d3_public_pem, 0);
    stir_passport *p = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_passport_decode_compact(compact, strlen(compact), hdr, claims, &p, &err),
                     STIR_OK);
    json_decref(hdr); /* the passport keeps its own copies */
    json_decref(claims);
    ck_assert_int_eq(stir_passport_is_compact(p), 1);
    ck_assert_msg(stir_passport_verify_signature(p, a2, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_passport_verify_signature(p, d3, &err), STIR_E_SIGNATURE);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "'iat'"));
    ck_assert_str_eq(stir_passport_get0_orig(p, NULL), "12155551212");
    stir_passport_free(p);
    /* The full decoder points at the compact decoder. */
    ck_assert_int_eq(stir_passport_decode(compact, strlen(compact), &p, &err), STIR_E_MALFORMED);
    ck_assert_ptr_null(p);
    ck_assert_ptr_nonnull(strstr(err.text, "compact form"));
    EVP_PKEY_free(a2);
    EVP_PKEY_free(d3);
}
END_TEST

/* vectors.md N1: decodes, but orig/dest are strings and origid is no UUID. */
START_TEST(test_n1_claims_rejected)
{
    stir_passport *p = decode_ok(n1_token);
    json_t *claims = stir_passport_get0_claims(p);
    stir_passport_idtype type;
    stir_error_t err;

    ck_assert_int_eq(stir_passport_check(p, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "claim 'orig' is a JSON string") != NULL, "%s", err.text);
    ck_assert_ptr_null(stir_passport_get0_orig(p, &type));
    ck_assert_int_eq(type, STIR_PASSPORT_ID_NONE);
    ck_assert_uint_eq(stir_passport_dest_count(p, STIR_PASSPORT_ID_TN), 0);
    ck_assert_str_eq(stir_passport_get0_x5u(p), "http://shaken.signalwire.cloud/sp.pem");
    ck_assert(json_is_string(json_object_get(claims, "dest")));
    stir_passport_free(p);
}
END_TEST

/* ---- claim checks: one defect per row ------------------------------------------- */

#define H_BASE "{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":\"https://a.example/c.pem\"}"
#define H_SHAKEN \
    "{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"https://a.example/c.pem\"}"
#define P_OK "\"iat\":1700000000,\"orig\":{\"tn\":\"12155551212\"},\"dest\":{\"tn\":[\"12155550131\"]}"
#define P_SHAKEN "{" P_OK ",\"attest\":\"A\",\"origid\":\"" UUID1 "\"}"

static const struct {
    const char *name, *hdr, *pay;
    stir_status st;
    const char *why;
} claim_cases[] = {
    /* accepted */
    {"base, tn", H_BASE, "{" P_OK "}", STIR_OK, NULL},
    {"shaken", H_SHAKEN, P_SHAKEN, STIR_OK, NULL},
    {"uri orig, tn and uri dest, upper-case UUID", H_SHAKEN,
     "{\"iat\":1,\"orig\":{\"uri\":\"sip:a@example.com\"},\"dest\":{\"tn\":[\"*67\"],\"uri\":"
     "[\"sip:b@example.com\"]},\"attest\":\"C\",\"origid\":\"123E4567-E89B-12D3-A456-42665544"
     "000F\"}",
     STIR_OK, NULL},
    {"unknown extra claim and header", "{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":\"u\","
     "\"kid\":\"k\"}", "{" P_OK ",\"mky\":[]}", STIR_OK, NULL},
    /* header (RFC 8225 §4, §8) */
    {"typ JWT", "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5u\":\"u\"}", "{" P_OK "}",
     STIR_E_MALFORMED, "'typ' is 'JWT'"},
    {"typ missing", "{\"alg\":\"ES256\",\"x5u\":\"u\"}", "{" P_OK "}", STIR_E_MALFORMED,
     "'typ' is missing"},
    {"alg ES384", "{\"alg\":\"ES384\",\"typ\":\"passport\",\"x5u\":\"u\"}", "{" P_OK "}",
     STIR_E_UNSUPPORTED, "'alg' is 'ES384'"},
    {"alg none", "{\"alg\":\"none\",\"typ\":\"passport\",\"x5u\":\"u\"}", "{" P_OK "}",
     STIR_E_UNSUPPORTED, "only ES256"},
    {"alg missing", "{\"typ\":\"passport\",\"x5u\":\"u\"}", "{" P_OK "}", STIR_E_MALFORMED,
     "'alg' is missing"},
    /* vectors.md V7: header with ppt "foo" (RFC 8225 §8.1) MUST fail. */
    {"ppt foo", "{\"alg\":\"ES256\",\"ppt\":\"foo\",\"typ\":\"passport\",\"x5u\":\"https://tel."
     "example.org/passport.cer\"}", "{" P_OK "}", STIR_E_UNSUPPORTED, "'ppt' is 'foo'"},
    {"ppt integer", "{\"alg\":\"ES256\",\"ppt\":1,\"typ\":\"passport\",\"x5u\":\"u\"}",
     "{" P_OK "}", STIR_E_MALFORMED, "'ppt' is a JSON integer"},
    {"x5u missing", "{\"alg\":\"ES256\",\"typ\":\"passport\"}", "{" P_OK "}", STIR_E_MALFORMED,
     "'x5u' is missing"},
    {"x5u array", "{\"alg\":\"ES256\",\"typ\":\"passport\",\"x5u\":[\"u\"]}", "{" P_OK "}",
     STIR_E_MALFORMED, "'x5u' is a JSON array"},
    /* iat (RFC 8225 §5.1.1, RFC 8588 erratum 6656) */
    {"iat missing", H_BASE, "{\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'iat' is missing"},
    {"iat string", H_BASE,
     "{\"iat\":\"1443208345\",\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'iat' is a JSON string"},
    {"iat real", H_BASE, "{\"iat\":1443208345.5,\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'iat' is a JSON real number"},
    /* orig (RFC 8225 §5.2.1) */
    {"orig missing", H_BASE, "{\"iat\":1,\"dest\":{\"tn\":[\"2\"]}}", STIR_E_MALFORMED,
     "'orig' is missing"},
    {"orig string", H_BASE, "{\"iat\":1,\"orig\":\"12155551212\",\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'orig' is a JSON string"},
    {"orig two identities", H_BASE,
     "{\"iat\":1,\"orig\":{\"tn\":\"1\",\"uri\":\"sip:a@b\"},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'orig' has 2 members"},
    {"orig empty", H_BASE, "{\"iat\":1,\"orig\":{},\"dest\":{\"tn\":[\"2\"]}}", STIR_E_MALFORMED,
     "'orig' has 0 members"},
    {"orig other identity", H_BASE, "{\"iat\":1,\"orig\":{\"email\":\"a@b\"},\"dest\":{\"tn\":"
     "[\"2\"]}}", STIR_E_MALFORMED, "'orig' holds 'email'"},
    {"orig tn number", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":12155551212},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'orig' tn is a JSON integer"},
    {"orig tn with +", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"+12155551212\"},\"dest\":{\"tn\":"
     "[\"2\"]}}", STIR_E_MALFORMED, "'orig' tn '+12155551212' is not canonical"},
    {"orig tn with letters", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1215CALLME\"},\"dest\":{\"tn\":"
     "[\"2\"]}}", STIR_E_MALFORMED, "'orig' tn is not a telephone number"},
    {"orig uri empty", H_BASE, "{\"iat\":1,\"orig\":{\"uri\":\"\"},\"dest\":{\"tn\":[\"2\"]}}",
     STIR_E_MALFORMED, "'orig' uri is empty"},
    /* dest (RFC 8225 §5.2.1) */
    {"dest missing", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"}}", STIR_E_MALFORMED,
     "'dest' is missing"},
    {"dest string", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":\"{\\\"tn\\\":\\\"2\\\"}\"}",
     STIR_E_MALFORMED, "'dest' is a JSON string"},
    {"dest array", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":[{\"tn\":\"2\"}]}",
     STIR_E_MALFORMED, "'dest' is a JSON array"},
    {"dest empty", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{}}", STIR_E_MALFORMED,
     "'dest' is empty"},
    {"dest tn string", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":\"2\"}}",
     STIR_E_MALFORMED, "'dest' tn is a JSON string, not an array"},
    {"dest tn empty", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[]}}",
     STIR_E_MALFORMED, "'dest' tn array is empty"},
    {"dest uri entry number", H_BASE,
     "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"uri\":[\"sip:a@b\",7]}}", STIR_E_MALFORMED,
     "'dest' uri entry 2 is a JSON integer"},
    {"dest uri empty string", H_BASE, "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"uri\":[\"\"]}}",
     STIR_E_MALFORMED, "'dest' uri entry 1 is empty"},
    {"dest tn not canonical", H_BASE,
     "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[\"215-555-0131\"]}}", STIR_E_MALFORMED,
     "'dest' tn '215-555-0131' is not canonical"},
    {"dest other identity", H_BASE,
     "{\"iat\":1,\"orig\":{\"tn\":\"1\"},\"dest\":{\"tn\":[\"2\"],\"email\":[\"a@b\"]}}",
     STIR_E_MALFORMED, "'dest' holds 'email'"},
    /* SHAKEN (RFC 8588 §4, §5) */
    {"attest missing", H_SHAKEN, "{" P_OK ",\"origid\":\"" UUID1 "\"}", STIR_E_MALFORMED,
     "'attest' is missing"},
    {"attest lower case", H_SHAKEN, "{" P_OK ",\"attest\":\"a\",\"origid\":\"" UUID1 "\"}",
     STIR_E_MALFORMED, "'attest' is 'a'"},
    {"attest D", H_SHAKEN, "{" P_OK ",\"attest\":\"D\",\"origid\":\"" UUID1 "\"}",
     STIR_E_MALFORMED, "must be A, B or C"},
    {"attest AB", H_SHAKEN, "{" P_OK ",\"attest\":\"AB\",\"origid\":\"" UUID1 "\"}",
     STIR_E_MALFORMED, "'attest' is 'AB'"},
    {"attest number", H_SHAKEN, "{" P_OK ",\"attest\":1,\"origid\":\"" UUID1 "\"}",
     STIR_E_MALFORMED, "'attest' is a JSON integer"},
    {"origid missing", H_SHAKEN, "{" P_OK ",\"attest\":\"B\"}", STIR_E_MALFORMED,
     "'origid' is missing"},
    {"origid ref", H_SHAKEN, "{" P_OK ",\"attest\":\"B\",\"origid\":\"ref\"}", STIR_E_MALFORMED,
     "'origid' 'ref' is not a UUID"},
    {"origid hyphen misplaced", H_SHAKEN,
     "{" P_OK ",\"attest\":\"B\",\"origid\":\"123e4567e-89b-12d3-a456-426655440000\"}",
     STIR_E_MALFORMED, "is not a UUID"},
    {"origid non-hex", H_SHAKEN,
     "{" P_OK ",\"attest\":\"B\",\"origid\":\"123e4567-e89b-12d3-a456-42665544000g\"}",
     STIR_E_MALFORMED, "is not a UUID"},
    {"origid null", H_SHAKEN, "{" P_OK ",\"attest\":\"B\",\"origid\":null}", STIR_E_MALFORMED,
     "'origid' is a JSON null"},
};

START_TEST(test_check_claims)
{
    char *tok = mk_token(claim_cases[_i].hdr, claim_cases[_i].pay, NULL);
    stir_passport *p = decode_ok(tok);
    stir_error_t err;
    stir_status st = stir_passport_check(p, &err);

    ck_assert_msg(st == claim_cases[_i].st, "%s: status %d (%s)", claim_cases[_i].name, st,
                  st != STIR_OK ? err.text : "");
    if (claim_cases[_i].why != NULL)
        ck_assert_msg(strstr(err.text, claim_cases[_i].why) != NULL, "%s: got '%s', want '%s'",
                      claim_cases[_i].name, err.text, claim_cases[_i].why);
    stir_passport_free(p);
    free(tok);
}
END_TEST

/* ---- decoding: one defect per row -------------------------------------------------- */

static const struct {
    const char *name, *token, *hdr, *pay, *sig;
    stir_status st;
    const char *why;
} decode_cases[] = {
    {"empty", "", NULL, NULL, NULL, STIR_E_MALFORMED, "has 1 segment(s)"},
    {"two segments", "eyJ9.eyJ9", NULL, NULL, NULL, STIR_E_MALFORMED, "has 2 segment(s)"},
    {"four segments", "a.b.c.d", NULL, NULL, NULL, STIR_E_MALFORMED, "has 4 segment(s)"},
    {"compact form", "..AAAA", NULL, NULL, NULL, STIR_E_MALFORMED, "compact form"},
    {"empty header", NULL, "@", H_BASE, NULL, STIR_E_MALFORMED, "header segment is empty"},
    {"empty payload", NULL, H_BASE, "@", NULL, STIR_E_MALFORMED, "payload segment is empty"},
    {"empty signature", NULL, H_BASE, "{" P_OK "}", "@", STIR_E_MALFORMED,
     "signature segment is empty"},
    {"padded header", NULL, "@eyJ9==", "{" P_OK "}", NULL, STIR_E_MALFORMED,
     "header segment: base64url holds '=' padding"},
    {"base64 '+' in payload", NULL, H_BASE, "@eyJ+", NULL, STIR_E_MALFORMED,
     "payload segment: '+' at position 4"},
    {"space in signature", NULL, H_BASE, "{" P_OK "}", "@AAAA AAAA", STIR_E_MALFORMED,
     "signature segment"},
    {"impossible base64 length", NULL, "@eyJhb", "{" P_OK "}", NULL, STIR_E_MALFORMED,
     "header segment"},
    {"header not JSON", NULL, "{alg:ES256}", "{" P_OK "}", NULL, STIR_E_MALFORMED,
     "header is not valid JSON"},
    {"header array", NULL, "[\"ES256\"]", "{" P_OK "}", NULL, STIR_E_MALFORMED,
     "header is a JSON array, not an object"},
    {"payload string", NULL, H_BASE, "\"x\"", NULL, STIR_E_MALFORMED,
     "PASSporT payload is a JSON string, not an object"},
    {"payload duplicate member", NULL, H_BASE, "{\"iat\":1,\"iat\":2}", NULL, STIR_E_MALFORMED,
     "duplicate object key"},
    {"nested duplicate member", NULL, H_BASE, "{\"orig\":{\"tn\":\"1\",\"tn\":\"2\"}}", NULL,
     STIR_E_MALFORMED, "PASSporT payload repeats a JSON member name"},
    {"\\u0000 in a string", NULL, H_BASE, "{\"orig\":{\"tn\":\"1\\u00002\"}}", NULL,
     STIR_E_MALFORMED, "\\u0000 is not allowed"},
    {"raw control byte in a string", NULL, H_BASE, "{\"a\":\"x\ty\"}", NULL, STIR_E_MALFORMED,
     "payload is not valid JSON"},
    {"bytes after the object", NULL, H_BASE, "{\"iat\":1} {}", NULL, STIR_E_MALFORMED,
     "payload is not valid JSON"},
    {"invalid UTF-8", NULL, H_BASE, "{\"a\":\"\xc3\x28\"}", NULL, STIR_E_MALFORMED,
     "payload is not valid JSON"},
    {"32-byte signature", NULL, H_BASE, "{" P_OK "}",
     "@AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", STIR_E_MALFORMED,
     "signature is 32 bytes; an ES256 JWS signature is 64"},
    {"NUL byte", NULL, NULL, NULL, NULL, STIR_E_MALFORMED, "NUL byte at position 3"},
};

START_TEST(test_decode_rejects)
{
    char *tok = decode_cases[_i].token != NULL ? strdup(decode_cases[_i].token)
                : decode_cases[_i].hdr != NULL
                    ? mk_token(decode_cases[_i].hdr, decode_cases[_i].pay, decode_cases[_i].sig)
                    : strdup(d2_tokens[0]);
    size_t len = strlen(tok);
    stir_passport *p = (stir_passport *)&len; /* must be reset to NULL */
    stir_error_t err;
    stir_status st;

    if (decode_cases[_i].token == NULL && decode_cases[_i].hdr == NULL)
        tok[2] = '\0'; /* the NUL-byte case */
    st = stir_passport_decode(tok, len, &p, &err);
    ck_assert_msg(st == decode_cases[_i].st, "%s: status %d (%s)", decode_cases[_i].name, st,
                  err.text);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err.text, decode_cases[_i].why) != NULL, "%s: got '%s', want '%s'",
                  decode_cases[_i].name, err.text, decode_cases[_i].why);
    free(tok);
}
END_TEST

START_TEST(test_decode_limits_and_args)
{
    char *big = malloc(STIR_PASSPORT_MAX_LEN + 2);
    json_t *obj = json("{}"), *arr = json("[]"), *real = json("{\"iat\":1.5}");
    stir_passport *p = NULL;
    stir_error_t err;

    /* An 8 KiB token is read; one byte more is too large. */
    memset(big, 'A', STIR_PASSPORT_MAX_LEN + 1);
    big[10] = '.';
    big[20] = '.';
    ck_assert_int_eq(stir_passport_decode(big, STIR_PASSPORT_MAX_LEN + 1, &p, &err),
                     STIR_E_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.text, "exceeds the 8192-byte limit"));
    ck_assert_int_ne(stir_passport_decode(big, STIR_PASSPORT_MAX_LEN, &p, &err),
                     STIR_E_TOO_LARGE);
    ck_assert_int_eq(stir_passport_decode_compact(big, STIR_PASSPORT_MAX_LEN + 1, obj, obj, &p,
                                                  &err),
                     STIR_E_TOO_LARGE);
    ck_assert_int_eq(stir_passport_decode(NULL, 0, &p, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_passport_decode("a.b.c", 5, NULL, &err), STIR_E_INVALID_ARG);

    /* Compact form: shape, and objects supplied by the caller. */
    ck_assert_int_eq(stir_passport_decode_compact(".AAAA", 5, obj, obj, &p, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "must be '..' followed by the signature"));
    ck_assert_int_eq(stir_passport_decode_compact("..AA.AA", 7, obj, obj, &p, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "more than 3 segments"));
    ck_assert_int_eq(stir_passport_decode_compact("..", 2, obj, obj, &p, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "signature segment is empty"));
    ck_assert_int_eq(stir_passport_decode_compact(".." V6_SIG, 88, arr, obj, &p, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "header supplied for the compact form is a JSON array"));
    ck_assert_int_eq(stir_passport_decode_compact(".." V6_SIG, 88, obj, real, &p, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "PASSporT payload: JSON value at $.iat is a real"));
    ck_assert_int_eq(stir_passport_decode_compact("..AAAA", 6, obj, obj, &p, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "signature is 3 bytes"));
    ck_assert_int_eq(stir_passport_decode_compact(NULL, 0, obj, obj, &p, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_null(p);

    ck_assert_int_eq(stir_passport_check(NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_passport_verify_signature(NULL, NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_null(stir_passport_get0_x5u(NULL));
    ck_assert_ptr_null(stir_passport_get0_claims(NULL));
    ck_assert_uint_eq(stir_passport_dest_count(NULL, STIR_PASSPORT_ID_TN), 0);
    stir_passport_free(NULL);
    json_decref(obj);
    json_decref(arr);
    json_decref(real);
    free(big);
}
END_TEST

/* ---- round trips with a fresh key ------------------------------------------------- */

START_TEST(test_round_trip_fresh_key)
{
    static const char *const tns[] = {"+1 (215) 555-0199", "12155550131", "*67"};
    static const char *const uris[] = {"sip:zoe@example.com", "sip:bob@example.com"};
    EVP_PKEY *key = new_key("P-256"), *other = new_key("P-256");
    stir_passport_claims c = {.iat = 1700000000, .orig_tn = "+1-215-555-0121",
                              .dest_tn = tns, .n_dest_tn = 3, .dest_uri = uris, .n_dest_uri = 2,
                              .ppt = "shaken", .attest = "B", .origid = UUID1,
                              .x5u = "https://sti.example.net/sp.pem"};
    char *jws = NULL, *payload = NULL;
    stir_passport_idtype type;
    stir_passport *p;
    stir_error_t err;

    ck_assert_msg(stir_passport_sign(&c, key, &jws, &err) == STIR_OK, "%s", err.text);
    p = decode_ok(jws);
    ck_assert_msg(stir_passport_check(p, &err) == STIR_OK, "%s", err.text);
    ck_assert_msg(stir_passport_verify_signature(p, key, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_passport_verify_signature(p, other, &err), STIR_E_SIGNATURE);
    ck_assert_int_eq(stir_passport_check_iat(p, 1700000000, 0, &err), STIR_OK);
    /* Canonical TNs, arrays sorted (RFC 8225 §5.2.1), tn before uri. */
    ck_assert_int_eq(stir_json_canonical(stir_passport_get0_claims(p), &payload, &err), STIR_OK);
    ck_assert_str_eq(payload,
                     "{\"attest\":\"B\",\"dest\":{\"tn\":[\"*67\",\"12155550131\",\"12155550199\"],"
                     "\"uri\":[\"sip:bob@example.com\",\"sip:zoe@example.com\"]},\"iat\":1700000000,"
                     "\"orig\":{\"tn\":\"12155550121\"},\"origid\":\"" UUID1 "\"}");
    ck_assert_str_eq(stir_passport_get0_ppt(p), "shaken");
    ck_assert_str_eq(stir_passport_get0_x5u(p), "https://sti.example.net/sp.pem");
    free(payload);
    stir_passport_free(p);
    free(jws);

    /* A base PASSporT with a uri orig has no ppt, attest or origid. */
    c.orig_tn = NULL;
    c.orig_uri = "sip:alice@example.com";
    c.ppt = c.attest = c.origid = NULL;
    ck_assert_msg(stir_passport_sign(&c, key, &jws, &err) == STIR_OK, "%s", err.text);
    p = decode_ok(jws);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_verify_signature(p, key, &err), STIR_OK);
    ck_assert_ptr_null(json_object_get(stir_passport_get0_header(p), "ppt"));
    ck_assert_ptr_null(json_object_get(stir_passport_get0_claims(p), "attest"));
    ck_assert_str_eq(stir_passport_get0_orig(p, &type), "sip:alice@example.com");
    ck_assert_int_eq(type, STIR_PASSPORT_ID_URI);
    stir_passport_free(p);
    free(jws);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
}
END_TEST

/* The signature covers the received bytes: a non-canonical (re-ordered,
 * spaced) payload signed as is verifies; one changed byte does not. */
START_TEST(test_verify_over_received_segments)
{
    static const char hdr[] = "{\"x5u\":\"https://a.example/c.pem\", \"typ\":\"passport\","
                              " \"alg\":\"ES256\"}";
    static const char pay[] = "{ \"orig\":{\"tn\":\"12155551212\"}, \"iat\":1700000000,"
                              " \"dest\":{\"tn\":[\"12155550131\"]} }";
    EVP_PKEY *key = new_key("P-256");
    char *tok = sign_texts(key, hdr, pay), *tampered, *h, *p2, *s;
    const char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
    char *pay2 = strdup(pay);
    stir_passport *p = decode_ok(tok);
    stir_error_t err;

    ck_assert_msg(stir_passport_verify_signature(p, key, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    stir_passport_free(p);

    /* The same JSON re-serialised canonically no longer matches the signature,
     * so a verifier that re-serialised would be wrong either way. */
    *strstr(pay2, "1700000000") = '2'; /* iat 2700000000: one payload byte */
    h = strndup(tok, (size_t)(d1 - tok));
    p2 = b64url(pay2, strlen(pay2));
    s = strdup(d2 + 1);
    tampered = join3(h, p2, s);
    p = decode_ok(tampered);
    ck_assert_int_eq(stir_passport_verify_signature(p, key, &err), STIR_E_SIGNATURE);
    ck_assert_ptr_nonnull(strstr(err.text, "received PASSporT header and payload"));
    stir_passport_free(p);
    free(tampered);

    /* A flipped signature byte. */
    tampered = strdup(tok);
    tampered[strlen(tampered) - 3] = tampered[strlen(tampered) - 3] == 'A' ? 'B' : 'A';
    p = decode_ok(tampered);
    ck_assert_int_eq(stir_passport_verify_signature(p, key, &err), STIR_E_SIGNATURE);
    stir_passport_free(p);
    free(tampered);
    free(h);
    free(p2);
    free(s);
    free(pay2);
    free(tok);
    EVP_PKEY_free(key);
}
END_TEST

/* A DER signature (here 70 bytes) placed in the JWS is refused at decoding. */
START_TEST(test_der_signature_in_jws)
{
    unsigned char raw[64], *der = NULL;
    size_t derlen = 0;
    char *sig, *spec, *tok;
    stir_passport *p = NULL;
    stir_error_t err;

    for (int i = 0; i < 64; i++)
        raw[i] = (unsigned char)(i % 32 == 0 ? 0x11 : 0x22);
    ck_assert_int_eq(skit_es256_raw_to_der(raw, 64, &der, &derlen, &err), STIR_OK);
    ck_assert_uint_eq(derlen, 70);
    sig = b64url(der, derlen);
    spec = malloc(strlen(sig) + 2);
    snprintf(spec, strlen(sig) + 2, "@%s", sig);
    tok = mk_token(H_BASE, "{" P_OK "}", spec);
    ck_assert_int_eq(stir_passport_decode(tok, strlen(tok), &p, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, "signature is 70 bytes; an ES256 JWS signature is 64") != NULL,
                  "%s", err.text);
    ck_assert_ptr_null(p);
    OPENSSL_free(der);
    free(sig);
    free(spec);
    free(tok);
}
END_TEST

/* Another alg keeps its signature so that check/verify say "unsupported". */
START_TEST(test_other_alg_is_unsupported)
{
    static const unsigned char sig96[96]; /* an ES384-sized signature */
    char *sig = b64url(sig96, sizeof(sig96)), *spec = malloc(strlen(sig) + 2);
    char *tok;

    snprintf(spec, strlen(sig) + 2, "@%s", sig);
    tok = mk_token("{\"alg\":\"ES384\",\"typ\":\"passport\",\"x5u\":\"u\"}", "{" P_OK "}", spec);
    free(sig);
    free(spec);
    stir_passport *p = decode_ok(tok);
    EVP_PKEY *d3 = pem_key(d3_public_pem, 0);
    stir_error_t err;

    ck_assert_int_eq(stir_passport_check(p, &err), STIR_E_UNSUPPORTED);
    ck_assert_int_eq(stir_passport_verify_signature(p, d3, &err), STIR_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.text, "alg is 'ES384'"));
    EVP_PKEY_free(d3);
    stir_passport_free(p);
    free(tok);
}
END_TEST

START_TEST(test_unsupported_keys)
{
    static const char *const dest[] = {"12155550131"};
    stir_passport_claims c = {.iat = 1, .orig_tn = "12155551212", .dest_tn = dest,
                              .n_dest_tn = 1, .x5u = "https://a.example/c.pem"};
    EVP_PKEY *p384 = new_key("P-384");
    EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    stir_passport *p = decode_ok(d2_tokens[1]);
    char *jws = NULL;
    stir_error_t err;

    ck_assert_ptr_nonnull(ed);
    ck_assert_int_eq(stir_passport_sign(&c, p384, &jws, &err), STIR_E_UNSUPPORTED);
    ck_assert_msg(strstr(err.text, "secp384r1") && strstr(err.text, "P-256"), "%s", err.text);
    ck_assert_ptr_null(jws);
    ck_assert_int_eq(stir_passport_verify_signature(p, p384, &err), STIR_E_UNSUPPORTED);
    ck_assert_int_eq(stir_passport_sign(&c, ed, &jws, &err), STIR_E_UNSUPPORTED);
    ck_assert_msg(strstr(err.text, "ED25519 key") != NULL, "%s", err.text);
    ck_assert_int_eq(stir_passport_verify_signature(p, ed, &err), STIR_E_UNSUPPORTED);
    EVP_PKEY_free(p384);
    EVP_PKEY_free(ed);
    stir_passport_free(p);
}
END_TEST

/* What stir_passport_decode would refuse is not signed either. */
START_TEST(test_sign_too_large)
{
    static const char *const one[] = {"12155550131"};
    char *uri = malloc(STIR_PASSPORT_MAX_LEN);
    const char *uris[1];
    stir_passport_claims c = {.iat = 1, .orig_tn = "12155551212", .dest_tn = one,
                              .n_dest_tn = 1, .n_dest_uri = 1, .x5u = "https://a.example/c.pem"};
    EVP_PKEY *key = new_key("P-256");
    char *jws = NULL;
    stir_error_t err;

    memcpy(uri, "sip:", 4);
    memset(uri + 4, 'a', STIR_PASSPORT_MAX_LEN - 5);
    uri[STIR_PASSPORT_MAX_LEN - 1] = '\0';
    uris[0] = uri;
    c.dest_uri = uris;
    ck_assert_int_eq(stir_passport_sign(&c, key, &jws, &err), STIR_E_TOO_LARGE);
    ck_assert_msg(strstr(err.text, "over the 8192-byte limit") != NULL, "%s", err.text);
    ck_assert_ptr_null(jws);
    c.n_dest_uri = SIZE_MAX;
    ck_assert_int_eq(stir_passport_sign(&c, key, &jws, &err), STIR_E_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.text, "dest entries cannot fit"));
    free(uri);
    EVP_PKEY_free(key);
}
END_TEST

/* A public key cannot sign: OpenSSL's failure comes back as internal. */
START_TEST(test_sign_with_public_key)
{
    static const char *const dest[] = {"12155550131"};
    stir_passport_claims c = {.iat = 1, .orig_tn = "12155551212", .dest_tn = dest,
                              .n_dest_tn = 1, .x5u = "https://a.example/c.pem"};
    EVP_PKEY *d3 = pem_key(d3_public_pem, 0);
    char *jws = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_passport_sign(&c, d3, &jws, &err), STIR_E_INTERNAL);
    ck_assert_ptr_nonnull(strstr(err.text, "ES256 signing failed"));
    ck_assert_ptr_null(jws);
    EVP_PKEY_free(d3);
}
END_TEST

/* Freshness (RFC 8224 §6.2.1): 60 s either way is fine, 61 s is stale. */
START_TEST(test_iat_window)
{
    json_t *hdr = json(H_BASE), *claims = json("{" P_OK "}");
    stir_passport *p = NULL;
    stir_error_t err;
    const int64_t t = 1700000000;

    ck_assert_int_eq(stir_passport_decode_compact(".." V6_SIG, 88, hdr, claims, &p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, t + 60, 60, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, t - 60, 60, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, t + 61, 60, &err), STIR_E_STALE);
    ck_assert_msg(strstr(err.text, "61 s in the past") != NULL, "%s", err.text);
    ck_assert_int_eq(stir_passport_check_iat(p, t - 61, 60, &err), STIR_E_STALE);
    ck_assert_msg(strstr(err.text, "61 s in the future") != NULL, "%s", err.text);
    ck_assert_int_eq(err.code, STIR_E_STALE);
    ck_assert_int_eq(stir_passport_check_iat(p, t, -1, &err), STIR_E_INVALID_ARG);
    stir_passport_free(p);

    /* Extremes do not overflow. */
    json_object_set_new(claims, "iat", json_integer(INT64_MIN));
    ck_assert_int_eq(stir_passport_decode_compact(".." V6_SIG, 88, hdr, claims, &p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, INT64_MAX, INT64_MAX, &err), STIR_E_STALE);
    ck_assert_ptr_nonnull(strstr(err.text, "18446744073709551615 s in the past"));
    stir_passport_free(p);
    json_object_set_new(claims, "iat", json_integer(INT64_MAX));
    ck_assert_int_eq(stir_passport_decode_compact(".." V6_SIG, 88, hdr, claims, &p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, INT64_MIN, 60, &err), STIR_E_STALE);
    ck_assert_ptr_nonnull(strstr(err.text, "in the future"));
    stir_passport_free(p);
    json_decref(hdr);
    json_decref(claims);
}
END_TEST

/* ---- signing: refusals ---------------------------------------------------------------- */

static const char *const one_tn[] = {"12155550131"};
static const char *const bad_tn[] = {"1215555013A"};
static const char *const null_entry[] = {NULL};
static const char *const spaced_uri[] = {"sip:a b@example.com"};

#define DEST1 .dest_tn = one_tn, .n_dest_tn = 1
#define X5U .x5u = "https://a.example/c.pem"

static const struct {
    const char *name;
    stir_passport_claims c;
    stir_status st;
    const char *why;
} sign_cases[] = {
    {"no orig", {.iat = 1, DEST1, X5U}, STIR_E_INVALID_ARG, "exactly one of orig tn and orig uri"},
    {"two origs", {.iat = 1, .orig_tn = "1", .orig_uri = "sip:a@b", DEST1, X5U},
     STIR_E_INVALID_ARG, "exactly one of orig"},
    {"no dest", {.iat = 1, .orig_tn = "1", X5U}, STIR_E_INVALID_ARG, "dest needs at least one"},
    {"NULL dest array", {.iat = 1, .orig_tn = "1", .n_dest_uri = 1, X5U}, STIR_E_INVALID_ARG,
     "dest uri: NULL array"},
    {"NULL dest entry", {.iat = 1, .orig_tn = "1", .dest_tn = null_entry, .n_dest_tn = 1, X5U},
     STIR_E_INVALID_ARG, "dest tn entry 1 is NULL"},
    {"orig tn with a letter", {.iat = 1, .orig_tn = "1215555CALL", DEST1, X5U}, STIR_E_MALFORMED,
     "orig tn: telephone number '1215555CALL' holds 'C'"},
    {"dest tn with a letter", {.iat = 1, .orig_tn = "1", .dest_tn = bad_tn, .n_dest_tn = 1, X5U},
     STIR_E_MALFORMED, "dest tn entry 1: telephone number"},
    {"dest uri with a space",
     {.iat = 1, .orig_tn = "1", DEST1, .dest_uri = spaced_uri, .n_dest_uri = 1, X5U},
     STIR_E_MALFORMED, "dest uri entry 1 is empty or holds a space"},
    {"orig uri empty", {.iat = 1, .orig_uri = "", DEST1, X5U}, STIR_E_MALFORMED,
     "orig uri is empty"},
    {"x5u missing", {.iat = 1, .orig_tn = "1", DEST1}, STIR_E_INVALID_ARG,
     "x5u must be an https URL"},
    {"x5u http", {.iat = 1, .orig_tn = "1", DEST1, .x5u = "http://a.example/c.pem"},
     STIR_E_INVALID_ARG, "x5u must be an https URL"},
    {"x5u bare scheme", {.iat = 1, .orig_tn = "1", DEST1, .x5u = "https://"}, STIR_E_INVALID_ARG,
     "https URL"},
    {"ppt foo", {.iat = 1, .orig_tn = "1", DEST1, X5U, .ppt = "foo"}, STIR_E_UNSUPPORTED,
     "ppt 'foo' is not supported"},
    {"shaken without attest", {.iat = 1, .orig_tn = "1", DEST1, X5U, .ppt = "shaken",
                               .origid = UUID1},
     STIR_E_INVALID_ARG, "needs both attest and origid"},
    {"attest without ppt", {.iat = 1, .orig_tn = "1", DEST1, X5U, .attest = "A"},
     STIR_E_INVALID_ARG, "attest and origid belong to ppt 'shaken'"},
    {"attest D", {.iat = 1, .orig_tn = "1", DEST1, X5U, .ppt = "shaken", .attest = "D",
                  .origid = UUID1},
     STIR_E_MALFORMED, "attest 'D' is not A, B or C"},
    {"origid not a UUID", {.iat = 1, .orig_tn = "1", DEST1, X5U, .ppt = "shaken", .attest = "A",
                           .origid = "ref"},
     STIR_E_MALFORMED, "origid 'ref' is not a UUID"},
};

START_TEST(test_sign_rejects)
{
    EVP_PKEY *key = new_key("P-256");
    char *jws = NULL;
    stir_error_t err;
    stir_status st = stir_passport_sign(&sign_cases[_i].c, key, &jws, &err);

    ck_assert_msg(st == sign_cases[_i].st, "%s: status %d (%s)", sign_cases[_i].name, st,
                  err.text);
    ck_assert_msg(strstr(err.text, sign_cases[_i].why) != NULL, "%s: got '%s', want '%s'",
                  sign_cases[_i].name, err.text, sign_cases[_i].why);
    ck_assert_ptr_null(jws);
    ck_assert_int_eq(stir_passport_sign(NULL, key, &jws, &err), STIR_E_INVALID_ARG);
    EVP_PKEY_free(key);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("passport");
    TCase *tc = tcase_create("json");

    tcase_add_test(tc, test_v5_canonical_and_base64url);
    tcase_add_loop_test(tc, test_canonical, 0, sizeof(canon_cases) / sizeof(canon_cases[0]));
    tcase_add_test(tc, test_canonical_rejects_reals);
    suite_add_tcase(s, tc);
    tc = tcase_create("es256");
    tcase_add_test(tc, test_es256_conversions);
    tcase_add_loop_test(tc, test_es256_der_rejects, 0, sizeof(bad_der) / sizeof(bad_der[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("vectors");
    tcase_add_test(tc, test_v5_signature_fails_both_keys);
    tcase_add_loop_test(tc, test_d2_verify, 0, 2);
    tcase_add_loop_test(tc, test_d2_sign_same_signing_input, 0, 2);
    tcase_add_test(tc, test_v6_full_form);
    tcase_add_test(tc, test_v6_compact_form);
    tcase_add_test(tc, test_n1_claims_rejected);
    suite_add_tcase(s, tc);
    tc = tcase_create("decode");
    tcase_add_loop_test(tc, test_check_claims, 0, sizeof(claim_cases) / sizeof(claim_cases[0]));
    tcase_add_loop_test(tc, test_decode_rejects, 0,
                        sizeof(decode_cases) / sizeof(decode_cases[0]));
    tcase_add_test(tc, test_decode_limits_and_args);
    suite_add_tcase(s, tc);
    tc = tcase_create("sign_verify");
    tcase_add_test(tc, test_round_trip_fresh_key);
    tcase_add_test(tc, test_verify_over_received_segments);
    tcase_add_test(tc, test_der_signature_in_jws);
    tcase_add_test(tc, test_other_alg_is_unsupported);
    tcase_add_test(tc, test_unsupported_keys);
    tcase_add_test(tc, test_sign_with_public_key);
    tcase_add_test(tc, test_sign_too_large);
    tcase_add_test(tc, test_iat_window);
    tcase_add_loop_test(tc, test_sign_rejects, 0, sizeof(sign_cases) / sizeof(sign_cases[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
