/*
 * Unit tests: the SIP Identity header field (RFC 8224 §4) - parsing the
 * SHAKEN full form and its variants, every malformed case, building, and a
 * sign -> build -> parse -> decode -> verify round trip.
 * Vectors come from /work/shared/spec/vectors.md; each names its section.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "stirkit/stirkit.h"
#include "stirkit/identity.h"
#include "stirkit/passport.h"
#include "testutil.h"

/* vectors.md D2: the RFC 8588 §6 claims (erratum 6656 applied), signed
 * deterministically with the V5 A.1 key; verifies with the D3 key. */
#define D2_SHAKEN                                                                              \
    "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0" \
    "LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LmNlciJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MDEz" \
    "MSJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmlnIjp7InRuIjoiMTIxNTU1NTAxMjEifSwib3JpZ2lkIjoiMTIzZTQ1" \
    "NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjU1NDQwMDAwIn0.PwimjV0wnsRsOCmtANjxRqn2_o1EhP-l8ixwLTIbyhMUF4" \
    "qiJVy7mRUmup5JAeX8xy4hu4uZYeVmwVJtLuYnpw"
#define D2_INFO "https://cert.example.org/passport.cer"

/* vectors.md D3: the public key derived from the RFC 8225 A.1 private key. */
static const char d3_public_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFn2o9R1BE6aDQqzrafSgPKNFe/SL\n"
    "lgESrfQtXBT5MndxQT+EnojWcUIQ6w9LXQR5bN/8BXvPvithaz8kBfb7oQ==\n"
    "-----END PUBLIC KEY-----\n";

/* vectors.md V6 (RFC 8225 §7.1): the compact form of the §7 example. */
#define V6_COMPACT "..rq3pjT1hoRwakEGjHCnWSwUnshd0-zJ6F1VOgFWSjHBr8Qjpjlk-cpFYpFYsojNCpTzO3QfPOlckGaS6hEck7w"

#define TOK "aGVhZGVy.cGF5bG9hZA.c2ln"
#define URL "https://sti.example.net/certs/sp-1.pem"

/* ---- accepted forms ------------------------------------------------------------------- */

static const struct {
    const char *name, *value;
    const char *jws, *info, *alg, *ppt;
    int compact;
} good[] = {
    /* vectors.md V12 shape (vermouth README), with the D2 token and its x5u. */
    {"SHAKEN full form (V12 shape, D2 token)",
     D2_SHAKEN ";info=<" D2_INFO ">;alg=ES256;ppt=shaken", D2_SHAKEN, D2_INFO, "ES256", "shaken",
     0},
    {"ppt as quoted-string", TOK ";info=<" URL ">;alg=ES256;ppt=\"shaken\"", TOK, URL, "ES256",
     "shaken", 0},
    {"parameters reordered", TOK ";ppt=shaken;alg=ES256;info=<" URL ">", TOK, URL, "ES256",
     "shaken", 0},
    {"LWS around ';' and '=' and at both ends",
     "  " TOK " ;\tinfo = <" URL "> ;alg= ES256 ; ppt =\"shaken\"\t ", TOK, URL, "ES256",
     "shaken", 0},
    {"folded line", TOK ";info=<" URL ">\r\n ;alg=ES256;ppt=shaken", TOK, URL, "ES256", "shaken",
     0},
    {"unknown parameters ignored",
     TOK ";x-carrier=\"a;b=c\";info=<" URL ">;flag;alg=ES256;host=[2001:db8::1];ppt=shaken",
     TOK, URL, "ES256", "shaken", 0},
    {"parameter names case-insensitive", TOK ";INFO=<" URL ">;Alg=ES256;pPt=shaken", TOK, URL,
     "ES256", "shaken", 0},
    {"info missing: parsed, info NULL (436 is the verifier's)", TOK ";alg=ES256;ppt=shaken",
     TOK, NULL, "ES256", "shaken", 0},
    {"digest only", TOK, TOK, NULL, NULL, NULL, 0},
    {"no ppt, no alg", TOK ";info=<" URL ">", TOK, URL, NULL, NULL, 0},
    {"quoted-pair in a quoted-string", TOK ";info=<" URL ">;ppt=\"sh\\aken\"", TOK, URL, NULL,
     "shaken", 0},
    /* vectors.md V6: compact form "..signature" (RFC 8225 §7). */
    {"compact form", V6_COMPACT ";info=<" URL ">;alg=ES256", V6_COMPACT, URL, "ES256", NULL, 1},
    /* RFC 8224 §4 base64-char versus erratum 6499 base64url-char: both read. */
    {"base64 characters tolerated (erratum 6499)", "ab+c/d.ef.g+/h;info=<" URL ">",
     "ab+c/d.ef.g+/h", URL, NULL, NULL, 0},
    {"info with a port and query", TOK ";info=<https://a.example:8443/x.pem?v=1>", TOK,
     "https://a.example:8443/x.pem?v=1", NULL, NULL, 0},
};

