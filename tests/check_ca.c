/* Unit tests: the issuing CA (ca/) - scope, refusals, serials, CRLs, state. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "stirkit/ca.h"
#include "testutil.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

static char tmpdir[256];

static void make_tmp(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/stirkit-ca-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmp(void)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *path(const char *name)
{
    static char p[4][320];
    static int i;

    i = (i + 1) % 4;
    snprintf(p[i], sizeof(p[i]), "%s/%s", tmpdir, name);
    return p[i];
}

/* A CSR with subject CN=cn, key of the given kind ("P-256", "P-384",
 * "RSA"), optional TNAuthList entries and basicConstraints cA; signed by
 * signer when non-NULL (a wrong signature), else by its own key. */
static X509_REQ *make_csr(const char *kind, const char *cn, const char *entries, int ask_ca,
                          EVP_PKEY **key_out)
{
    EVP_PKEY *key = strcmp(kind, "RSA") == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048)
                                             : EVP_PKEY_Q_keygen(NULL, NULL, "EC", kind);
    X509_REQ *req = X509_REQ_new();
    STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();

    ck_assert_ptr_nonnull(key);
    X509_REQ_set_pubkey(req, key);
    X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_UTF8,
                               (const unsigned char *)cn, -1, -1, 0);
    if (entries != NULL) {
        stir_tnauthlist *t = tu_tnal(entries);
        unsigned char *der;
        size_t len;
        ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();

        ck_assert_int_eq(stir_tnauthlist_encode(t, &der, &len, NULL), STIR_OK);
        ASN1_OCTET_STRING_set(os, der, (int)len);
        sk_X509_EXTENSION_push(exts, X509_EXTENSION_create_by_NID(NULL, stir_nid_tnauthlist(),
                                                                  0, os));
        ASN1_OCTET_STRING_free(os);
        OPENSSL_free(der);
        stir_tnauthlist_free(t);
    }
    if (ask_ca)
        sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints,
                                                         "critical,CA:TRUE"));
    if (sk_X509_EXTENSION_num(exts) > 0)
        X509_REQ_add_extensions(req, exts);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    ck_assert_int_gt(X509_REQ_sign(req, key, EVP_sha256()), 0);
    if (key_out != NULL)
        *key_out = key;
    else
        EVP_PKEY_free(key);
    return req;
}

/* A root CA in tmpdir/name, optionally with a TNAuthList. */
static void init_root(const char *name, const char *entries, int days)
{
    stir_ca_init_opts o;
    stir_tnauthlist *t = entries != NULL ? tu_tnal(entries) : NULL;
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    o.subject = "/C=US/O=Test/CN=Test Root";
    o.tnauthlist = t;
    o.days = days;
    o.now = NOW;
    ck_assert_msg(stir_ca_init(path(name), &o, &err) == STIR_OK, "%s", err.text);
    stir_tnauthlist_free(t);
}

static stir_ca *open_ca(const char *name)
{
    stir_ca *ca = NULL;
    stir_error_t err;

    ck_assert_msg(stir_ca_open(path(name), &ca, &err) == STIR_OK, "%s", err.text);
    return ca;
}

static void request(stir_ca_request *r, X509_REQ *csr, stir_tnauthlist *t, int is_ca)
{
    memset(r, 0, sizeof(*r));
    r->csr = csr;
    r->tnauthlist = t;
    r->ca = is_ca;
    r->pathlen = -1;
    r->profile = -1;
    r->now = NOW;
}

/* Issues a CA certificate for a new key and adopts it as CA name. */
static void delegate_ca(stir_ca *parent, const char *name, const char *entries)
{
    EVP_PKEY *key = NULL;
    X509_REQ *csr = make_csr("P-256", name, NULL, 0, &key);
    stir_tnauthlist *t = tu_tnal(entries);
    stir_ca_request r;
    stir_ca_init_opts o;
    char *pem = NULL, certfile[64], keyfile[64];
    FILE *f;
    stir_error_t err;

    request(&r, csr, t, 1);
    r.days = 365;
    ck_assert_msg(stir_ca_issue(parent, &r, &pem, NULL, &err) == STIR_OK, "%s", err.text);
    snprintf(certfile, sizeof(certfile), "%s.chain.pem", name);
    snprintf(keyfile, sizeof(keyfile), "%s.key", name);
    f = fopen(path(certfile), "w");
    fputs(pem, f);
    fclose(f);
    f = fopen(path(keyfile), "w");
    PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    fclose(f);
    memset(&o, 0, sizeof(o));
    o.issuer_cert_file = path(certfile);
    o.issuer_key_uri = path(keyfile);
    o.now = NOW;
    ck_assert_msg(stir_ca_init(path(name), &o, &err) == STIR_OK, "%s", err.text);
    free(pem);
    stir_tnauthlist_free(t);
    X509_REQ_free(csr);
    EVP_PKEY_free(key);
}

