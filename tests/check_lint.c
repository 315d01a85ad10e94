/*
 * Unit tests: the chain linter. Every rule both ways, on the one-defect
 * bundles and compliant twins testdata/mklint.sh builds with the openssl
 * CLI ($STIR_LINT_DIR, listed in its manifest.tsv); the compliant SHAKEN
 * and RFC 9060 delegate chains; the x5u response rules on synthetic
 * responses; the catalogue against testdata/lint-rules.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stirkit/stirkit.h"
#include "stirkit/lint.h"
#include "testutil.h"

#define AT 1767225600 /* 2026-01-01T00:00:00Z */

/* ---- collecting findings ---------------------------------------------------- */

typedef struct {
    char id[64];
    stir_lint_severity severity;
    int position;
    char subject[256];
    char source[128];
    char text[700];
} found;

typedef struct {
    found f[256];
    size_t n;
    stir_lint_summary sum;
} findings;

static void collect(const stir_lint_finding *f, void *arg)
{
    findings *all = arg;
    found *o;

    ck_assert_uint_lt(all->n, sizeof(all->f) / sizeof(all->f[0]));
    o = &all->f[all->n++];
    snprintf(o->id, sizeof(o->id), "%s", f->id);
    o->severity = f->severity;
    o->position = f->position;
    snprintf(o->subject, sizeof(o->subject), "%s", f->subject);
    snprintf(o->source, sizeof(o->source), "%s", f->source);
    snprintf(o->text, sizeof(o->text), "%s", f->text);
}

/* $STIR_LINT_DIR/name, read whole. */
static char *lint_file_text(const char *name, size_t *len)
{
    const char *dir = getenv("STIR_LINT_DIR");
    char path[4096];

    ck_assert_msg(dir != NULL, "STIR_LINT_DIR is not set (sh testdata/mklint.sh DIR)");
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return tu_read(path, 0, len);
}

static stir_status lint_text(const char *pem, size_t len, stir_lint_profile profile, int64_t at,
                             findings *out)
{
    stir_lint_opts o;
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    memset(out, 0, sizeof(*out));
    o.profile = profile;
    o.at = at;
    return stir_lint_bundle(pem, len, &o, collect, out, &out->sum, &err);
}

static void lint_file(const char *name, stir_lint_profile profile, int64_t at, findings *out)
{
    size_t len;
    char *pem = lint_file_text(name, &len);
    stir_status st = lint_text(pem, len, profile, at, out);

    ck_assert_msg(st == STIR_OK, "%s: status %s", name, stir_status_name(st));
    free(pem);
}

static const found *find(const findings *all, const char *id)
{
    for (size_t i = 0; i < all->n; i++)
        if (strcmp(all->f[i].id, id) == 0)
            return &all->f[i];
    return NULL;
}

