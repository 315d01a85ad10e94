/* Opening a CA directory; revocation, CRLs and listing (RFC 5280 §5). */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "ca_int.h"
#include "error_int.h"

/* The nearest TNAuthList up the issuer chain: the issuer's scope. */
static stir_status find_scope(stir_ca *ca, stir_error_t *err)
{
    for (int i = 0; i < sk_X509_num(ca->chain); i++) {
        X509 *c = sk_X509_value(ca->chain, i);
        stir_status st = stir_tnauthlist_from_cert(c, &ca->scope, err);

        if (st == STIR_E_NO_TNAUTHLIST)
            continue;
        if (st != STIR_OK)
            return skit_error_prefix(err, st, "issuer chain certificate %d: ", i + 1);
        ca->scope_holder = stir_name_format(X509_get_subject_name(c), ca->scope_holder_buf,
                                            sizeof(ca->scope_holder_buf));
        return STIR_OK;
    }
    return STIR_OK; /* no TNAuthList anywhere: a root places no limit */
}

static stir_status load(stir_ca *ca, stir_error_t *err)
{
    char *path = skit_ca_path(ca->dir, "ca.conf"), *text = NULL, *p;
    size_t len;
    stir_status st;

    skit_ca_config_defaults(&ca->cfg);
    st = path != NULL ? skit_read_file(path, &text, &len, err)
                      : skit_fail(err, STIR_E_NOMEM, "out of memory");
    free(path);
    if (st == STIR_OK)
        st = skit_ca_config_parse(text, &ca->cfg, err);
    free(text);
    if (st != STIR_OK)
        return st;
    if (ca->cfg.openssl_conf != NULL) {
        p = skit_ca_path(ca->dir, ca->cfg.openssl_conf);
        ca->libctx = OSSL_LIB_CTX_new();
        if (p == NULL || ca->libctx == NULL || !OSSL_LIB_CTX_load_config(ca->libctx, p))
            st = skit_fail(err, STIR_E_IO, "cannot load openssl_conf %.300s",
                           p != NULL ? p : "");
        free(p);
        ERR_clear_error();
        if (st != STIR_OK)
            return st;
    }
    p = skit_ca_path(ca->dir, ca->cfg.issuer_cert != NULL ? ca->cfg.issuer_cert : "issuer.pem");
    st = p != NULL ? skit_read_file(p, &text, &len, err) : skit_fail(err, STIR_E_NOMEM, "oom");
    free(p);
    if (st == STIR_OK) {
        st = stir_pem_read_certs(text, len, &ca->chain, err);
        free(text);
        if (st != STIR_OK)
            return skit_error_prefix(err, st, "issuer_cert: ");
    }
    if (st == STIR_OK && X509_check_ca(sk_X509_value(ca->chain, 0)) == 0)
        st = skit_fail(err, STIR_E_REFUSED, "the issuer certificate is not a CA certificate");
    if (st != STIR_OK)
        return st;
    p = skit_ca_path(ca->dir, ca->cfg.key_uri != NULL ? ca->cfg.key_uri : "ca.key");
    st = p != NULL ? skit_ca_load_key(ca->libctx, p, &ca->key, err)
                   : skit_fail(err, STIR_E_NOMEM, "oom");
    free(p);
    if (st == STIR_OK)
        st = skit_ca_key_matches(ca->key, sk_X509_value(ca->chain, 0), err);
    if (st == STIR_OK)
        st = find_scope(ca, err);
    if (st != STIR_OK)
        return st;
    p = skit_ca_path(ca->dir, ca->cfg.database != NULL ? ca->cfg.database : "ca.db");
    st = p != NULL ? skit_store_open(p, &ca->db, err) : skit_fail(err, STIR_E_NOMEM, "oom");
    free(p);
    return st;
}