static void assert_opt_str(const char *got, const char *want, const char *what, const char *name)
{
    if (want == NULL)
        ck_assert_msg(got == NULL, "%s: %s is '%s', want NULL", name, what, got);
    else
        ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s: %s is '%s', want '%s'", name,
                      what, got != NULL ? got : "(null)", want);
}

START_TEST(test_parse_good)
{
    stir_identity *id = NULL;
    stir_error_t err;
    stir_status st = stir_identity_parse(good[_i].value, strlen(good[_i].value), &id, &err);

    ck_assert_msg(st == STIR_OK, "%s: %s", good[_i].name, err.text);
    ck_assert_str_eq(id->jws, good[_i].jws);
    assert_opt_str(id->info, good[_i].info, "info", good[_i].name);
    assert_opt_str(id->alg, good[_i].alg, "alg", good[_i].name);
    assert_opt_str(id->ppt, good[_i].ppt, "ppt", good[_i].name);
    ck_assert_int_eq(id->compact, good[_i].compact);
    stir_identity_free(id);
}
END_TEST

/* The value need not be NUL-terminated: only len bytes are read. */
START_TEST(test_parse_uses_len)
{
    const char buf[] = TOK ";info=<" URL ">;alg=ES256XXXX";
    stir_identity *id = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_identity_parse(buf, strlen(buf) - 4, &id, &err), STIR_OK);
    ck_assert_str_eq(id->alg, "ES256");
    stir_identity_free(id);
    stir_identity_free(NULL);
}
END_TEST

/* ---- malformed headers: one defect per row ------------------------------------------- */

