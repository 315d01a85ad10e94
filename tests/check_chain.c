/*
 * Unit tests: bundle reading, AKID/SKID linking and stir_chain_check, on the
 * PKI testdata/mkpki.sh builds with the openssl CLI ($STIR_PKI_DIR).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "stirkit/stirkit.h"
#include "testutil.h"
#include "error_int.h"

#define AT 1767225600 /* 2026-01-01T00:00:00Z */

static stir_chain *load_chain(const char *name)
{
    char path[256];
    size_t len;
    char *pem;
    stir_chain *chain = NULL;
    stir_error_t err;

    snprintf(path, sizeof(path), "%s.pem", name);
    pem = tu_read(path, 1, &len);
    ck_assert_msg(stir_chain_from_pem(pem, len, &chain, &err) == STIR_OK, "%s: %s", name, err.text);
    free(pem);
    return chain;
}

static stir_trust *load_trust(const char *file)
{
    size_t len;
    char *pem = tu_read(file, 1, &len);
    stir_trust *t = stir_trust_new();
    stir_error_t err;

    ck_assert_int_eq(stir_trust_add_pem(t, pem, len, &err), STIR_OK);
    free(pem);
    return t;
}

static const char *subject_cn(X509 *x, char *buf, size_t n)
{
    X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, (int)n);
    return buf;
}

START_TEST(test_links_any_order)
{
    static const char *bundles[] = {"good", "reordered", "reordered-root-first"};
    static const size_t want_len[] = {3, 3, 4};
    static const int want_first[] = {1, 0, 0};
    char cn[128];

    for (int i = 0; i < 3; i++) {
        stir_chain *c = load_chain(bundles[i]);

        ck_assert_uint_eq(stir_chain_length(c), want_len[i]);
        ck_assert_int_eq(stir_chain_leaf_first(c), want_first[i]);
        ck_assert_str_eq(subject_cn(stir_chain_get0_cert(c, 0), cn, sizeof(cn)),
                         "Demo Leaf 12125551824");
        ck_assert_str_eq(subject_cn(stir_chain_get0_cert(c, 1), cn, sizeof(cn)),
                         "Demo Enterprise CA");
        ck_assert_str_eq(subject_cn(stir_chain_get0_cert(c, 2), cn, sizeof(cn)),
                         "Demo Carrier CA");
        ck_assert_ptr_null(stir_chain_get0_cert(c, want_len[i]));
        stir_chain_free(c);
    }
}
END_TEST

START_TEST(test_file_index)
{
    stir_chain *c = load_chain("reordered"); /* carrier, leaf, enterprise */

    ck_assert_uint_eq(stir_chain_file_index(c, 0), 1);
    ck_assert_uint_eq(stir_chain_file_index(c, 1), 2);
    ck_assert_uint_eq(stir_chain_file_index(c, 2), 0);
    ck_assert_uint_eq(stir_chain_bundle_count(c), 3);
    stir_chain_free(c);
}
END_TEST

/* Each case: bundle, trust file, spc policy, tn, expected status, depth of
 * the failing certificate, a substring of the error. */
