/*
 * Unit tests: the verification service - every outcome and its SIP code,
 * verstat and detail; the x5u cache (hits, one fetch for concurrent misses,
 * negative caching, TTL rules). x5u bodies come from the openssl-built PKI
 * through an injected fetch function; tests/integration covers real TLS.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <openssl/pem.h>

#include "stirkit/stirkit.h"
#include "testutil.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z, inside the PKI's validity */
#define BASE "https://x5u.test/"

static EVP_PKEY *leaf_key;
static stir_trust *trust, *other_trust;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int fetch_count;
static int fetch_delay_ms;

/* Serves BASE NAME.pem from $STIR_PKI_DIR; special names fake failures. */
static stir_status fake_fetch(void *arg, const char *url, const stir_fetch_opts *o,
                              stir_fetch_result *out, stir_error_t *err)
{
    const char *name = url + strlen(BASE);
    char path[256];

    (void)arg;
    (void)o;
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&count_lock);
    fetch_count++;
    pthread_mutex_unlock(&count_lock);
    if (fetch_delay_ms > 0)
    {
        struct timespec ts = {0, (long)fetch_delay_ms * 1000000L};

        nanosleep(&ts, NULL);
    }
    if (strcmp(name, "down.pem") == 0) {
        snprintf(err->text, sizeof(err->text), "fetching %s failed: Connection refused", url);
        return STIR_E_FETCH;
    }
    out->status = strcmp(name, "moved.pem") == 0 ? 302 : strcmp(name, "gone.pem") == 0 ? 404 : 200;
    if (out->status != 200) {
        out->body = strdup("");
        return STIR_OK;
    }
    if (strcmp(name, "signer-ca.pem") == 0) {
        size_t a, b;
        char *ent = tu_read("certs/enterprise.pem", 1, &a), *car = tu_read("certs/carrier.pem", 1, &b);

        out->body = malloc(a + b + 1);
        memcpy(out->body, ent, a);
        memcpy(out->body + a, car, b + 1);
        out->len = a + b;
        free(ent);
        free(car);
    } else {
        snprintf(path, sizeof(path), "%s", name);
        out->body = tu_read(path, 1, &out->len);
    }
    out->content_type = strdup("application/pem-certificate-chain");
    return STIR_OK;
}

static void setup(void)
{
    size_t len;
    char *pem = tu_read("keys/leaf.key", 1, &len), *root;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);

    leaf_key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    free(pem);
    ck_assert_ptr_nonnull(leaf_key);
    trust = stir_trust_new();
    root = tu_read("root.pem", 1, &len);
    ck_assert_int_eq(stir_trust_add_pem(trust, root, len, NULL), STIR_OK);
    free(root);
    other_trust = stir_trust_new();
    root = tu_read("other-root2.pem", 1, &len);
    ck_assert_int_eq(stir_trust_add_pem(other_trust, root, len, NULL), STIR_OK);
    free(root);
    fetch_count = 0;
    fetch_delay_ms = 0;
}

static void teardown(void)
{
    EVP_PKEY_free(leaf_key);
    stir_trust_free(trust);
    stir_trust_free(other_trust);
}

static stir_verifier *verifier(const stir_trust *t)
{
    stir_verifier_opts o;
    stir_verifier *v;
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    o.trust = t;
    o.fetch_fn = fake_fetch;
    v = stir_verifier_new(&o, &err);
    ck_assert_msg(v != NULL, "%s", err.text);
    return v;
}