static const struct {
    const char *name, *value;
    size_t len; /* 0: strlen(value) */
    stir_status st;
    const char *why;
} bad[] = {
    {"empty", "", 0, STIR_E_MALFORMED, "empty signed-identity-digest"},
    {"blank", "  \t ", 0, STIR_E_MALFORMED, "empty signed-identity-digest"},
    {"parameters only", ";info=<" URL ">;alg=ES256", 0, STIR_E_MALFORMED,
     "empty signed-identity-digest"},
    {"angle-bracketed digest", "<" TOK ">;info=<" URL ">", 0, STIR_E_MALFORMED,
     "holds '<' at position 1 where the signed-identity-digest"},
    {"unterminated '<'", TOK ";info=<" URL ";alg=ES256", 0, STIR_E_MALFORMED,
     "unterminated '<' in parameter 'info'"},
    {"unterminated quote", TOK ";info=<" URL ">;ppt=\"shaken", 0, STIR_E_MALFORMED,
     "unterminated quoted string in parameter 'ppt'"},
    {"quote ending in a backslash", TOK ";ppt=\"shaken\\", 0, STIR_E_MALFORMED,
     "unterminated quoted string"},
    {"info without angle brackets", TOK ";info=" URL, 0, STIR_E_MALFORMED,
     "'info' must be <absoluteURI> in angle brackets"},
    {"info quoted", TOK ";info=\"" URL "\"", 0, STIR_E_MALFORMED, "'info' must be <absoluteURI>"},
    {"info empty", TOK ";info=<>", 0, STIR_E_MALFORMED, "holds <>, which is not an absolute URI"},
    {"info relative", TOK ";info=</certs/sp.pem>", 0, STIR_E_MALFORMED, "not an absolute URI"},
    {"info with a space", TOK ";info=<https://a.example/x y.pem>", 0, STIR_E_MALFORMED,
     "not an absolute URI"},
    {"info without a value", TOK ";info;alg=ES256", 0, STIR_E_MALFORMED,
     "parameter 'info' has no value"},
    {"alg without a value", TOK ";info=<" URL ">;alg", 0, STIR_E_MALFORMED,
     "parameter 'alg' has no value"},
    {"'=' and nothing", TOK ";info=<" URL ">;alg=", 0, STIR_E_MALFORMED,
     "parameter 'alg' has '=' but no value"},
    {"value starts with garbage", TOK ";alg=,ES256", 0, STIR_E_MALFORMED,
     "parameter 'alg' has ',' at position"},
    {"ppt as a URI", TOK ";ppt=<https://a.example/p>", 0, STIR_E_MALFORMED,
     "'ppt' must be a token"},
    {"info twice", TOK ";info=<" URL ">;INFO=<https://b.example/y.pem>", 0, STIR_E_MALFORMED,
     "parameter 'INFO' twice"},
    {"ppt twice", TOK ";ppt=shaken;ppt=\"shaken\"", 0, STIR_E_MALFORMED, "parameter 'ppt' twice"},
    {"comma after the digest", TOK ", " TOK ";info=<" URL ">", 0, STIR_E_MALFORMED,
     "holds ',' at position 25 where ';' and a parameter should follow"},
    {"padding in the digest", "aGVhZGVy.cGF5bG9hZA==.c2ln;info=<" URL ">", 0, STIR_E_MALFORMED,
     "holds '='"},
    {"garbage after info", TOK ";info=<" URL "> junk", 0, STIR_E_MALFORMED,
     "holds 'j' at position"},
    {"trailing ';'", TOK ";info=<" URL ">;", 0, STIR_E_MALFORMED, "ends with ';' and no parameter"},
    {"empty parameter", TOK ";;alg=ES256", 0, STIR_E_MALFORMED,
     "holds ';' at position 26 where a parameter name should start"},
    {"control byte in a quoted-string", TOK ";ppt=\"sha\x01ken\"", 0, STIR_E_MALFORMED,
     "quoted string in parameter 'ppt' holds byte 0x01"},
    {"bare CRLF", TOK "\r\n;alg=ES256", 0, STIR_E_MALFORMED, "byte 0x0d at position 25"},
    {"NUL byte", TOK ";alg=ES256\0;ppt=shaken", sizeof(TOK ";alg=ES256\0;ppt=shaken") - 1,
     STIR_E_MALFORMED, "byte 0x00 at position 35"},
};

START_TEST(test_parse_bad)
{
    size_t len = bad[_i].len != 0 ? bad[_i].len : strlen(bad[_i].value);
    stir_identity *id = (stir_identity *)&len; /* must be reset to NULL */
    stir_error_t err;
    stir_status st = stir_identity_parse(bad[_i].value, len, &id, &err);

    ck_assert_msg(st == bad[_i].st, "%s: status %d", bad[_i].name, st);
    ck_assert_int_eq(err.code, bad[_i].st);
    ck_assert_ptr_null(id);
    ck_assert_msg(strstr(err.text, bad[_i].why) != NULL, "%s: got '%s', want '%s'", bad[_i].name,
                  err.text, bad[_i].why);
}
END_TEST

START_TEST(test_parse_limits)
{
    size_t n = STIR_IDENTITY_MAX_LEN + 1;
    char *big = malloc(n);
    stir_identity *id = NULL;
    stir_error_t err;

    memset(big, 'A', n);
    ck_assert_int_eq(stir_identity_parse(big, n, &id, &err), STIR_E_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.text, "exceeds the 8192-byte limit"));
    ck_assert_int_eq(stir_identity_parse(big, n - 1, &id, &err), STIR_OK);
    ck_assert_uint_eq(strlen(id->jws), n - 1);
    stir_identity_free(id);
    ck_assert_int_eq(stir_identity_parse(NULL, 0, &id, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_identity_parse(TOK, 3, NULL, &err), STIR_E_INVALID_ARG);
    free(big);
}
END_TEST