static const struct {
    const char *bundle, *trust;
    stir_spc_policy policy;
    const char *tn;
    stir_status want;
    int depth;
    const char *why;
} cases[] = {
    {"good", "root.pem", 0, NULL, STIR_OK, -1, NULL},
    {"good", "root.pem", 0, "12125551824", STIR_OK, -1, NULL},
    {"good", "root.pem", 0, "12125551825", STIR_E_TN_NOT_AUTHORIZED, 0, "TN 12125551825 is outside"},
    {"three-level", "root.pem", 0, NULL, STIR_OK, -1, NULL},
    {"additive", "root.pem", 0, NULL, STIR_OK, -1, NULL},
    {"gap", "root.pem", 0, NULL, STIR_E_NOT_ENCOMPASSED, 1, "12125554900 is outside"},
    {"three-level-bad", "root.pem", 0, NULL, STIR_E_NOT_ENCOMPASSED, 1,
     "'CN=Demo Department Wide CA,O=Demo Enterprise,C=US' (depth 1) is not encompassed by "
     "'CN=Demo Enterprise CA"},
    {"leaf-out-of-scope", "root.pem", 0, NULL, STIR_E_NOT_ENCOMPASSED, 0, "entry 'one 12125551900'"},
    {"spc-parent-tn-child", "root.pem", STIR_SPC_POLICY_TRUST_ISSUER, NULL, STIR_OK, -1, NULL},
    {"spc-parent-tn-child", "root.pem", STIR_SPC_POLICY_REJECT, NULL, STIR_E_NOT_ENCOMPASSED, 1,
     "SPC policy 'reject'"},
    {"tn-parent-spc-child", "root.pem", 0, NULL, STIR_E_NOT_ENCOMPASSED, 0, "never encompass an SPC"},
    {"shaken-intermediate", "root.pem", 0, NULL, STIR_OK, -1, NULL},
    {"missing-intermediate", "root.pem", 0, NULL, STIR_E_ISSUER_NOT_FOUND, 0,
     "its issuer 'CN=Demo Enterprise CA,O=Demo Enterprise,C=US' with key id"},
    {"untrusted-root", "other-root.pem", 0, NULL, STIR_E_ISSUER_NOT_FOUND, 2,
     "neither in the bundle nor among the 1 trust anchor(s)"},
    {"untrusted-root-in-bundle", "other-root2.pem", 0, NULL, STIR_E_PATH_INVALID, 3,
     "self-signed certificate in certificate chain"},
    {"expired-leaf", "root.pem", 0, NULL, STIR_E_PATH_INVALID, 0, "certificate has expired"},
    {"not-yet-valid", "root.pem", 0, NULL, STIR_E_PATH_INVALID, 0, "not yet valid"},
    {"bad-signature", "root.pem", 0, NULL, STIR_E_PATH_INVALID, 0, "signature failure"},
    {"leaf-ca-false-issuer", "root.pem", 0, NULL, STIR_E_PATH_INVALID, 1, "invalid CA certificate"},
    {"no-tnauthlist-leaf", "root.pem", 0, NULL, STIR_E_NO_TNAUTHLIST, 0, "no TNAuthList extension"},
    {"malformed-tnauthlist", "root.pem", 0, NULL, STIR_E_MALFORMED, 0, "IMPLICIT"},
    {"malformed-intermediate", "root.pem", 0, NULL, STIR_E_MALFORMED, 1, "IMPLICIT"},
    {"critical-tnauthlist", "root.pem", 0, NULL, STIR_OK, -1, NULL},
    {"trusted-intermediate", "certs/carrier.pem", 0, NULL, STIR_OK, -1, NULL},
    {"trusted-intermediate-out-of-scope", "certs/carrier.pem", 0, NULL, STIR_E_NOT_ENCOMPASSED, 1,
     "12125560000 is outside"},
};

START_TEST(test_check)
{
    stir_chain *c = load_chain(cases[_i].bundle);
    stir_trust *t = load_trust(cases[_i].trust);
    stir_check_opts opts;
    stir_error_t err;
    stir_status st;

    memset(&opts, 0, sizeof(opts));
    opts.at = AT;
    opts.spc_policy = cases[_i].policy;
    opts.tn = cases[_i].tn;
    st = stir_chain_check(c, t, &opts, NULL, &err);
    ck_assert_msg(st == cases[_i].want, "%s: status %s: %s", cases[_i].bundle,
                  stir_status_name(st), err.text);
    if (st != STIR_OK) {
        ck_assert_int_eq(err.code, st);
        ck_assert_msg(err.depth == cases[_i].depth, "%s: depth %d", cases[_i].bundle, err.depth);
        ck_assert_msg(strncmp(err.text, "certificate '", 13) == 0, "%s: %s", cases[_i].bundle,
                      err.text);
        ck_assert_msg(strstr(err.text, cases[_i].why) != NULL, "%s: got '%s', want '%s'",
                      cases[_i].bundle, err.text, cases[_i].why);
    }
    stir_chain_free(c);
    stir_trust_free(t);
}
END_TEST