/* All findings as one line, for failure messages. */
static const char *dump(const findings *all)
{
    static char buf[8192];
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < all->n && o < sizeof(buf); i++) {
        int w = snprintf(buf + o, sizeof(buf) - o, " [%d %s: %s]", all->f[i].position,
                         all->f[i].id, all->f[i].text);

        o += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

/* ---- what each rule's finding says --------------------------------------------- */

static const struct {
    const char *id, *text;
} expect_text[] = {
    {"e_bundle_not_certificate", "PEM block 4 is a private key"},
    {"e_cert_undecodable", "the CERTIFICATE in PEM block 4 does not decode"},
    {"e_rfc5280_serial_not_minimal", "serial number INTEGER is not minimally encoded"},
    {"e_rfc5280_serial_not_positive", "the serial number is 0; serial numbers are positive"},
    {"e_rfc5280_serial_too_long", "the serial number is 21 octets long"},
    {"e_rfc5280_skid_missing", "the CA certificate has no Subject Key Identifier"},
    {"e_rfc5280_akid_missing", "no Authority Key Identifier keyIdentifier"},
    {"e_atis_version", "the certificate is X.509 version 2"},
    {"e_atis_serial_entropy", "significant bits; STI serial numbers hold at least 64 bits"},
    {"e_atis_signature_algorithm", "ecdsa-with-SHA384"},
    {"e_atis_subject_public_key", "the subject key is EC P-384"},
    {"e_atis_subject_c", "countryName"},
    {"e_atis_subject_o", "the subject has no organizationName (O) attribute"},
    {"e_atis_subject_cn", "the subject has no commonName (CN) attribute"},
    {"e_atis_subject_cn_ca", "common name 'Lint Intermediate CA' does not include 'SHAKEN'"},
    {"e_atis_subject_cn_root", "common name 'SHAKEN Lint Anchor CA' does not include 'ROOT'"},
    {"e_atis_subject_cn_leaf", "the common name 'SHAKEN 5678' is not 'SHAKEN 1234'"},
    {"e_atis_basic_constraints_missing", "has no basicConstraints extension"},
    {"e_atis_basic_constraints_not_critical", "basicConstraints is not marked critical"},
    {"e_atis_key_usage_missing", "has no keyUsage extension"},
    {"e_atis_key_usage_not_critical", "keyUsage is not marked critical"},
    {"e_atis_key_usage_ee", "keyUsage is digitalSignature, keyAgreement; an end-entity"},
    {"e_atis_key_usage_ca_v004", "keyUsage is keyAgreement, keyCertSign; a CA certificate of "
                                 "ATIS-1000080 v003/v004"},
    {"e_atis_key_usage_ca", "keyUsage is keyCertSign, cRLSign; a root or intermediate"},
    {"e_atis_skid_missing_ee", "the end-entity certificate has no Subject Key Identifier"},
    {"e_atis_skid_not_sha1", "Subject Key Identifier 0102030405060708090A0B0C0D0E0F1011121314 "
                             "is not the SHA-1 hash"},
    {"e_atis_root_akid_mismatch", "does not match its own Subject Key Identifier"},
    {"e_atis_cp_missing", "has no certificatePolicies extension"},
    {"e_atis_cp_not_shaken", "certificatePolicies holds"},
    {"e_atis_cp_on_root", "the root certificate carries a certificatePolicies extension"},
    {"n_atis_cp_critical", "certificatePolicies is marked critical"},
    {"e_atis_crldp_missing", "has no cRLDistributionPoints extension"},
    {"e_atis_crldp_shape", "the CRL DistributionPoint has no cRLIssuer"},
    {"e_atis_crldp_on_root", "the root certificate carries a cRLDistributionPoints extension"},
    {"e_atis_tnal_missing", "the end-entity certificate has no TNAuthList extension"},
    {"e_atis_tnal_not_one_spc", "holds exactly one SPC and no TNs or ranges"},
    {"e_atis_tnal_spc_format", "the SPC '12ab' holds characters other than digits"},
    {"e_atis_tnal_on_ca", "the CA certificate carries a TNAuthList extension"},
    {"e_atis_ext_unknown", "does not specify: extendedKeyUsage (2.5.29.37)"},
    {"w_us_cp_subject_serial_number", "the subject has no serialNumber attribute"},
    {"e_rfc8226_tnal_malformed", "the TNAuthList extension does not decode: TNAuthList: entry 1 "
                                 "(spc): [0] is primitive (IMPLICIT tagging)"},
    {"e_rfc8226_leaf_tnal_missing", "the end-entity certificate has no TNAuthList"},
    {"e_rfc8226_leaf_key_usage", "keyUsage is keyAgreement, without digitalSignature"},
    {"e_rfc9060_tnal_missing", "is a delegate of 'CN=SHAKEN Lint SP CA 1234,O=Lint Telecom,C=US' "
                               "(position 2), which holds a TNAuthList, but carries none"},
    {"e_rfc9060_not_encompassed", "not encompassed by that of 'CN=SHAKEN Lint SP CA Ranges,O=Lint "
                                  "Telecom,C=US' (position 1): entry 'one 12125551900'"},
    {"w_rfc9060_validity_outside_parent", "to 2035-01-01T00:00:00Z is not inside that of its "
                                          "issuer"},
    {"e_chain_unlinkable", "do not form one chain: bundle holds two end-entity certificates"},
    {"e_chain_leaf_not_first", "the file starts with 'CN=SHAKEN Lint Intermediate CA,O=Lint "
                               "STI-CA,C=US' (position 0), but the leaf is"},
    {"w_chain_order", "from the leaf up they sit at positions 0, 2, 1"},
    {"e_chain_no_end_entity", "the chain's first certificate is a CA"},
    {"w_chain_duplicate", "the certificate repeats the one at position 1"},
    {"w_chain_unrelated", "is not on the chain of the leaf 'CN=SHAKEN 1234"},
    {"e_chain_akid_mismatch", "does not match the Subject Key Identifier"},
    {"e_chain_signature_invalid", "its signature does not verify with the key of its issuer "
                                  "'CN=SHAKEN Lint Intermediate CA"},
    {"e_chain_issuer_not_ca", "the certificate issued 'CN=SHAKEN 1234,serialNumber=LINT-D1"},
    {"e_chain_path_len", "its pathLenConstraint 0 allows 0 intermediate certificates below it, "
                         "but 1 follows before the leaf"},
    {"e_chain_expired", "the certificate expired at 2025-06-01T00:00:00Z (lint time "
                        "2026-01-01T00:00:00Z)"},
    {"e_chain_not_yet_valid", "the certificate is not valid before 2030-01-01T00:00:00Z"},
    {"w_chain_mixed_key_types", "the chain mixes key types (position 0 EC P-256, position 1 RSA "
                                "2048"},
    {"n_chain_root_included", "the bundle includes the self-signed root"},
    {"n_chain_root_absent", "the chain ends at 'CN=SHAKEN Lint Intermediate CA,O=Lint STI-CA,C=US',"
                            " issued by 'CN=SHAKEN Lint Root CA,O=Lint STI-PA,C=US', which is not"},
};

#define N_EXPECT (sizeof(expect_text) / sizeof(expect_text[0]))

static const char *expected_text(const char *id)
{
    for (size_t i = 0; i < N_EXPECT; i++)
        if (strcmp(expect_text[i].id, id) == 0)
            return expect_text[i].text;
    return NULL;
}

/* ---- the manifest ------------------------------------------------------------------ */

typedef struct {
    char file[96], profile[16], rule[64], kind[16], also[256];
} mrow;

static mrow rows[512];
static size_t n_rows;

/* Runs before the suite, outside any test: no ck_assert here. */
static void load_manifest(void)
{
    const char *dir = getenv("STIR_LINT_DIR");
    char path[4096], *text, *save = NULL;
    size_t len;

    if (dir == NULL) {
        fprintf(stderr, "check_lint: STIR_LINT_DIR is not set (sh testdata/mklint.sh DIR)\n");
        exit(EXIT_FAILURE);
    }
    snprintf(path, sizeof(path), "%s/manifest.tsv", dir);
    text = tu_read(path, 0, &len);

    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        mrow *r;

        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (n_rows == sizeof(rows) / sizeof(rows[0]))
            abort();
        r = &rows[n_rows++];
        if (sscanf(line, "%95[^\t]\t%15[^\t]\t%63[^\t]\t%15[^\t]\t%255[^\t]", r->file, r->profile,
                   r->rule, r->kind, r->also) != 5) {
            fprintf(stderr, "manifest.tsv: bad line '%s'\n", line);
            abort();
        }
    }
    free(text);
}

