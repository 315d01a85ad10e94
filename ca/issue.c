/*
 * Issuing a delegate certificate only inside the issuer's scope
 * (RFC 9060 §5; ATIS-1000080 §6.4.1 for the shaken profile).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "ca_int.h"
#include "error_int.h"

#define MAX_SERIAL_TRIES 4

static const char *utc(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 32, "%lld", (long long)t);
    return buf;
}

/* The CSR's key must be EC P-256 (ES256, RFC 8225 §4.2) and not the issuer's. */
static stir_status check_key(EVP_PKEY *key, X509 *issuer, stir_error_t *err)
{
    char group[64] = "";

    if (!EVP_PKEY_is_a(key, "EC") ||
        !EVP_PKEY_get_group_name(key, group, sizeof(group), NULL) ||
        strcmp(group, SN_X9_62_prime256v1) != 0) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_REFUSED,
                         "the CSR's key is %s %d-bit%s%s; STIR certificates need EC P-256 (ES256)",
                         EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "unknown",
                         EVP_PKEY_get_bits(key), group[0] ? " on " : "", group);
    }
    if (EVP_PKEY_eq(key, X509_get0_pubkey(issuer)) == 1)
        return skit_fail(err, STIR_E_REFUSED, "the CSR's key is the issuer's own key");
    ERR_clear_error();
    return STIR_OK;
}

int stir_csr_requests_ca(const X509_REQ *csr)
{
    /* OpenSSL 3.0 declares the argument non-const but does not modify it. */
    STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions((X509_REQ *)csr);
    BASIC_CONSTRAINTS *bc = exts != NULL ? X509V3_get_d2i(exts, NID_basic_constraints, NULL, NULL)
                                         : NULL;
    int ca = bc != NULL && bc->ca;

    BASIC_CONSTRAINTS_free(bc);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    ERR_clear_error();
    return ca;
}