START_TEST(test_anchor_out)
{
    stir_chain *c = load_chain("good");
    stir_chain *cr = load_chain("good-with-root");
    stir_trust *t = load_trust("root.pem");
    stir_check_opts opts;
    X509 *anchor = (X509 *)1;
    char cn[128];

    memset(&opts, 0, sizeof(opts));
    opts.at = AT;
    ck_assert_int_eq(stir_chain_check(c, t, &opts, &anchor, NULL), STIR_OK);
    ck_assert_ptr_nonnull(anchor);
    ck_assert_str_eq(subject_cn(anchor, cn, sizeof(cn)), "Demo STIR Root");
    X509_free(anchor);
    ck_assert_int_eq(stir_chain_check(cr, t, &opts, &anchor, NULL), STIR_OK);
    ck_assert_ptr_null(anchor);
    opts.at = 1900000000; /* within validity too: 2030 */
    ck_assert_int_eq(stir_chain_check(cr, t, &opts, NULL, NULL), STIR_OK);
    opts.at = 1600000000; /* 2020: before every notBefore */
    ck_assert_int_eq(stir_chain_check(cr, t, &opts, NULL, NULL), STIR_E_PATH_INVALID);
    stir_chain_free(c);
    stir_chain_free(cr);
    stir_trust_free(t);
}
END_TEST

/* ---- bundles that are not chains ---------------------------------------------- */

static const struct {
    const char *bundle, *why;
} bad_bundles[] = {
    {"private-key-in-bundle", "PEM block 4 is a private key"},
    {"empty-bundle", "no PEM CERTIFICATE block"},
    {"two-leaves", "two end-entity certificates"},
};

START_TEST(test_bad_bundle)
{
    char path[256];
    size_t len;
    char *pem;
    stir_chain *c = NULL;
    stir_error_t err;

    snprintf(path, sizeof(path), "%s.pem", bad_bundles[_i].bundle);
    pem = tu_read(path, 1, &len);
    ck_assert_int_eq(stir_chain_from_pem(pem, len, &c, &err), STIR_E_MALFORMED);
    ck_assert_ptr_null(c);
    ck_assert_msg(strstr(err.text, bad_bundles[_i].why) != NULL, "%s: got '%s'",
                  bad_bundles[_i].bundle, err.text);
    free(pem);
}
END_TEST

START_TEST(test_pem_strictness)
{
    static const char pubkey[] =
        "-----BEGIN PUBLIC KEY-----\n"
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8HNbQd/TmvCKwPKHkMF9fScavGeH\n"
        "78YTU8qLS8I5HLHSSmlATLcslQMhNC/OhlWBYC626nIlo7XeebYS7Sb37g==\n"
        "-----END PUBLIC KEY-----\n";
    static const char damaged[] =
        "-----BEGIN CERTIFICATE-----\nMIIB!!!notbase64\n-----END CERTIFICATE-----\n";
    static const char notcert[] =
        "-----BEGIN CERTIFICATE-----\nMAigBhYEMTIzNA==\n-----END CERTIFICATE-----\n";
    STACK_OF(X509) *certs = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_pem_read_certs(pubkey, strlen(pubkey), &certs, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "'PUBLIC KEY', not a CERTIFICATE"));
    ck_assert_int_eq(stir_pem_read_certs(damaged, strlen(damaged), &certs, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "PEM block 1 is damaged"));
    ck_assert_int_eq(stir_pem_read_certs(notcert, strlen(notcert), &certs, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "not a valid X.509 certificate"));
    ck_assert_ptr_null(certs);
    {
        static const char headers[] =
            "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            "MAigBhYEMTIzNA==\n-----END CERTIFICATE-----\n";
        size_t len, i;
        char *leaf = tu_read("certs/leaf.pem", 1, &len), *many = malloc(33 * len + 1);

        ck_assert_int_eq(stir_pem_read_certs(headers, strlen(headers), &certs, &err),
                         STIR_E_MALFORMED);
        ck_assert_ptr_nonnull(strstr(err.text, "RFC 1421 headers"));
        for (i = 0; i < 33; i++)
            memcpy(many + i * len, leaf, len);
        ck_assert_int_eq(stir_pem_read_certs(many, 33 * len, &certs, &err), STIR_E_TOO_LARGE);
        ck_assert_ptr_nonnull(strstr(err.text, "more than 32 certificates"));
        {
            stir_trust *t = stir_trust_new(); /* trust lists may be long */

            ck_assert_int_eq(stir_trust_add_pem(t, many, 33 * len, &err), STIR_OK);
            ck_assert_uint_eq(stir_trust_count(t), 33);
            stir_trust_free(t);
        }
        free(many);
        free(leaf);
    }
}
END_TEST