static stir_lint_profile profile_of(const char *name)
{
    stir_lint_profile p;

    ck_assert_int_eq(stir_lint_profile_from_name(name, &p, NULL), STIR_OK);
    return p;
}

/* Each manifest row: the defect fires with its text and nothing else of
 * error or warning level; a twin does not fire and lints clean. */
START_TEST(test_manifest_row)
{
    const mrow *r = &rows[_i];
    findings all;

    lint_file(r->file, profile_of(r->profile), AT, &all);
    if (strcmp(r->kind, "defect") == 0) {
        const found *f = find(&all, r->rule);
        const char *want = expected_text(r->rule);
        const stir_lint_rule_info *info = stir_lint_rule_find(r->rule);

        ck_assert_msg(f != NULL, "%s (%s): %s did not fire:%s", r->file, r->profile, r->rule,
                      dump(&all));
        ck_assert_ptr_nonnull(info);
        ck_assert_ptr_nonnull(want);
        ck_assert_msg(strstr(f->text, want) != NULL, "%s: %s says '%s', want '%s'", r->file,
                      r->rule, f->text, want);
        ck_assert_int_eq(f->severity, info->severity);
        ck_assert_str_eq(f->source, info->source);
        for (size_t i = 0; i < all.n; i++) {
            char also[260];

            snprintf(also, sizeof(also), ",%s,", r->also);
            if (all.f[i].severity == STIR_LINT_NOTICE || strcmp(all.f[i].id, r->rule) == 0)
                continue;
            ck_assert_msg(strstr(also, all.f[i].id) != NULL && strlen(all.f[i].id) > 0,
                          "%s (%s): %s fired besides %s: %s", r->file, r->profile, all.f[i].id,
                          r->rule, all.f[i].text);
        }
    } else {
        if (strcmp(r->kind, "twin") == 0)
            ck_assert_msg(find(&all, r->rule) == NULL, "%s (%s): %s fired on the twin:%s",
                          r->file, r->profile, r->rule, dump(&all));
        ck_assert_msg(all.sum.errors == 0 && all.sum.warnings == 0, "%s (%s) is not clean:%s",
                      r->file, r->profile, dump(&all));
    }
}
END_TEST

/* Every certificate and chain rule has a defect row, a twin row and an
 * expected text; the x5u rules are covered by x5u_cases below. */