START_TEST(test_three_level_delegation_validates)
{
    stir_ca *root, *carrier, *ent;
    X509_REQ *csr;
    stir_ca_request r;
    stir_tnauthlist *t = tu_tnal("one:12125551824");
    char *pem = NULL;
    stir_chain *chain = NULL;
    stir_trust *trust = stir_trust_new();
    stir_check_opts opts;
    stir_error_t err;

    make_tmp();
    init_root("root", NULL, 0);
    root = open_ca("root");
    delegate_ca(root, "carrier", "range:12125550000:10000");
    carrier = open_ca("carrier");
    delegate_ca(carrier, "ent", "range:12125551800:100");
    ent = open_ca("ent");
    csr = make_csr("P-256", "Leaf", NULL, 0, NULL);
    request(&r, csr, t, 0);
    ck_assert_msg(stir_ca_issue(ent, &r, &pem, NULL, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(stir_chain_from_pem(pem, strlen(pem), &chain, &err), STIR_OK);
    ck_assert_uint_eq(stir_chain_length(chain), 3); /* leaf, enterprise, carrier; no root */
    ck_assert_int_eq(stir_trust_add_cert(trust, stir_ca_get0_cert(root), &err), STIR_OK);
    memset(&opts, 0, sizeof(opts));
    opts.at = NOW + 60;
    opts.tn = "12125551824";
    ck_assert_msg(stir_chain_check(chain, trust, &opts, NULL, &err) == STIR_OK, "%s", err.text);
    stir_chain_free(chain);
    stir_trust_free(trust);
    free(pem);
    X509_REQ_free(csr);
    stir_tnauthlist_free(t);
    stir_ca_close(ent);
    stir_ca_close(carrier);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

/* Every refusal names its reason. */
static const struct {
    const char *name, *key, *csr_entries, *opt_entries;
    int ask_ca, is_ca, days, profile, pathlen;
    const char *why;
} refusals[] = {
    {"out of scope", "P-256", NULL, "range:12125559950:100", 0, 0, 0, -1, -1,
     "entry 'range 12125559950 100' is not covered: 12125560000 is outside"},
    {"TN parent, SPC child", "P-256", NULL, "spc:1234", 0, 0, 0, -1, -1, "never encompass an SPC"},
    {"RSA key", "RSA", NULL, "one:12125551824", 0, 0, 0, -1, -1, "need EC P-256"},
    {"P-384 key", "P-384", NULL, "one:12125551824", 0, 0, 0, -1, -1, "secp384r1"},
    {"CA without --ca", "P-256", NULL, "one:12125551824", 1, 0, 0, -1, -1,
     "asks for a CA certificate"},
    {"validity past the issuer's", "P-256", NULL, "one:12125551824", 0, 0, 400, -1, -1,
     "after the issuer's notAfter"},
    {"no TNAuthList", "P-256", NULL, NULL, 0, 0, 0, -1, -1, "no TNAuthList requested"},
    {"option and CSR differ", "P-256", "one:12125551825", "one:12125551824", 0, 0, 0, -1, -1,
     "the requested TNAuthList and the CSR's differ"},
    {"shaken with a range", "P-256", NULL, "range:12125551800:100", 0, 0, 0, STIR_PROFILE_SHAKEN,
     -1, "exactly one SPC"},
    {"pathlen not below the issuer's", "P-256", NULL, "range:12125551800:10", 0, 1, 0, -1, 5,
     "not below the issuer's pathLenConstraint"},
};

START_TEST(test_refusals)
{
    stir_ca *root, *ca;
    X509_REQ *csr;
    stir_ca_request r;
    stir_tnauthlist *t = refusals[_i].opt_entries ? tu_tnal(refusals[_i].opt_entries) : NULL;
    EVP_PKEY *issuer_key = NULL;
    X509 *cert = NULL;
    stir_error_t err;
    stir_status st;

    make_tmp();
    init_root("root", NULL, 0);
    root = open_ca("root");
    /* carrier CA: range 12125550000+10000, valid 365 days, pathlen 1 */
    {
        X509_REQ *ccsr = make_csr("P-256", "Carrier", NULL, 0, &issuer_key);
        stir_tnauthlist *ct = tu_tnal("range:12125550000:10000");
        stir_ca_request cr;
        char *pem = NULL;
        stir_ca_init_opts o;
        FILE *f;

        request(&cr, ccsr, ct, 1);
        cr.days = 365;
        cr.pathlen = 1;
        ck_assert_int_eq(stir_ca_issue(root, &cr, &pem, NULL, &err), STIR_OK);
        f = fopen(path("c.pem"), "w");
        fputs(pem, f);
        fclose(f);
        f = fopen(path("c.key"), "w");
        PEM_write_PrivateKey(f, issuer_key, NULL, NULL, 0, NULL, NULL);
        fclose(f);
        memset(&o, 0, sizeof(o));
        o.issuer_cert_file = path("c.pem");
        o.issuer_key_uri = path("c.key");
        o.now = NOW;
        ck_assert_msg(stir_ca_init(path("carrier"), &o, &err) == STIR_OK, "%s", err.text);
        free(pem);
        stir_tnauthlist_free(ct);
        X509_REQ_free(ccsr);
    }
    ca = open_ca("carrier");
    csr = make_csr(refusals[_i].key, "Delegate", refusals[_i].csr_entries, refusals[_i].ask_ca,
                   NULL);
    request(&r, csr, t, refusals[_i].is_ca);
    r.days = refusals[_i].days;
    r.profile = refusals[_i].profile;
    r.pathlen = refusals[_i].pathlen;
    st = stir_ca_issue(ca, &r, NULL, &cert, &err);
    ck_assert_msg(st == STIR_E_REFUSED, "%s: status %s (%s)", refusals[_i].name,
                  stir_status_name(st), err.text);
    ck_assert_msg(strstr(err.text, refusals[_i].why) != NULL, "%s: got '%s'", refusals[_i].name,
                  err.text);
    ck_assert_ptr_null(cert);
    EVP_PKEY_free(issuer_key);
    X509_REQ_free(csr);
    stir_tnauthlist_free(t);
    stir_ca_close(ca);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

START_TEST(test_bad_csr_signature_and_issuer_key)
{
    stir_ca *root;
    X509_REQ *csr = make_csr("P-256", "Leaf", NULL, 0, NULL);
    EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    stir_tnauthlist *t = tu_tnal("one:12125551824");
    stir_ca_request r;
    EVP_PKEY *rootkey = NULL;
    X509_REQ *own;
    stir_error_t err;

    make_tmp();
    init_root("root", NULL, 0);
    root = open_ca("root");
    /* Re-sign the CSR body with a different key: the signature no longer
     * matches the public key inside it. */
    X509_REQ_sign(csr, other, EVP_sha256());
    request(&r, csr, t, 0);
    ck_assert_int_eq(stir_ca_issue(root, &r, NULL, NULL, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "signature does not verify"));
    /* A CSR made with the root's own key. */
    {
        FILE *f = fopen(path("root/ca.key"), "r");

        rootkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
        fclose(f);
    }
    own = X509_REQ_new();
    X509_REQ_set_pubkey(own, rootkey);
    X509_REQ_sign(own, rootkey, EVP_sha256());
    request(&r, own, t, 0);
    ck_assert_int_eq(stir_ca_issue(root, &r, NULL, NULL, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "the issuer's own key"));
    X509_REQ_free(own);
    EVP_PKEY_free(rootkey);
    EVP_PKEY_free(other);
    X509_REQ_free(csr);
    stir_tnauthlist_free(t);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

START_TEST(test_certificate_contents)
{
    stir_ca *root;
    X509_REQ *csr = make_csr("P-256", "Leaf", "one:12125551824", 0, NULL);
    stir_ca_request r;
    X509 *x = NULL;
    stir_tnauthlist *t = NULL;
    const ASN1_INTEGER *sn;
    stir_error_t err;
    int crit = -1;
    ASN1_BIT_STRING *ku;

    make_tmp();
    init_root("root", "range:12125550000:10000", 0);
    root = open_ca("root");
    request(&r, csr, NULL, 0); /* the CSR's TNAuthList */
    ck_assert_msg(stir_ca_issue(root, &r, NULL, &x, &err) == STIR_OK, "%s", err.text);
    sn = X509_get0_serialNumber(x);
    ck_assert_int_eq(ASN1_STRING_length(sn), 16);
    ck_assert_int_eq(ASN1_STRING_get0_data(sn)[0] & 0xc0, 0x40); /* positive, 127 bits */
    ck_assert_int_eq(X509_get_version(x), X509_VERSION_3);
    ck_assert_int_eq(X509_check_ca(x), 0);
    ck_assert_int_eq(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
                                           X509_get0_subject_key_id(stir_ca_get0_cert(root))), 0);
    ku = X509_get_ext_d2i(x, NID_key_usage, &crit, NULL);
    ck_assert_int_eq(crit, 1);
    ck_assert_int_eq(X509_get_key_usage(x), KU_DIGITAL_SIGNATURE);
    ASN1_BIT_STRING_free(ku);
    crit = -1;
    BASIC_CONSTRAINTS_free(X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL));
    ck_assert_int_eq(crit, 1);
    /* exactly SKID, AKID, BC, KU, TNAuthList */
    ck_assert_int_eq(X509_get_ext_count(x), 5);
    ck_assert_int_eq(X509_EXTENSION_get_critical(
                         X509_get_ext(x, X509_get_ext_by_NID(x, stir_nid_tnauthlist(), -1))),
                     0);
    ck_assert_int_eq(stir_tnauthlist_from_cert(x, &t, &err), STIR_OK);
    ck_assert_str_eq(stir_tnauthlist_get0_entry(t, 0)->value, "12125551824");
    ck_assert_int_eq((int)(X509_get0_notAfter(x) != NULL), 1);
    stir_tnauthlist_free(t);
    X509_free(x);
    X509_REQ_free(csr);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

/* A shaken-profile CA has keyCertSign only (ATIS-1000080): no CRLs from it. */
START_TEST(test_shaken_ca_signs_no_crl)
{
    stir_ca *root, *sub;
    X509_CRL *crl = NULL;
    stir_error_t err;

    make_tmp();
    init_root("root", "spc:1234", 0);
    root = open_ca("root");
    {
        EVP_PKEY *key = NULL;
        X509_REQ *csr = make_csr("P-256", "SHAKEN SP CA", NULL, 0, &key);
        stir_tnauthlist *t = tu_tnal("spc:1234");
        stir_ca_request r;
        stir_ca_init_opts o;
        char *pem = NULL;
        FILE *f;

        request(&r, csr, t, 1);
        r.days = 365;
        r.profile = STIR_PROFILE_SHAKEN;
        ck_assert_msg(stir_ca_issue(root, &r, &pem, NULL, &err) == STIR_OK, "%s", err.text);
        f = fopen(path("sp.pem"), "w");
        fputs(pem, f);
        fclose(f);
        f = fopen(path("sp.key"), "w");
        PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
        fclose(f);
        memset(&o, 0, sizeof(o));
        o.issuer_cert_file = path("sp.pem");
        o.issuer_key_uri = path("sp.key");
        o.now = NOW;
        ck_assert_int_eq(stir_ca_init(path("sp"), &o, &err), STIR_OK);
        free(pem);
        stir_tnauthlist_free(t);
        X509_REQ_free(csr);
        EVP_PKEY_free(key);
    }
    sub = open_ca("sp");
    ck_assert_int_eq(stir_ca_crl(sub, NOW, &crl, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "lacks cRLSign"));
    ck_assert_ptr_null(crl);
    stir_ca_close(sub);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

START_TEST(test_shaken_profile)
{
    stir_ca *root;
    X509_REQ *csr = make_csr("P-256", "SHAKEN 1234", NULL, 0, NULL);
    X509_REQ *wrong = make_csr("P-256", "Something Else", NULL, 0, NULL);
    stir_tnauthlist *spc = tu_tnal("spc:1234"), *lower = tu_tnal("spc:ab12");
    stir_ca_request r;
    stir_error_t err;

    make_tmp();
    init_root("root", "spc:1234 spc:ab12", 0);
    root = open_ca("root");
    request(&r, csr, spc, 0);
    r.profile = STIR_PROFILE_SHAKEN;
    ck_assert_msg(stir_ca_issue(root, &r, NULL, NULL, &err) == STIR_OK, "%s", err.text);
    request(&r, wrong, spc, 0);
    r.profile = STIR_PROFILE_SHAKEN;
    ck_assert_int_eq(stir_ca_issue(root, &r, NULL, NULL, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "must be 'SHAKEN 1234'"));
    request(&r, csr, lower, 0);
    r.profile = STIR_PROFILE_SHAKEN;
    ck_assert_int_eq(stir_ca_issue(root, &r, NULL, NULL, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "upper-case"));
    stir_tnauthlist_free(spc);
    stir_tnauthlist_free(lower);
    X509_REQ_free(csr);
    X509_REQ_free(wrong);
    stir_ca_close(root);
    remove_tmp();
}
END_TEST

typedef struct {
    stir_ca *ca;
    int ok;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *w = p;
    stir_tnauthlist *t = tu_tnal("one:12125551824");

    for (int i = 0; i < 10; i++) {
        X509_REQ *csr = make_csr("P-256", "Leaf", NULL, 0, NULL);
        stir_ca_request r;

        request(&r, csr, t, 0);
        w->ok += stir_ca_issue(w->ca, &r, NULL, NULL, NULL) == STIR_OK;
        X509_REQ_free(csr);
    }
    stir_tnauthlist_free(t);
    return NULL;
}

static int count_rows(const stir_ca_record *r, void *arg)
{
    (void)r;
    ++*(int *)arg;
    return 0;
}

START_TEST(test_concurrent_issuance_and_reopen)
{
    stir_ca *ca;
    pthread_t th[8];
    worker_arg w[8];
    int rows = 0, ok = 0;
    stir_error_t err;

    make_tmp();
    init_root("root", NULL, 0);
    ca = open_ca("root");
    for (int i = 0; i < 8; i++) {
        w[i].ca = ca;
        w[i].ok = 0;
        pthread_create(&th[i], NULL, worker, &w[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
    }
    ck_assert_int_eq(ok, 80);
    stir_ca_close(ca);
    /* State survives a restart; serials are unique (PRIMARY KEY). */
    ca = open_ca("root");
    ck_assert_int_eq(stir_ca_list(ca, count_rows, &rows, &err), STIR_OK);
    ck_assert_int_eq(rows, 80);
    stir_ca_close(ca);
    remove_tmp();
}
END_TEST

static int first_serial(const stir_ca_record *r, void *arg)
{
    snprintf(arg, 64, "%s", r->serial);
    return 1;
}

START_TEST(test_revoke_and_crl)
{
    stir_ca *ca;
    X509_REQ *csr = make_csr("P-256", "Leaf", "one:12125551824", 0, NULL);
    stir_ca_request r;
    X509_CRL *crl1 = NULL, *crl2 = NULL;
    char serial[64] = "", lower[64];
    ASN1_INTEGER *n1, *n2;
    STACK_OF(X509_REVOKED) *revoked;
    AUTHORITY_KEYID *akid;
    int reason = -1;
    stir_error_t err;

    make_tmp();
    init_root("root", NULL, 0);
    ca = open_ca("root");
    request(&r, csr, NULL, 0);
    ck_assert_int_eq(stir_ca_issue(ca, &r, NULL, NULL, &err), STIR_OK);
    ck_assert_int_eq(stir_ca_list(ca, first_serial, serial, &err), STIR_OK);
    ck_assert_int_eq(stir_ca_crl(ca, NOW, &crl1, &err), STIR_OK);
    ck_assert_int_eq(stir_crl_reason_from_name("KEYCOMPROMISE", &reason, &err), STIR_OK);
    ck_assert_int_eq(reason, 1);
    for (size_t i = 0; i <= strlen(serial); i++)
        lower[i] = (char)tolower((unsigned char)serial[i]);
    ck_assert_int_eq(stir_ca_revoke(ca, lower, reason, NOW + 10, &err), STIR_OK);
    ck_assert_int_eq(stir_ca_revoke(ca, serial, 0, NOW + 20, &err), STIR_E_ALREADY);
    ck_assert_ptr_nonnull(strstr(err.text, "already revoked"));
    ck_assert_int_eq(stir_ca_revoke(ca, "ABCDEF", 0, NOW, &err), STIR_E_NOT_FOUND);
    ck_assert_int_eq(stir_ca_revoke(ca, "xyz", 0, NOW, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_ca_revoke(ca, serial, 7, NOW, &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_ca_revoke(ca, serial, 8, NOW, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(err.text, "removeFromCRL only appears in delta CRLs"));
    ck_assert_int_eq(stir_crl_reason_from_name("7", &reason, &err), STIR_E_INVALID_ARG);
    stir_ca_close(ca);
    ca = open_ca("root"); /* the CRL number survives a restart */
    ck_assert_int_eq(stir_ca_crl(ca, NOW + 30, &crl2, &err), STIR_OK);
    n1 = X509_CRL_get_ext_d2i(crl1, NID_crl_number, NULL, NULL);
    n2 = X509_CRL_get_ext_d2i(crl2, NID_crl_number, NULL, NULL);
    ck_assert_int_eq(ASN1_INTEGER_get(n1), 1);
    ck_assert_int_eq(ASN1_INTEGER_get(n2), 2);
    ck_assert_int_eq(X509_CRL_get_version(crl2), X509_CRL_VERSION_2);
    ck_assert_int_eq(X509_CRL_verify(crl2, X509_get0_pubkey(stir_ca_get0_cert(ca))), 1);
    revoked = X509_CRL_get_REVOKED(crl2);
    ck_assert_int_eq(sk_X509_REVOKED_num(revoked), 1);
    akid = X509_CRL_get_ext_d2i(crl2, NID_authority_key_identifier, NULL, NULL);
    ck_assert_ptr_nonnull(akid);
    AUTHORITY_KEYID_free(akid);
    ASN1_INTEGER_free(n1);
    ASN1_INTEGER_free(n2);
    X509_CRL_free(crl1);
    X509_CRL_free(crl2);
    X509_REQ_free(csr);
    stir_ca_close(ca);
    remove_tmp();
}
END_TEST

START_TEST(test_init_and_open_errors)
{
    stir_ca_init_opts o;
    stir_ca *ca = NULL;
    FILE *f;
    char issuer_file[320], key_file[320];
    stir_error_t err;

    make_tmp();
    memset(&o, 0, sizeof(o));
    o.now = NOW;
    ck_assert_int_eq(stir_ca_init(path("a"), &o, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(err.text, "needs a subject DN"));
    o.subject = "/C=US/XX=bad";
    ck_assert_int_eq(stir_ca_init(path("a"), &o, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "'XX=bad' is not a known attribute"));
    o.subject = "CN=Root,O=Test,C=US";
    ck_assert_int_eq(stir_ca_init(path("b"), &o, &err), STIR_OK);
    ck_assert_int_eq(stir_ca_init(path("b"), &o, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "already holds a CA"));
    o.subject = NULL;
    snprintf(issuer_file, sizeof(issuer_file), "%s", path("b/issuer.pem"));
    snprintf(key_file, sizeof(key_file), "%s", path("other.key"));
    o.issuer_cert_file = issuer_file;
    ck_assert_int_eq(stir_ca_init(path("c"), &o, &err), STIR_E_INVALID_ARG);
    /* A key that is not the certificate's. */
    o.issuer_key_uri = key_file;
    f = fopen(key_file, "w");
    {
        EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

        PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
        EVP_PKEY_free(k);
    }
    fclose(f);
    ck_assert_msg(stir_ca_init(path("c"), &o, &err) == STIR_E_REFUSED, "%s", err.text);
    ck_assert_ptr_nonnull(strstr(err.text, "does not match"));
    /* A bad ca.conf line is named. */
    f = fopen(path("b/ca.conf"), "a");
    fputs("default_days = many\n", f);
    fclose(f);
    ck_assert_int_eq(stir_ca_open(path("b"), &ca, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "ca.conf line 14: default_days must be a number"));
    ck_assert_int_eq(stir_ca_open(path("nothing"), &ca, &err), STIR_E_IO);
    ck_assert_ptr_null(ca);
    remove_tmp();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ca");
    TCase *tc = tcase_create("ca");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_three_level_delegation_validates);
    tcase_add_loop_test(tc, test_refusals, 0, sizeof(refusals) / sizeof(refusals[0]));
    tcase_add_test(tc, test_bad_csr_signature_and_issuer_key);
    tcase_add_test(tc, test_certificate_contents);
    tcase_add_test(tc, test_shaken_profile);
    tcase_add_test(tc, test_shaken_ca_signs_no_crl);
    tcase_add_test(tc, test_concurrent_issuance_and_reopen);
    tcase_add_test(tc, test_revoke_and_crl);
    tcase_add_test(tc, test_init_and_open_errors);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