stir_status stir_ca_open(const char *dir, stir_ca **out, stir_error_t *err)
{
    stir_ca *ca;
    stir_status st;

    if (dir == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA directory or output");
    st = stir_global_init(err);
    if (st != STIR_OK)
        return st;
    ca = calloc(1, sizeof(*ca));
    if (ca == NULL || (ca->dir = strdup(dir)) == NULL) {
        free(ca);
        return skit_fail(err, STIR_E_NOMEM, "out of memory opening a CA");
    }
    pthread_mutex_init(&ca->lock, NULL);
    st = load(ca, err);
    if (st != STIR_OK) {
        stir_ca_close(ca);
        return skit_error_prefix(err, st, "CA %.200s: ", dir);
    }
    *out = ca;
    return STIR_OK;
}

void stir_ca_close(stir_ca *ca)
{
    if (ca == NULL)
        return;
    skit_store_close(ca->db);
    EVP_PKEY_free(ca->key);
    stir_tnauthlist_free(ca->scope);
    sk_X509_pop_free(ca->chain, X509_free);
    OSSL_LIB_CTX_free(ca->libctx);
    skit_ca_config_clear(&ca->cfg);
    pthread_mutex_destroy(&ca->lock);
    free(ca->dir);
    free(ca);
}

X509 *stir_ca_get0_cert(const stir_ca *ca)
{
    return ca != NULL ? sk_X509_value(ca->chain, 0) : NULL;
}

/* The serial in the database's form (upper-case hex of the integer). */
static char *normalise_serial(const char *hex)
{
    BIGNUM *bn = NULL;
    char *out = NULL;
    size_t n = strlen(hex);

    if (n == 0 || n > 64 || strspn(hex, "0123456789abcdefABCDEF") != n)
        return NULL;
    if (BN_hex2bn(&bn, hex) == (int)n && !BN_is_zero(bn))
        out = BN_bn2hex(bn);
    BN_free(bn);
    return out;
}

stir_status stir_ca_revoke(stir_ca *ca, const char *serial, int reason, int64_t now,
                           stir_error_t *err)
{
    char *norm;
    stir_status st;

    if (ca == NULL || serial == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA or serial");
    if (stir_crl_reason_name(reason) == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "revocation reason %d is not an RFC 5280 CRLReason (0..10, not 7)", reason);
    if (reason == 8)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "removeFromCRL only appears in delta CRLs (RFC 5280 §5.3.1); this CA "
                         "publishes full CRLs");
    norm = normalise_serial(serial);
    if (norm == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "serial '%.70s' is not a non-zero hex number",
                         serial);
    pthread_mutex_lock(&ca->lock);
    st = skit_store_revoke(ca->db, norm, reason, now, err);
    pthread_mutex_unlock(&ca->lock);
    OPENSSL_free(norm);
    return st;
}

typedef struct {
    X509_CRL *crl;
} crl_build;

/* Adds one revoked certificate; returns non-zero on failure. */
static int add_revoked(const char *serial, int64_t revoked_at, int reason, void *arg)
{
    crl_build *b = arg;
    X509_REVOKED *r = X509_REVOKED_new();
    BIGNUM *bn = NULL;
    ASN1_INTEGER *sn = NULL;
    ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)revoked_at);
    ASN1_ENUMERATED *e = NULL;
    int ok = r != NULL && t != NULL && BN_hex2bn(&bn, serial) > 0 &&
             (sn = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
             X509_REVOKED_set_serialNumber(r, sn) && X509_REVOKED_set_revocationDate(r, t);

    /* RFC 5280 §5.3.1: absent rather than unspecified. */
    if (ok && reason != 0)
        ok = (e = ASN1_ENUMERATED_new()) != NULL && ASN1_ENUMERATED_set(e, reason) &&
             X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0);
    if (ok)
        ok = X509_CRL_add0_revoked(b->crl, r);
    if (!ok)
        X509_REVOKED_free(r);
    ASN1_ENUMERATED_free(e);
    ASN1_INTEGER_free(sn);
    ASN1_TIME_free(t);
    BN_free(bn);
    return !ok;
}

stir_status stir_ca_crl(stir_ca *ca, int64_t now, X509_CRL **out, stir_error_t *err)
{
    X509 *issuer;
    crl_build b;
    ASN1_TIME *this_update = NULL, *next_update = NULL;
    ASN1_INTEGER *number = NULL;
    X509_EXTENSION *akid = NULL;
    X509V3_CTX ctx;
    int64_t crl_number = 0;
    stir_status st;
    int ok;

    if (ca == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA or output");
    issuer = sk_X509_value(ca->chain, 0);
    if (!(X509_get_key_usage(issuer) & KU_CRL_SIGN))
        return skit_fail(err, STIR_E_REFUSED,
                         "the issuer certificate's keyUsage lacks cRLSign, so it cannot sign "
                         "CRLs (in SHAKEN the STI-PA publishes them)");
    b.crl = X509_CRL_new();
    if (b.crl == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory building a CRL");
    pthread_mutex_lock(&ca->lock);
    st = skit_store_crl(ca->db, &crl_number, add_revoked, &b, err);
    pthread_mutex_unlock(&ca->lock);
    if (st != STIR_OK) {
        X509_CRL_free(b.crl);
        return st;
    }
    this_update = ASN1_TIME_set(NULL, (time_t)now);
    next_update = ASN1_TIME_set(NULL, (time_t)(now + (int64_t)ca->cfg.crl_days * 86400));
    number = ASN1_INTEGER_new();
    X509V3_set_ctx(&ctx, issuer, NULL, NULL, b.crl, 0);
    ok = this_update != NULL && next_update != NULL && number != NULL &&
         X509_CRL_set_version(b.crl, X509_CRL_VERSION_2) &&
         X509_CRL_set_issuer_name(b.crl, X509_get_subject_name(issuer)) &&
         X509_CRL_set1_lastUpdate(b.crl, this_update) &&
         X509_CRL_set1_nextUpdate(b.crl, next_update) &&
         ASN1_INTEGER_set_int64(number, crl_number) &&
         X509_CRL_add1_ext_i2d(b.crl, NID_crl_number, number, 0, 0) &&
         (akid = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier,
                                     "keyid:always")) != NULL &&
         X509_CRL_add_ext(b.crl, akid, -1) && X509_CRL_sort(b.crl) &&
         X509_CRL_sign(b.crl, ca->key, EVP_sha256()) > 0;
    X509_EXTENSION_free(akid);
    ASN1_INTEGER_free(number);
    ASN1_TIME_free(this_update);
    ASN1_TIME_free(next_update);
    if (!ok) {
        X509_CRL_free(b.crl);
        return skit_fail_openssl(err, "signing the CRL");
    }
    *out = b.crl;
    return STIR_OK;
}

stir_status stir_ca_list(stir_ca *ca, int (*fn)(const stir_ca_record *r, void *arg), void *arg,
                         stir_error_t *err)
{
    stir_status st;

    if (ca == NULL || fn == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA or callback");
    pthread_mutex_lock(&ca->lock);
    st = skit_store_list(ca->db, fn, arg, err);
    pthread_mutex_unlock(&ca->lock);
    return st;
}