stir_status stir_ca_check_scope(const stir_ca *ca, const stir_tnauthlist *tnal,
                                stir_error_t *err)
{
    if (ca == NULL || tnal == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA or TNAuthList");
    if (ca->scope == NULL)
        return STIR_OK;
    if (stir_tnauthlist_encompasses(ca->scope, tnal, ca->cfg.spc_policy, err) != STIR_OK)
        return skit_error_prefix(err, STIR_E_REFUSED,
                                 "the requested TNAuthList is not encompassed by the "
                                 "issuer's ('%s', RFC 9060 §4): ", ca->scope_holder);
    return STIR_OK;
}

/*
 * The requested TNAuthList: the option's, the CSR's, or both when they
 * hold the same set of entries. *owned is set when the result must be freed.
 */
static stir_status requested_scope(const stir_ca_request *req, const stir_tnauthlist **out,
                                   stir_tnauthlist **owned, stir_error_t *err)
{
    stir_tnauthlist *csr_tnal = NULL;
    stir_status st = stir_tnauthlist_from_csr(req->csr, &csr_tnal, err);

    *owned = NULL;
    if (st == STIR_E_MALFORMED)
        return skit_error_prefix(err, STIR_E_MALFORMED, "CSR: ");
    if (st != STIR_OK && st != STIR_E_NO_TNAUTHLIST)
        return st;
    if (req->tnauthlist == NULL && csr_tnal == NULL)
        return skit_fail(err, STIR_E_REFUSED,
                         "no TNAuthList requested: give one, or put the extension in the CSR");
    if (req->tnauthlist != NULL && csr_tnal != NULL) {
        /* Equal as sets: each encompasses the other, SPCs matched exactly. */
        if (stir_tnauthlist_encompasses(req->tnauthlist, csr_tnal, STIR_SPC_POLICY_REJECT, err) !=
                STIR_OK ||
            stir_tnauthlist_encompasses(csr_tnal, req->tnauthlist, STIR_SPC_POLICY_REJECT, err) !=
                STIR_OK) {
            stir_tnauthlist_free(csr_tnal);
            return skit_error_prefix(err, STIR_E_REFUSED,
                                     "the requested TNAuthList and the CSR's differ: ");
        }
    }
    if (req->tnauthlist != NULL) {
        stir_tnauthlist_free(csr_tnal);
        *out = req->tnauthlist;
    } else {
        *out = *owned = csr_tnal;
    }
    return STIR_OK;
}

/* ATIS-1000080: exactly one SPC of [0-9A-Z]; CN "SHAKEN <SPC>" on a leaf. */
static stir_status shaken_rules(const stir_tnauthlist *tnal, int is_ca, X509_NAME *subject,
                                stir_error_t *err)
{
    const stir_tnentry *e = stir_tnauthlist_get0_entry(tnal, 0);
    char want[STIR_SPC_MAX_LEN + 8], cn[256];
    int cnlen;

    if (stir_tnauthlist_count(tnal) != 1 || e->type != STIR_TNENTRY_SPC)
        return skit_fail(err, STIR_E_REFUSED,
                         "shaken profile: the TNAuthList must hold exactly one SPC and no TNs or "
                         "ranges (ATIS-1000080 §6.4.1)");
    if (strspn(e->value, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(e->value))
        return skit_fail(err, STIR_E_REFUSED,
                         "shaken profile: SPC '%s' must hold only digits and upper-case letters",
                         e->value);
    cnlen = X509_NAME_get_text_by_NID(subject, NID_commonName, cn, sizeof(cn));
    if (is_ca) {
        if (cnlen < 0 || strstr(cn, "SHAKEN") == NULL)
            return skit_fail(err, STIR_E_REFUSED,
                             "shaken profile: a CA's CN must contain 'SHAKEN' (ATIS-1000080)");
        return STIR_OK;
    }
    snprintf(want, sizeof(want), "SHAKEN %s", e->value);
    if (cnlen < 0) {
        if (!X509_NAME_add_entry_by_NID(subject, NID_commonName, MBSTRING_UTF8,
                                        (unsigned char *)want, -1, -1, 0))
            return skit_fail_openssl(err, "setting the CN");
        return STIR_OK;
    }
    if (strcmp(cn, want) != 0)
        return skit_fail(err, STIR_E_REFUSED,
                         "shaken profile: the CSR's CN '%s' must be '%s' (ATIS-1000080 §6.4.1)",
                         cn, want);
    return STIR_OK;
}

/* Validity [now, now + days]; inside the issuer's and not_after_max. */
static stir_status validity(const stir_ca *ca, const stir_ca_request *req, int64_t *nb,
                            int64_t *na, stir_error_t *err)
{
    X509 *issuer = sk_X509_value(ca->chain, 0);
    int64_t inb = skit_time_to_unix(X509_get0_notBefore(issuer));
    int64_t ina = skit_time_to_unix(X509_get0_notAfter(issuer));
    int days = req->days != 0 ? req->days : ca->cfg.default_days;
    char a[32], b[32];

    if (days < 1 || days > 36500)
        return skit_fail(err, STIR_E_INVALID_ARG, "validity of %d days is not 1..36500", days);
    if (req->now < inb || req->now > ina)
        return skit_fail(err, STIR_E_REFUSED, "the issuer certificate is not valid at %s",
                         utc(req->now, a));
    *nb = req->now;
    *na = req->now + (int64_t)days * 86400;
    if (*na > ina)
        return skit_fail(err, STIR_E_REFUSED,
                         "validity would end %s, after the issuer's notAfter %s; ask for at most "
                         "%lld days", utc(*na, a), utc(ina, b), (long long)((ina - req->now) / 86400));
    if (req->not_after_max > 0 && req->not_after_max <= req->now)
        return skit_fail(err, STIR_E_REFUSED, "the latest allowed notAfter %s has passed",
                         utc(req->not_after_max, a));
    if (req->not_after_max > 0 && *na > req->not_after_max)
        *na = req->not_after_max; /* e.g. the Authority Token's exp */
    return STIR_OK;
}

static stir_status add_extensions(const stir_ca *ca, X509 *x, const stir_ca_request *req,
                                  stir_ca_profile profile, const stir_tnauthlist *tnal,
                                  stir_error_t *err)
{
    X509 *issuer = sk_X509_value(ca->chain, 0);
    char bc[64];
    const char *ku = !req->ca ? "critical,digitalSignature"
                     : profile == STIR_PROFILE_SHAKEN ? "critical,keyCertSign"
                                                      : "critical,keyCertSign,cRLSign";
    stir_status st;

    if (req->ca && req->pathlen >= 0)
        snprintf(bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d", req->pathlen);
    else
        snprintf(bc, sizeof(bc), "critical,CA:%s", req->ca ? "TRUE" : "FALSE");
    st = skit_add_ext(x, issuer, NID_subject_key_identifier, "hash", err);
    if (st == STIR_OK)
        st = skit_add_ext(x, issuer, NID_authority_key_identifier, "keyid:always", err);
    if (st == STIR_OK)
        st = skit_add_ext(x, issuer, NID_basic_constraints, bc, err);
    if (st == STIR_OK)
        st = skit_add_ext(x, issuer, NID_key_usage, ku, err);
    if (st == STIR_OK && ca->cfg.policy_oid != NULL)
        st = skit_add_ext(x, issuer, NID_certificate_policies, ca->cfg.policy_oid, err);
    if (st == STIR_OK && ca->cfg.crl_url != NULL) {
        char uri[1024];

        snprintf(uri, sizeof(uri), "URI:%s", ca->cfg.crl_url);
        st = skit_add_ext(x, issuer, NID_crl_distribution_points, uri, err);
    }
    if (st == STIR_OK)
        st = skit_add_tnauthlist(x, tnal, err);
    return st;
}

/* Checks the request against the issuer and the policy; fills the subject. */
static stir_status check_request(stir_ca *ca, const stir_ca_request *req, stir_ca_profile profile,
                                 const stir_tnauthlist *tnal, X509_NAME *subject,
                                 stir_error_t *err)
{
    X509 *issuer = sk_X509_value(ca->chain, 0);
    long issuer_pathlen = X509_get_pathlen(issuer);
    stir_status st;

    if (!req->ca && stir_csr_requests_ca(req->csr))
        return skit_fail(err, STIR_E_REFUSED,
                         "the CSR asks for a CA certificate (basicConstraints cA=TRUE) but a CA "
                         "certificate was not requested (--ca)");
    if (!req->ca && req->pathlen >= 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "a pathlen applies to CA certificates only");
    if (req->ca && issuer_pathlen == 0)
        return skit_fail(err, STIR_E_REFUSED,
                         "the issuer's pathLenConstraint is 0: it may not issue CA certificates");
    if (req->ca && issuer_pathlen > 0 && req->pathlen >= issuer_pathlen)
        return skit_fail(err, STIR_E_REFUSED,
                         "pathlen %d is not below the issuer's pathLenConstraint %ld",
                         req->pathlen, issuer_pathlen);
    if (X509_NAME_entry_count(subject) == 0 && profile != STIR_PROFILE_SHAKEN)
        return skit_fail(err, STIR_E_REFUSED, "the CSR's subject is empty");
    st = stir_ca_check_scope(ca, tnal, err);
    if (st != STIR_OK)
        return st;
    if (profile == STIR_PROFILE_SHAKEN)
        return shaken_rules(tnal, req->ca, subject, err);
    return STIR_OK;
}

/* Builds and signs the certificate with a fresh serial. */
static stir_status build(stir_ca *ca, const stir_ca_request *req, stir_ca_profile profile,
                         const stir_tnauthlist *tnal, X509_NAME *subject, EVP_PKEY *key,
                         int64_t nb, int64_t na, X509 **out, stir_error_t *err)
{
    X509 *issuer = sk_X509_value(ca->chain, 0);
    X509 *x = X509_new();
    stir_status st = STIR_OK;

    if (x == NULL || !X509_set_version(x, X509_VERSION_3) ||
        !X509_set_issuer_name(x, X509_get_subject_name(issuer)) ||
        !X509_set_subject_name(x, subject) || !X509_set_pubkey(x, key) ||
        ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb) == NULL ||
        ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na) == NULL)
        st = skit_fail_openssl(err, "building the certificate");
    if (st == STIR_OK)
        st = skit_set_random_serial(x, err);
    if (st == STIR_OK)
        st = add_extensions(ca, x, req, profile, tnal, err);
    if (st == STIR_OK && X509_sign(x, ca->key, EVP_sha256()) <= 0)
        st = skit_fail_openssl(err, "signing the certificate");
    if (st != STIR_OK) {
        X509_free(x);
        return st;
    }
    *out = x;
    return STIR_OK;
}

/* The new certificate then the issuer chain, without a self-signed root. */
static stir_status chain_pem(const stir_ca *ca, X509 *leaf, char **out, stir_error_t *err)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = bio != NULL && PEM_write_bio_X509(bio, leaf);
    char *mem;
    long len;

    for (int i = 0; ok && i < sk_X509_num(ca->chain); i++) {
        X509 *c = sk_X509_value(ca->chain, i);

        if (X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(c)) != 0)
            ok = PEM_write_bio_X509(bio, c);
    }
    len = ok ? BIO_get_mem_data(bio, &mem) : -1;
    if (len < 0 || (*out = malloc((size_t)len + 1)) == NULL) {
        BIO_free(bio);
        return skit_fail(err, STIR_E_NOMEM, "out of memory writing the chain");
    }
    memcpy(*out, mem, (size_t)len);
    (*out)[len] = '\0';
    BIO_free(bio);
    return STIR_OK;
}