/* ---- building ---------------------------------------------------------------------- */

START_TEST(test_build_and_parse_back)
{
    char *hdr = NULL;
    stir_identity *id = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_identity_build(D2_SHAKEN, D2_INFO, "shaken", &hdr, &err), STIR_OK);
    /* vectors.md D2: "As an Identity header". */
    ck_assert_str_eq(hdr, D2_SHAKEN ";info=<" D2_INFO ">;alg=ES256;ppt=shaken");
    ck_assert_int_eq(stir_identity_parse(hdr, strlen(hdr), &id, &err), STIR_OK);
    ck_assert_str_eq(id->jws, D2_SHAKEN);
    ck_assert_str_eq(id->info, D2_INFO);
    ck_assert_str_eq(id->alg, "ES256");
    ck_assert_str_eq(id->ppt, "shaken");
    stir_identity_free(id);
    free(hdr);

    ck_assert_int_eq(stir_identity_build(V6_COMPACT, URL, NULL, &hdr, &err), STIR_OK);
    ck_assert_str_eq(hdr, V6_COMPACT ";info=<" URL ">;alg=ES256");
    ck_assert_int_eq(stir_identity_parse(hdr, strlen(hdr), &id, &err), STIR_OK);
    ck_assert_ptr_null(id->ppt);
    ck_assert_int_eq(id->compact, 1);
    stir_identity_free(id);
    free(hdr);
}
END_TEST

static const struct {
    const char *name, *jws, *info, *ppt;
    stir_status st;
    const char *why;
} bad_build[] = {
    {"NULL jws", NULL, URL, NULL, STIR_E_INVALID_ARG, "NULL PASSporT"},
    {"NULL info", TOK, NULL, NULL, STIR_E_INVALID_ARG, "info URI"},
    {"empty jws", "", URL, NULL, STIR_E_MALFORMED, "PASSporT for the Identity header is empty"},
    {"base64 '+' in jws", "ab+c.d.e", URL, NULL, STIR_E_MALFORMED, "byte 0x2b at position 3"},
    {"';' in jws", TOK ";x", URL, NULL, STIR_E_MALFORMED, "base64url and '.' only"},
    {"info with '>'", TOK, "https://a.example/x>y", NULL, STIR_E_MALFORMED,
     "is not an absolute URI"},
    {"info relative", TOK, "/x.pem", NULL, STIR_E_MALFORMED, "is not an absolute URI"},
    {"ppt with a space", TOK, URL, "sha ken", STIR_E_MALFORMED, "is not a SIP token"},
    {"ppt empty", TOK, URL, "", STIR_E_MALFORMED, "ppt is empty"},
};

START_TEST(test_build_rejects)
{
    char *hdr = NULL;
    stir_error_t err;
    stir_status st = stir_identity_build(bad_build[_i].jws, bad_build[_i].info, bad_build[_i].ppt,
                                         &hdr, &err);

    ck_assert_msg(st == bad_build[_i].st, "%s: status %d", bad_build[_i].name, st);
    ck_assert_ptr_null(hdr);
    ck_assert_msg(strstr(err.text, bad_build[_i].why) != NULL, "%s: got '%s', want '%s'",
                  bad_build[_i].name, err.text, bad_build[_i].why);
}
END_TEST

START_TEST(test_build_too_large)
{
    char *jws = malloc(STIR_IDENTITY_MAX_LEN + 1), *hdr = NULL;
    stir_error_t err;

    memset(jws, 'A', STIR_IDENTITY_MAX_LEN);
    jws[STIR_IDENTITY_MAX_LEN] = '\0';
    ck_assert_int_eq(stir_identity_build(jws, URL, "shaken", &hdr, &err), STIR_E_TOO_LARGE);
    ck_assert_ptr_null(hdr);
    free(jws);
}
END_TEST