START_TEST(test_cert_read_der_and_pem)
{
    size_t len;
    char *pem = tu_read("certs/leaf.pem", 1, &len);
    X509 *x = NULL, *y = NULL;
    unsigned char *der = NULL, *padded;
    int dlen;
    stir_error_t err;

    ck_assert_int_eq(stir_cert_read((unsigned char *)pem, len, &x, &err), STIR_OK);
    dlen = i2d_X509(x, &der);
    ck_assert_int_gt(dlen, 0);
    ck_assert_int_eq(stir_cert_read(der, (size_t)dlen, &y, &err), STIR_OK);
    ck_assert_int_eq(X509_cmp(x, y), 0);
    padded = malloc((size_t)dlen + 1);
    memcpy(padded, der, (size_t)dlen);
    padded[dlen] = 0;
    ck_assert_int_eq(stir_cert_read(padded, (size_t)dlen + 1, &y, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "DER input holds 1 bytes after its certificate"));
    free(padded);
    free(pem);
    pem = tu_read("good.pem", 1, &len);
    ck_assert_int_eq(stir_cert_read((unsigned char *)pem, len, &y, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "holds 3 certificates"));
    OPENSSL_free(der);
    X509_free(x);
    X509_free(y);
    free(pem);
}
END_TEST

/* Bytes from the network are made safe to print and to put in JSON. */
START_TEST(test_utf8_sanitize)
{
    static const struct {
        const char *in, *out;
    } samples[] = {
        {"plain", "plain"},
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"bad\xff\xfe", "bad??"},
        {"cut\xe2\x82", "cut"},
        {"line\nforged", "line?forged"},
        {"\xc0\xaf", "??"},
    };
    char buf[64];

    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        json_t *j;

        snprintf(buf, sizeof(buf), "%s", samples[i].in);
        skit_utf8_sanitize(buf);
        ck_assert_str_eq(buf, samples[i].out);
        j = json_string(buf);
        ck_assert_ptr_nonnull(j);
        json_decref(j);
    }
}
END_TEST

/* A long UTF-8 subject cut to fit stays valid UTF-8 (JSON needs it). */
START_TEST(test_name_format_cuts_utf8_whole)
{
    X509_NAME *name = X509_NAME_new();
    char cn[64 * 3 + 1] = "", buf[41];
    json_t *s;

    for (int i = 0; i < 64; i++)
        strcat(cn, "\xe2\x82\xac"); /* U+20AC EURO SIGN */
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (unsigned char *)cn, -1, -1, 0);
    for (size_t n = 8; n <= sizeof(buf); n++) {
        stir_name_format(name, buf, n);
        s = json_string(buf);
        ck_assert_msg(s != NULL, "cut at %zu gives invalid UTF-8", n);
        json_decref(s);
    }
    X509_NAME_free(name);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chain");
    TCase *tc = tcase_create("link");

    tcase_add_test(tc, test_links_any_order);
    tcase_add_test(tc, test_file_index);
    tcase_add_loop_test(tc, test_bad_bundle, 0, sizeof(bad_bundles) / sizeof(bad_bundles[0]));
    tcase_add_test(tc, test_pem_strictness);
    tcase_add_test(tc, test_cert_read_der_and_pem);
    tcase_add_test(tc, test_name_format_cuts_utf8_whole);
    tcase_add_test(tc, test_utf8_sanitize);
    suite_add_tcase(s, tc);
    tc = tcase_create("check");
    tcase_add_loop_test(tc, test_check, 0, sizeof(cases) / sizeof(cases[0]));
    tcase_add_test(tc, test_anchor_out);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