START_TEST(test_every_rule_both_ways)
{
    for (size_t i = 0; i < stir_lint_rule_count(); i++) {
        const stir_lint_rule_info *r = stir_lint_rule_get0(i);
        int defect = 0, twin = 0;

        if (strcmp(r->scope, "x5u") == 0)
            continue;
        for (size_t j = 0; j < n_rows; j++) {
            if (strcmp(rows[j].rule, r->id) != 0)
                continue;
            defect |= strcmp(rows[j].kind, "defect") == 0;
            twin |= strcmp(rows[j].kind, "twin") == 0;
        }
        ck_assert_msg(defect && twin, "%s: defect %d, twin %d in manifest.tsv", r->id, defect,
                      twin);
        ck_assert_msg(expected_text(r->id) != NULL, "%s: no expected text", r->id);
    }
}
END_TEST

/* ---- the compliant chains ------------------------------------------------------------ */

START_TEST(test_shaken_good_is_clean)
{
    findings all;

    lint_file("shaken-good.pem", STIR_LINT_PROFILE_SHAKEN, AT, &all);
    ck_assert_msg(all.n == 1, "findings:%s", dump(&all));
    ck_assert_str_eq(all.f[0].id, "n_chain_root_included");
    ck_assert_int_eq(all.f[0].position, 2);
    ck_assert_str_eq(all.f[0].subject, "CN=SHAKEN Lint Root CA,O=Lint STI-PA,C=US");
    ck_assert_uint_eq(all.sum.notices, 1);
    lint_file("shaken-good-noroot.pem", STIR_LINT_PROFILE_SHAKEN, AT, &all);
    ck_assert_msg(all.n == 1 && strcmp(all.f[0].id, "n_chain_root_absent") == 0, "%s", dump(&all));
    ck_assert_int_eq(all.f[0].position, -1);
    ck_assert_str_eq(all.f[0].subject, "");
}
END_TEST

START_TEST(test_delegate_good)
{
    findings all;

    lint_file("delegate-good.pem", STIR_LINT_PROFILE_DELEGATE, AT, &all);
    ck_assert_msg(all.sum.errors == 0 && all.sum.warnings == 0, "%s", dump(&all));
    ck_assert_msg(all.n == 1 && strcmp(all.f[0].id, "n_chain_root_included") == 0, "%s",
                  dump(&all));
    /* Under the SHAKEN profile: exactly what RFC 9060 needs and v005 forbids. */
    lint_file("delegate-good.pem", STIR_LINT_PROFILE_SHAKEN, AT, &all);
    ck_assert_msg(all.sum.errors == 2 && all.sum.warnings == 0, "%s", dump(&all));
    ck_assert_str_eq(all.f[0].id, "e_atis_tnal_not_one_spc");
    ck_assert_int_eq(all.f[0].position, 0);
    ck_assert_str_eq(all.f[0].subject, "CN=SHAKEN 1234,serialNumber=LINT-D1,O=Lint Customer,C=US");
    ck_assert_ptr_nonnull(strstr(all.f[0].text, "('range 12125551800 100')"));
    ck_assert_str_eq(all.f[1].id, "e_atis_tnal_on_ca");
    ck_assert_int_eq(all.f[1].position, 1);
    ck_assert_str_eq(all.f[1].source, "ATIS-1000080 v005 §6.4.1");
}
END_TEST

/* The delegate chains of testdata/mkpki.sh lint clean under delegate too. */
START_TEST(test_mkpki_chains_delegate)
{
    static const char *bundles[] = {"good", "three-level", "additive", "spc-parent-tn-child",
                                    "shaken-intermediate"};
    findings all;

    if (getenv("STIR_PKI_DIR") == NULL)
        return;
    for (size_t i = 0; i < sizeof(bundles) / sizeof(bundles[0]); i++) {
        char path[256];
        size_t len;
        char *pem;

        snprintf(path, sizeof(path), "%s.pem", bundles[i]);
        pem = tu_read(path, 1, &len);
        ck_assert_int_eq(lint_text(pem, len, STIR_LINT_PROFILE_DELEGATE, AT, &all), STIR_OK);
        ck_assert_msg(all.sum.errors == 0 && all.sum.warnings == 0, "%s:%s", bundles[i],
                      dump(&all));
        free(pem);
    }
}
END_TEST

/* ---- time ------------------------------------------------------------------------------ */

/* Rules apply by notBefore: a CA from 2022 is judged by v004. */
START_TEST(test_effective_dates)
{
    const stir_lint_rule_info *v4 = stir_lint_rule_find("e_atis_key_usage_ca_v004");
    const stir_lint_rule_info *v5 = stir_lint_rule_find("e_atis_key_usage_ca");
    findings all;

    ck_assert_ptr_nonnull(v4);
    ck_assert_ptr_nonnull(v5);
    ck_assert_int_eq(v4->ineffective, v5->effective);
    ck_assert_int_eq(v5->effective, 1670803200); /* 2022-12-12, ATIS-1000080 v005 */
    lint_file("atis-ku-ca-crlsign-2022.pem", STIR_LINT_PROFILE_SHAKEN, AT, &all);
    ck_assert_msg(all.n == 1, "%s", dump(&all));
    lint_file("atis-ku-ca-crlsign.pem", STIR_LINT_PROFILE_SHAKEN, AT, &all);
    ck_assert_ptr_nonnull(find(&all, "e_atis_key_usage_ca"));
    ck_assert_ptr_null(find(&all, "e_atis_key_usage_ca_v004"));
}
END_TEST