stir_status stir_ca_issue(stir_ca *ca, const stir_ca_request *req, char **pem_chain, X509 **cert,
                          stir_error_t *err)
{
    const stir_tnauthlist *tnal = NULL;
    stir_tnauthlist *owned = NULL;
    X509_NAME *subject = NULL;
    X509 *x = NULL;
    EVP_PKEY *key;
    stir_ca_profile profile;
    int64_t nb = 0, na = 0;
    char *tntext = NULL;
    stir_status st;

    if (ca == NULL || req == NULL || req->csr == NULL || req->profile > STIR_PROFILE_SHAKEN)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA or request, or an unknown profile");
    profile = req->profile < 0 ? ca->cfg.profile : (stir_ca_profile)req->profile;
    key = X509_REQ_get0_pubkey(req->csr);
    if (key == NULL) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_MALFORMED, "the CSR's public key does not decode");
    }
    if (X509_REQ_verify(req->csr, key) != 1) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_REFUSED,
                         "the CSR's signature does not verify with its own key (RFC 2986)");
    }
    st = check_key(key, sk_X509_value(ca->chain, 0), err);
    if (st == STIR_OK)
        st = requested_scope(req, &tnal, &owned, err);
    if (st == STIR_OK) {
        subject = X509_NAME_dup(X509_REQ_get_subject_name(req->csr));
        st = subject != NULL ? check_request(ca, req, profile, tnal, subject, err)
                             : skit_fail(err, STIR_E_NOMEM, "out of memory");
    }
    if (st == STIR_OK)
        st = validity(ca, req, &nb, &na, err);
    if (st == STIR_OK && (tntext = skit_tnauthlist_text(tnal)) == NULL)
        st = skit_fail(err, STIR_E_NOMEM, "out of memory");
    /* A serial collision is astronomically rare; draw again when it happens. */
    for (int tries = 1; st == STIR_OK; tries++) {
        X509_free(x);
        x = NULL;
        st = build(ca, req, profile, tnal, subject, key, nb, na, &x, err);
        if (st != STIR_OK)
            break;
        pthread_mutex_lock(&ca->lock);
        st = skit_store_add_cert(ca->db, x, stir_ca_profile_name(profile), tntext, req->now, err);
        pthread_mutex_unlock(&ca->lock);
        if (st == STIR_E_ALREADY && tries < MAX_SERIAL_TRIES)
            st = STIR_OK;
        else
            break;
    }
    if (st == STIR_OK && pem_chain != NULL)
        st = chain_pem(ca, x, pem_chain, err);
    if (st == STIR_OK && cert != NULL) {
        *cert = x;
        x = NULL;
    }
    X509_free(x);
    X509_NAME_free(subject);
    stir_tnauthlist_free(owned);
    free(tntext);
    return st;
}