/* A SHAKEN Identity header for orig -> dest signed with the leaf key. */
static char *identity(const char *chain, const char *orig, const char *dest, int64_t iat)
{
    stir_passport_claims c;
    const char *d[1] = {dest};
    char x5u[128], *jws = NULL, *hdr = NULL;
    stir_error_t err;

    snprintf(x5u, sizeof(x5u), BASE "%s", chain);
    memset(&c, 0, sizeof(c));
    c.iat = iat;
    c.orig_tn = orig;
    c.dest_tn = d;
    c.n_dest_tn = 1;
    c.ppt = "shaken";
    c.attest = "A";
    c.origid = "123e4567-e89b-12d3-a456-426655440000";
    c.x5u = x5u;
    ck_assert_msg(stir_passport_sign(&c, leaf_key, &jws, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_identity_build(jws, x5u, "shaken", &hdr, &err), STIR_OK);
    free(jws);
    return hdr;
}

static void expect(stir_verifier *v, const char *hdr, const char *from, const char *to,
                   stir_vs_code code, int sip, stir_verstat verstat, const char *why)
{
    stir_vs_result r;
    const char *h[1] = {hdr};
    stir_status st = stir_verifier_verify(v, h, hdr != NULL, from, to, NOW, &r);

    ck_assert_msg(r.code == code, "code %s (%s), want %s", stir_vs_code_name(r.code), r.detail,
                  stir_vs_code_name(code));
    ck_assert_int_eq(st, code == STIR_VS_OK ? STIR_OK : STIR_E_SIGNATURE);
    ck_assert_int_eq(r.sip_code, sip);
    ck_assert_int_eq(r.verstat, verstat);
    ck_assert_int_eq(r.valid, code == STIR_VS_OK);
    if (why != NULL)
        ck_assert_msg(strstr(r.detail, why) != NULL, "detail '%s', want '%s'", r.detail, why);
}

START_TEST(test_valid_then_cached)
{
    stir_verifier *v = verifier(trust);
    char *h = identity("good.pem", "12125551824", "12155550131", NOW - 5);
    stir_verifier_stats s;
    stir_vs_result r;
    const char *hs[1] = {h};

    expect(v, h, "+1 (212) 555-1824", "1-215-555-0131", STIR_VS_OK, 200, STIR_VERSTAT_PASSED, NULL);
    ck_assert_int_eq(stir_verifier_verify(v, hs, 1, NULL, NULL, NOW, &r), STIR_OK);
    ck_assert_str_eq(r.attest, "A");
    ck_assert_str_eq(r.orig, "12125551824");
    ck_assert_str_eq(r.dest, "12155550131");
    ck_assert_str_eq(stir_verstat_name(r.verstat), "TN-Validation-Passed");
    stir_verifier_get_stats(v, &s);
    ck_assert_int_eq(s.fetches, 1);
    ck_assert_int_eq(s.hits, 1);
    ck_assert_int_eq(fetch_count, 1);
    free(h);
    stir_verifier_free(v);
}
END_TEST

START_TEST(test_outcomes)
{
    stir_verifier *v = verifier(trust), *u = verifier(other_trust);
    char *good = identity("good.pem", "12125551824", "12155550131", NOW);
    char *other = identity("good.pem", "12125551899", "12155550131", NOW);
    char *tampered = strdup(other), *hdr;

    /* other's header and payload with good's signature: valid JSON, wrong signature */
    memcpy(strchr(tampered, ';') - 86, strchr(good, ';') - 86, 86); /* 64 bytes in base64url */
    expect(v, tampered, NULL, NULL, STIR_VS_SIGNATURE_INVALID, 438, STIR_VERSTAT_FAILED, NULL);
    expect(v, NULL, NULL, NULL, STIR_VS_NO_IDENTITY, 428, STIR_VERSTAT_NO_VALIDATION, "no Identity");
    hdr = identity("good.pem", "12125551824", "12155550131", NOW - 61);
    expect(v, hdr, NULL, NULL, STIR_VS_STALE, 403, STIR_VERSTAT_NO_VALIDATION, "61 s in the past");
    free(hdr);
    hdr = identity("good.pem", "12125551824", "12155550131", NOW + 61);
    expect(v, hdr, NULL, NULL, STIR_VS_FUTURE, 403, STIR_VERSTAT_NO_VALIDATION, "61 s in the future");
    free(hdr);
    hdr = identity("good.pem", "12125551824", "12155550131", INT64_MIN + 1);
    expect(v, hdr, NULL, NULL, STIR_VS_STALE, 403, STIR_VERSTAT_NO_VALIDATION, "s in the past");
    free(hdr);
    hdr = identity("good.pem", "12125551824", "12155550131", NOW + 60);
    expect(v, hdr, NULL, NULL, STIR_VS_OK, 200, STIR_VERSTAT_PASSED, NULL);
    free(hdr);
    expect(u, good, NULL, NULL, STIR_VS_CHAIN_UNTRUSTED, 437, STIR_VERSTAT_FAILED, "issuer");
    hdr = identity("good.pem", "12125551825", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_ORIG_NOT_AUTHORIZED, 438, STIR_VERSTAT_FAILED,
           "TN 12125551825 is outside the certificate's TNAuthList");
    free(hdr);
    hdr = identity("leaf-out-of-scope.pem", "12125551900", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_NOT_ENCOMPASSED, 437, STIR_VERSTAT_FAILED,
           "is not encompassed by");
    free(hdr);
    hdr = identity("no-tnauthlist-leaf.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_NO_TNAUTHLIST, 437, STIR_VERSTAT_FAILED, "no TNAuthList");
    free(hdr);
    hdr = identity("signer-ca.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_SIGNER_IS_CA, 437, STIR_VERSTAT_FAILED, "is a CA");
    free(hdr);
    hdr = identity("down.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_X5U_FETCH_FAILED, 436, STIR_VERSTAT_NO_VALIDATION,
           "Connection refused");
    free(hdr);
    hdr = identity("gone.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_X5U_FETCH_FAILED, 436, STIR_VERSTAT_NO_VALIDATION,
           "answered HTTP 404");
    free(hdr);
    hdr = identity("moved.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_X5U_FETCH_FAILED, 436, STIR_VERSTAT_NO_VALIDATION,
           "redirect");
    free(hdr);
    hdr = identity("empty-bundle.pem", "12125551824", "12155550131", NOW);
    expect(v, hdr, NULL, NULL, STIR_VS_X5U_FETCH_FAILED, 436, STIR_VERSTAT_NO_VALIDATION,
           "is not a certificate chain");
    free(hdr);
    expect(v, good, "12125551825", NULL, STIR_VS_ORIG_MISMATCH, 438, STIR_VERSTAT_FAILED,
           "is not the caller");
    expect(v, good, NULL, "12155550132", STIR_VS_DEST_MISMATCH, 438, STIR_VERSTAT_FAILED,
           "does not hold the callee");
    free(good);
    free(other);
    free(tampered);
    stir_verifier_free(v);
    stir_verifier_free(u);
}
END_TEST

START_TEST(test_header_outcomes)
{
    stir_verifier *v = verifier(trust);
    char *good = identity("good.pem", "12125551824", "12155550131", NOW), *h, *semi;
    char buf[4096];
    stir_passport_claims c;
    const char *d[1] = {"12155550131"};
    char *jws = NULL;

    semi = strchr(good, ';');
    /* no info */
    snprintf(buf, sizeof(buf), "%.*s;alg=ES256;ppt=shaken", (int)(semi - good), good);
    expect(v, buf, NULL, NULL, STIR_VS_INFO_MISSING, 436, STIR_VERSTAT_NO_VALIDATION, "no info");
    /* info differs from x5u */
    snprintf(buf, sizeof(buf), "%.*s;info=<" BASE "other.pem>;alg=ES256;ppt=shaken",
             (int)(semi - good), good);
    expect(v, buf, NULL, NULL, STIR_VS_INFO_MISMATCH, 436, STIR_VERSTAT_NO_VALIDATION,
           "is not the PASSporT's x5u");
    /* unsupported ppt, unsupported alg, garbage, compact form */
    snprintf(buf, sizeof(buf), "%.*s;info=<" BASE "good.pem>;ppt=div", (int)(semi - good), good);
    expect(v, buf, NULL, NULL, STIR_VS_PPT_UNSUPPORTED, 428, STIR_VERSTAT_NO_VALIDATION, "div");
    snprintf(buf, sizeof(buf), "%.*s;info=<" BASE "good.pem>;alg=ES384", (int)(semi - good), good);
    expect(v, buf, NULL, NULL, STIR_VS_ALG_UNSUPPORTED, 437, STIR_VERSTAT_NO_VALIDATION, "ES384");
    expect(v, "@@@", NULL, NULL, STIR_VS_IDENTITY_MALFORMED, 438, STIR_VERSTAT_NO_VALIDATION, NULL);
    snprintf(buf, sizeof(buf), "..%.86s;info=<" BASE "good.pem>;ppt=shaken", semi - 86);
    expect(v, buf, NULL, NULL, STIR_VS_PASSPORT_MALFORMED, 438, STIR_VERSTAT_NO_VALIDATION,
           "compact form");
    /* the ppt parameter and the PASSporT disagree */
    snprintf(buf, sizeof(buf), "%.*s;info=<" BASE "good.pem>", (int)(semi - good), good);
    expect(v, buf, NULL, NULL, STIR_VS_PASSPORT_MALFORMED, 438, STIR_VERSTAT_NO_VALIDATION,
           "differ");
    /* http x5u: the fetch policy refuses it before any fetch */
    memset(&c, 0, sizeof(c));
    c.iat = NOW;
    c.orig_tn = "12125551824";
    c.dest_tn = d;
    c.n_dest_tn = 1;
    c.x5u = "https://x5u.test:8080/good.pem";
    ck_assert_int_eq(stir_passport_sign(&c, leaf_key, &jws, NULL), STIR_OK);
    ck_assert_int_eq(stir_identity_build(jws, c.x5u, NULL, &h, NULL), STIR_OK);
    expect(v, h, NULL, NULL, STIR_VS_X5U_REFUSED, 436, STIR_VERSTAT_NO_VALIDATION, "port 8080");
    ck_assert_int_eq(fetch_count, 0);
    free(h);
    free(jws);
    free(good);
    stir_verifier_free(v);
}
END_TEST

START_TEST(test_several_headers)
{
    stir_verifier *v = verifier(trust);
    char *good = identity("good.pem", "12125551824", "12155550131", NOW);
    char *down = identity("down.pem", "12125551824", "12155550131", NOW);
    char *bad = identity("good.pem", "12125551825", "12155550131", NOW);
    const char *a[2] = {bad, good}, *b[2] = {down, bad}, *c[2] = {down, down};
    stir_vs_result r;

    ck_assert_int_eq(stir_verifier_verify(v, a, 2, NULL, NULL, NOW, &r), STIR_OK);
    ck_assert_int_eq(r.code, STIR_VS_OK);
    ck_assert_int_eq(stir_verifier_verify(v, b, 2, NULL, NULL, NOW, &r), STIR_E_SIGNATURE);
    ck_assert_int_eq(r.sip_code, 438); /* 436 only when every header was 436 */
    ck_assert_int_eq(stir_verifier_verify(v, c, 2, NULL, NULL, NOW, &r), STIR_E_SIGNATURE);
    ck_assert_int_eq(r.sip_code, 436);
    free(good);
    free(down);
    free(bad);
    stir_verifier_free(v);
}
END_TEST

typedef struct {
    stir_verifier *v;
    const char *hdr;
    int ok;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *w = p;
    stir_vs_result r;
    const char *h[1] = {w->hdr};

    w->ok = stir_verifier_verify(w->v, h, 1, NULL, NULL, NOW, &r) == STIR_OK;
    return NULL;
}

START_TEST(test_concurrent_misses_fetch_once)
{
    stir_verifier *v = verifier(trust);
    char *h = identity("good.pem", "12125551824", "12155550131", NOW);
    pthread_t th[8];
    worker_arg w[8];

    fetch_delay_ms = 200;
    for (int i = 0; i < 8; i++) {
        w[i].v = v;
        w[i].hdr = h;
        pthread_create(&th[i], NULL, worker, &w[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(w[i].ok, 1);
    }
    ck_assert_int_eq(fetch_count, 1);
    free(h);
    stir_verifier_free(v);
}
END_TEST

START_TEST(test_failures_cached_briefly)
{
    stir_verifier *v = verifier(trust);
    char *h = identity("down.pem", "12125551824", "12155550131", NOW);
    const char *hs[1] = {h};
    stir_vs_result r;

    stir_verifier_verify(v, hs, 1, NULL, NULL, NOW, &r);
    stir_verifier_verify(v, hs, 1, NULL, NULL, NOW + 10, &r);
    ck_assert_int_eq(fetch_count, 1);
    stir_verifier_verify(v, hs, 1, NULL, NULL, NOW + 31, &r); /* negative TTL 30 s */
    ck_assert_int_eq(fetch_count, 2);
    free(h);
    stir_verifier_free(v);
}
END_TEST

static const struct {
    const char *cc, *expires;
    int64_t now, min_ttl, not_after, want;
} ttl[] = {
    {NULL, NULL, 1000, 0, 0, 86400},                        /* no headers: 24 h */
    {"max-age=3600", NULL, 1000, 0, 0, 86400},              /* shorter: 24 h */
    {"public, max-age=172800", NULL, 1000, 0, 0, 172800},   /* longer: as said */
    {"max-age=172800, s-maxage=259200", NULL, 1000, 0, 0, 259200}, /* s-maxage wins */
    {"no-cache", NULL, 1000, 0, 0, 86400},
    {NULL, "Thu, 01 Jan 1970 00:00:00 GMT", 1000, 0, 0, 86400},
    {NULL, "Sat, 03 Jan 1970 00:00:00 GMT", 1000, 0, 0, 172800 - 1000},
    {"max-age=999999999", NULL, 1000, 0, 5000, 4000},       /* never past notAfter */
    {"max-age=100", NULL, 1000, 50, 0, 100},                /* configured minimum */
    {"max-age=99999999999999", NULL, 0, 0, 0, 2147483648LL},
};

START_TEST(test_ttl)
{
    ck_assert_int_eq(stir_x5u_ttl(ttl[_i].cc, ttl[_i].expires, ttl[_i].now, ttl[_i].min_ttl,
                                  ttl[_i].not_after),
                     ttl[_i].want);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("verifier");
    TCase *tc = tcase_create("verify");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_valid_then_cached);
    tcase_add_test(tc, test_outcomes);
    tcase_add_test(tc, test_header_outcomes);
    tcase_add_test(tc, test_several_headers);
    tcase_add_test(tc, test_concurrent_misses_fetch_once);
    tcase_add_test(tc, test_failures_cached_briefly);
    tcase_add_loop_test(tc, test_ttl, 0, sizeof(ttl) / sizeof(ttl[0]));
    suite_add_tcase(s, tc);
    return tu_run(s);
}