/* The lint time decides expiry, not the rules. */
START_TEST(test_lint_time)
{
    findings all;

    lint_file("chain-expired.pem", STIR_LINT_PROFILE_SHAKEN, 1740000000, &all); /* 2025-02 */
    ck_assert_msg(all.sum.errors == 0, "%s", dump(&all));
    lint_file("chain-not-yet-valid.pem", STIR_LINT_PROFILE_SHAKEN, 1900000000, &all); /* 2030 */
    ck_assert_msg(all.sum.errors == 0, "%s", dump(&all));
    lint_file("shaken-good.pem", STIR_LINT_PROFILE_SHAKEN, 2000000000, &all); /* 2033 */
    ck_assert_uint_eq(all.sum.errors, 0);
    lint_file("shaken-good.pem", STIR_LINT_PROFILE_SHAKEN, 2100000000, &all); /* 2036 */
    ck_assert_uint_eq(all.sum.errors, 3);
    ck_assert_str_eq(all.f[0].id, "e_chain_expired");
}
END_TEST

/* ---- order, counts, failures ---------------------------------------------------------------- */

/* Findings come in file order, chain-level ones last; the summary counts
 * them. The bundle: leaf with EKU, root with a policy, intermediate with a
 * TNAuthList, an unrelated root, the leaf again. */
START_TEST(test_order_and_summary)
{
    static const char *parts[] = {"certs/leaf-eku.pem", "certs/root-cp.pem", "certs/inter-tnal.pem",
                                  "certs/root2.pem", "certs/leaf-eku.pem"};
    static const struct {
        int position;
        const char *id;
    } want[] = {
        {0, "e_atis_ext_unknown"}, {1, "e_atis_cp_on_root"}, {1, "n_chain_root_included"},
        {2, "e_atis_tnal_on_ca"},  {3, "w_chain_unrelated"}, {4, "w_chain_duplicate"},
        {-1, "w_chain_order"},
    };
    char *pem = NULL;
    size_t len = 0;
    findings all;
    size_t e = 0, w = 0, n = 0;

    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        size_t l;
        char *part = lint_file_text(parts[i], &l);

        pem = realloc(pem, len + l + 1);
        memcpy(pem + len, part, l + 1);
        len += l;
        free(part);
    }
    ck_assert_int_eq(lint_text(pem, len, STIR_LINT_PROFILE_SHAKEN, AT, &all), STIR_OK);
    free(pem);
    ck_assert_msg(all.n == sizeof(want) / sizeof(want[0]), "%s", dump(&all));
    for (size_t i = 0; i < all.n; i++) {
        ck_assert_int_eq(all.f[i].position, want[i].position);
        ck_assert_str_eq(all.f[i].id, want[i].id);
        ck_assert_int_eq(all.f[i].id[0], "nwe"[all.f[i].severity]);
        e += all.f[i].severity == STIR_LINT_ERROR;
        w += all.f[i].severity == STIR_LINT_WARNING;
        n += all.f[i].severity == STIR_LINT_NOTICE;
    }
    ck_assert_uint_eq(all.sum.errors, e);
    ck_assert_uint_eq(all.sum.warnings, w);
    ck_assert_uint_eq(all.sum.notices, n);
}
END_TEST