/* ---- with PASSporTs ---------------------------------------------------------------- */

static EVP_PKEY *pem_pubkey(const char *pem)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);

    BIO_free(b);
    ck_assert_ptr_nonnull(k);
    return k;
}

/* vectors.md D2 as an Identity header: parse, decode, verify, info == x5u. */
START_TEST(test_d2_header_verifies)
{
    const char *value = D2_SHAKEN ";info=<" D2_INFO ">;alg=ES256;ppt=shaken";
    EVP_PKEY *d3 = pem_pubkey(d3_public_pem);
    stir_identity *id = NULL;
    stir_passport *p = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_identity_parse(value, strlen(value), &id, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_decode(id->jws, strlen(id->jws), &p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_verify_signature(p, d3, &err), STIR_OK);
    ck_assert_str_eq(id->info, stir_passport_get0_x5u(p));
    ck_assert_str_eq(id->ppt, stir_passport_get0_ppt(p));
    /* Its iat dates from 2015 (vectors.md D2): stale against a 2026 clock. */
    ck_assert_int_eq(stir_passport_check_iat(p, 1790000000, 60, &err), STIR_E_STALE);
    stir_passport_free(p);
    stir_identity_free(id);
    EVP_PKEY_free(d3);
}
END_TEST

/* sign -> build -> parse -> decode -> check -> verify with a fresh key. */
START_TEST(test_round_trip_fresh_key)
{
    static const char *const dest[] = {"+1 212 555 0100"};
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    stir_passport_claims c = {.iat = 1750000000, .orig_tn = "+1 (215) 555-0121", .dest_tn = dest,
                              .n_dest_tn = 1, .ppt = "shaken", .attest = "C",
                              .origid = "de305d54-75b4-431b-adb2-eb6b9e546014", .x5u = URL};
    char *jws = NULL, *hdr = NULL;
    stir_identity *id = NULL;
    stir_passport *p = NULL;
    stir_error_t err;

    ck_assert_ptr_nonnull(key);
    ck_assert_msg(stir_passport_sign(&c, key, &jws, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_identity_build(jws, c.x5u, c.ppt, &hdr, &err), STIR_OK);
    ck_assert_int_eq(stir_identity_parse(hdr, strlen(hdr), &id, &err), STIR_OK);
    ck_assert_str_eq(id->jws, jws);
    ck_assert_int_eq(stir_passport_decode(id->jws, strlen(id->jws), &p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check(p, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_check_iat(p, 1750000030, 60, &err), STIR_OK);
    ck_assert_int_eq(stir_passport_verify_signature(p, key, &err), STIR_OK);
    ck_assert_str_eq(id->info, stir_passport_get0_x5u(p));
    ck_assert_str_eq(stir_passport_get0_orig(p, NULL), "12155550121");
    ck_assert_str_eq(stir_passport_get0_dest(p, STIR_PASSPORT_ID_TN, 0), "12125550100");
    stir_passport_free(p);
    stir_identity_free(id);
    free(hdr);
    free(jws);
    EVP_PKEY_free(key);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("identity");
    TCase *tc = tcase_create("parse");

    tcase_add_loop_test(tc, test_parse_good, 0, sizeof(good) / sizeof(good[0]));
    tcase_add_test(tc, test_parse_uses_len);
    tcase_add_loop_test(tc, test_parse_bad, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, test_parse_limits);
    suite_add_tcase(s, tc);
    tc = tcase_create("build");
    tcase_add_test(tc, test_build_and_parse_back);
    tcase_add_loop_test(tc, test_build_rejects, 0, sizeof(bad_build) / sizeof(bad_build[0]));
    tcase_add_test(tc, test_build_too_large);
    suite_add_tcase(s, tc);
    tc = tcase_create("passport");
    tcase_add_test(tc, test_d2_header_verifies);
    tcase_add_test(tc, test_round_trip_fresh_key);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