START_TEST(test_not_a_bundle)
{
    static const char text[] = "no certificate here\n";
    static const char key_only[] =
        "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
    stir_lint_opts o;
    findings all;
    stir_error_t err;
    size_t len;
    char *pem;

    memset(&o, 0, sizeof(o));
    memset(&all, 0, sizeof(all));
    o.at = AT;
    ck_assert_int_eq(stir_lint_bundle(text, strlen(text), &o, collect, &all, &all.sum, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "no PEM CERTIFICATE block"));
    ck_assert_int_eq(stir_lint_bundle(key_only, strlen(key_only), &o, collect, &all, NULL, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "private key"));
    ck_assert_uint_eq(all.n, 0); /* nothing reported on failure */
    ck_assert_int_eq(stir_lint_bundle(NULL, 0, &o, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_lint_bundle(text, 1, NULL, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
    o.profile = (stir_lint_profile)7;
    ck_assert_int_eq(stir_lint_bundle(text, 1, &o, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
    /* A damaged PEM block after a good certificate: not a bundle. */
    o.profile = STIR_LINT_PROFILE_SHAKEN;
    pem = lint_file_text("shaken-good.pem", &len);
    pem = realloc(pem, len + 64);
    strcpy(pem + len, "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n");
    ck_assert_int_eq(stir_lint_bundle(pem, strlen(pem), &o, NULL, NULL, NULL, &err),
                     STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "damaged"));
    free(pem);
}
END_TEST

START_TEST(test_names)
{
    stir_lint_profile p;
    stir_error_t err;

    ck_assert_int_eq(stir_lint_profile_from_name("delegate", &p, &err), STIR_OK);
    ck_assert_int_eq(p, STIR_LINT_PROFILE_DELEGATE);
    ck_assert_int_eq(stir_lint_profile_from_name("SHAKEN", &p, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(err.text, "'shaken' (ATIS-1000080) or 'delegate' (RFC 9060)"));
    ck_assert_str_eq(stir_lint_profile_name(STIR_LINT_PROFILE_SHAKEN), "shaken");
    ck_assert_str_eq(stir_lint_severity_name(STIR_LINT_WARNING), "warning");
    ck_assert_str_eq(stir_lint_severity_name((stir_lint_severity)9), "unknown");
}
END_TEST

/* The catalogue: unique ids whose prefix is the severity, sources, scopes,
 * and one row per rule in testdata/lint-rules.md. */
START_TEST(test_catalogue)
{
    size_t len;
    char *doc = tu_read("testdata/lint-rules.md", 0, &len);

    ck_assert_uint_gt(stir_lint_rule_count(), 60);
    ck_assert_ptr_null(stir_lint_rule_get0(stir_lint_rule_count()));
    ck_assert_ptr_null(stir_lint_rule_find("e_nonexistent"));
    for (size_t i = 0; i < stir_lint_rule_count(); i++) {
        const stir_lint_rule_info *r = stir_lint_rule_get0(i);
        char row[128];

        ck_assert_int_eq(r->id[0], "nwe"[r->severity]);
        ck_assert_int_eq(r->id[1], '_');
        ck_assert_ptr_eq(stir_lint_rule_find(r->id), r);
        ck_assert(r->profiles != 0);
        ck_assert(strcmp(r->scope, "certificate") == 0 || strcmp(r->scope, "chain") == 0 ||
                  strcmp(r->scope, "x5u") == 0);
        ck_assert_uint_gt(strlen(r->source), 5);
        ck_assert_uint_gt(strlen(r->description), 10);
        ck_assert(r->ineffective == 0 || r->ineffective > r->effective);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(stir_lint_rule_get0(j)->id, r->id);
        snprintf(row, sizeof(row), "| `%s` | %s |", r->id, stir_lint_severity_name(r->severity));
        ck_assert_msg(strstr(doc, row) != NULL, "testdata/lint-rules.md lacks '%s'", row);
    }
    free(doc);
}
END_TEST

/* ---- x5u responses ----------------------------------------------------------------------- */

#define CT "application/pem-certificate-chain"

static const struct {
    const char *name;
    const char *url_refusal, *port_refusal;
    int fetched;
    long status;
    const char *content_type, *cache_control;
    const char *body_file; /* under STIR_LINT_DIR, or NULL for body_text */
    const char *body_text;
    const char *edit;      /* "prefix", "crlf", "rewrap" or NULL */
    const char *rule;      /* what must fire, or NULL: nothing of error/warning level */
    const char *not_rule;  /* what must not fire */
    const char *text;
} x5u_cases[] = {
    {"good", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL, NULL, NULL,
     "e_x5u_pem_not_strict", NULL},
    {"url not https", "URL 'http://x/a.pem' is not https", NULL, 0, 0, NULL, NULL, NULL, NULL,
     NULL, "e_x5u_url", NULL, "URL 'http://x/a.pem' is not https; verifiers dereference only"},
    {"url fine", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL, NULL, NULL,
     "e_x5u_url", NULL},
    {"port", NULL, "URL 'https://x:9443/a.pem' uses port 9443, which is not allowed", 1, 200, CT,
     "max-age=86400", "shaken-good.pem", NULL, NULL, "w_x5u_url_port", NULL,
     "uses port 9443, which is not allowed; verifiers should fetch x5u only from port 443"},
    {"port fine", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL, NULL, NULL,
     "w_x5u_url_port", NULL},
    {"404", NULL, NULL, 1, 404, "text/html", NULL, NULL, "<h1>not found</h1>", NULL, "e_x5u_status",
     "e_x5u_body_not_chain", "the server answered HTTP 404"},
    {"302", NULL, NULL, 1, 302, NULL, NULL, NULL, "", NULL, "e_x5u_status", NULL,
     "verifiers follow no redirects"},
    {"200", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL, NULL, NULL,
     "e_x5u_status", NULL},
    {"text/plain", NULL, NULL, 1, 200, "text/plain", "max-age=86400", "shaken-good.pem", NULL, NULL,
     "w_x5u_content_type", NULL, "the Content-Type is 'text/plain'"},
    {"no content type", NULL, NULL, 1, 200, NULL, "max-age=86400", "shaken-good.pem", NULL, NULL,
     "w_x5u_content_type", NULL, "the response has no Content-Type"},
    {"content type with parameter", NULL, NULL, 1, 200, "Application/PEM-Certificate-Chain; "
     "charset=us-ascii", "max-age=86400", "shaken-good.pem", NULL, NULL, NULL,
     "w_x5u_content_type", NULL},
    {"no cache-control", NULL, NULL, 1, 200, CT, NULL, "shaken-good.pem", NULL, NULL,
     "w_x5u_cache_control_missing", "w_x5u_cache_max_age", "the response has no Cache-Control"},
    {"cache-control", NULL, NULL, 1, 200, CT, "public", "shaken-good.pem", NULL, NULL, NULL,
     "w_x5u_cache_control_missing", NULL},
    {"max-age 60", NULL, NULL, 1, 200, CT, "public, max-age=60", "shaken-good.pem", NULL, NULL,
     "w_x5u_cache_max_age", NULL, "Cache-Control 'public, max-age=60' allows caching for 60 "
     "seconds, less than a day"},
    {"no-store", NULL, NULL, 1, 200, CT, "no-store", "shaken-good.pem", NULL, NULL,
     "w_x5u_cache_max_age", NULL, "allows caching for 0 seconds"},
    {"max-age a day", NULL, NULL, 1, 200, CT, "Max-Age=86400, public", "shaken-good.pem", NULL,
     NULL, NULL, "w_x5u_cache_max_age", NULL},
    {"explanatory text", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL,
     "prefix", "e_x5u_pem_not_strict", NULL,
     "line 1 is text outside the PEM blocks ('subject=CN=SHAKEN 1234'); an x5u chain holds no"},
    {"crlf", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL, "crlf", NULL,
     "e_x5u_pem_not_strict", NULL},
    {"76-column base64", NULL, NULL, 1, 200, CT, "max-age=86400", "shaken-good.pem", NULL,
     "rewrap", "e_x5u_pem_not_strict", NULL, "line 2: strict base64 lines are 64 characters"},
    {"empty body", NULL, NULL, 1, 200, CT, "max-age=86400", NULL, "", NULL,
     "e_x5u_body_not_chain", NULL, "the body is not a certificate chain: no PEM CERTIFICATE"},
    {"leaf not first", NULL, NULL, 1, 200, CT, "max-age=86400", "chain-leaf-not-first.pem", NULL,
     NULL, "e_chain_leaf_not_first", "e_x5u_body_not_chain", "but the leaf is"},
};

/* The body of a case: a file edited as the case says, or its text. */
static char *x5u_body(size_t i, size_t *len)
{
    char *pem, *out;
    size_t n, o = 0;

    if (x5u_cases[i].body_file == NULL) {
        *len = strlen(x5u_cases[i].body_text);
        return strdup(x5u_cases[i].body_text);
    }
    pem = lint_file_text(x5u_cases[i].body_file, &n);
    if (x5u_cases[i].edit == NULL) {
        *len = n;
        return pem;
    }
    out = malloc(2 * n + 64);
    if (strcmp(x5u_cases[i].edit, "prefix") == 0) {
        o = (size_t)sprintf(out, "subject=CN=SHAKEN 1234\n");
        memcpy(out + o, pem, n);
        o += n;
    } else if (strcmp(x5u_cases[i].edit, "crlf") == 0) {
        for (size_t k = 0; k < n; k++) {
            if (pem[k] == '\n')
                out[o++] = '\r';
            out[o++] = pem[k];
        }
    } else { /* rewrap the first block's base64 at 76 columns */
        const char *b = strchr(pem, '\n') + 1, *e = strstr(pem, "-----END");
        size_t col = 0;

        memcpy(out, pem, (size_t)(b - pem));
        o = (size_t)(b - pem);
        for (const char *p = b; p < e; p++) {
            if (*p == '\n')
                continue;
            out[o++] = *p;
            if (++col == 76) {
                out[o++] = '\n';
                col = 0;
            }
        }
        if (col != 0)
            out[o++] = '\n';
        memcpy(out + o, e, n - (size_t)(e - pem));
        o += n - (size_t)(e - pem);
    }
    free(pem);
    *len = o;
    return out;
}

START_TEST(test_x5u)
{
    stir_lint_http h;
    stir_lint_opts o;
    findings all;
    stir_error_t err;
    size_t len = 0;
    char *body = NULL;

    memset(&h, 0, sizeof(h));
    memset(&o, 0, sizeof(o));
    memset(&all, 0, sizeof(all));
    o.at = AT;
    h.url = "https://x5u.example/a.pem";
    h.url_refusal = x5u_cases[_i].url_refusal;
    h.port_refusal = x5u_cases[_i].port_refusal;
    h.fetched = x5u_cases[_i].fetched;
    h.status = x5u_cases[_i].status;
    h.content_type = x5u_cases[_i].content_type;
    h.cache_control = x5u_cases[_i].cache_control;
    if (h.fetched) {
        body = x5u_body(_i, &len);
        h.body = body;
        h.len = len;
    }
    ck_assert_int_eq(stir_lint_x5u(&h, &o, collect, &all, &all.sum, &err), STIR_OK);
    if (x5u_cases[_i].rule != NULL) {
        const found *f = find(&all, x5u_cases[_i].rule);

        ck_assert_msg(f != NULL, "%s: %s did not fire:%s", x5u_cases[_i].name,
                      x5u_cases[_i].rule, dump(&all));
        ck_assert_msg(strstr(f->text, x5u_cases[_i].text) != NULL, "%s: '%s'", x5u_cases[_i].name,
                      f->text);
        for (size_t i = 0; i < all.n; i++)
            ck_assert_msg(all.f[i].severity == STIR_LINT_NOTICE ||
                              strcmp(all.f[i].id, x5u_cases[_i].rule) == 0,
                          "%s: %s fired too", x5u_cases[_i].name, all.f[i].id);
    } else {
        ck_assert_msg(all.sum.errors == 0 && all.sum.warnings == 0, "%s:%s", x5u_cases[_i].name,
                      dump(&all));
    }
    if (x5u_cases[_i].not_rule != NULL)
        ck_assert_msg(find(&all, x5u_cases[_i].not_rule) == NULL, "%s: %s fired",
                      x5u_cases[_i].name, x5u_cases[_i].not_rule);
    free(body);
}
END_TEST

/* Every x5u rule fires in one case and is held back in another. */
START_TEST(test_x5u_rules_both_ways)
{
    for (size_t i = 0; i < stir_lint_rule_count(); i++) {
        const stir_lint_rule_info *r = stir_lint_rule_get0(i);
        int fires = 0, held = 0;

        if (strcmp(r->scope, "x5u") != 0)
            continue;
        for (size_t j = 0; j < sizeof(x5u_cases) / sizeof(x5u_cases[0]); j++) {
            fires |= x5u_cases[j].rule != NULL && strcmp(x5u_cases[j].rule, r->id) == 0;
            held |= x5u_cases[j].not_rule != NULL && strcmp(x5u_cases[j].not_rule, r->id) == 0;
        }
        ck_assert_msg(fires && held, "%s: fires %d, held %d", r->id, fires, held);
    }
}
END_TEST

START_TEST(test_x5u_args)
{
    stir_lint_http h;
    stir_lint_opts o;
    stir_error_t err;

    memset(&h, 0, sizeof(h));
    memset(&o, 0, sizeof(o));
    ck_assert_int_eq(stir_lint_x5u(NULL, &o, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_lint_x5u(&h, NULL, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
    h.fetched = 1;
    h.status = 200;
    h.len = 5;
    ck_assert_int_eq(stir_lint_x5u(&h, &o, NULL, NULL, NULL, &err), STIR_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lint");
    TCase *tc;

    load_manifest();
    tc = tcase_create("rules");
    tcase_add_loop_test(tc, test_manifest_row, 0, (int)n_rows);
    tcase_add_test(tc, test_every_rule_both_ways);
    suite_add_tcase(s, tc);
    tc = tcase_create("chains");
    tcase_add_test(tc, test_shaken_good_is_clean);
    tcase_add_test(tc, test_delegate_good);
    tcase_add_test(tc, test_mkpki_chains_delegate);
    tcase_add_test(tc, test_effective_dates);
    tcase_add_test(tc, test_lint_time);
    tcase_add_test(tc, test_order_and_summary);
    tcase_add_test(tc, test_not_a_bundle);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_catalogue);
    suite_add_tcase(s, tc);
    tc = tcase_create("x5u");
    tcase_add_loop_test(tc, test_x5u, 0, (int)(sizeof(x5u_cases) / sizeof(x5u_cases[0])));
    tcase_add_test(tc, test_x5u_rules_both_ways);
    tcase_add_test(tc, test_x5u_args);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
