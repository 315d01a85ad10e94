/*
 * Linking a certificate bundle into a chain by AKID/SKID and names,
 * independent of file order (RFC 5280 §4.2.1.1, RFC 9060 §7).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "stirkit/chain.h"
#include "chain_int.h"
#include "error_int.h"

struct stir_chain {
    STACK_OF(X509) *certs;              /* file order */
    size_t order[STIR_CHAIN_MAX_DEPTH]; /* file indexes, leaf first */
    size_t len;
};

int skit_cert_self_issued(const X509 *x)
{
    return X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
}

int skit_cert_names_issuer(X509 *cand, X509 *child)
{
    const ASN1_OCTET_STRING *akid, *skid;

    if (X509_NAME_cmp(X509_get_subject_name(cand), X509_get_issuer_name(child)) != 0)
        return 0;
    akid = X509_get0_authority_key_id(child);
    if (akid == NULL)
        return 1;
    skid = X509_get0_subject_key_id(cand);
    return skid != NULL && ASN1_OCTET_STRING_cmp(akid, skid) == 0;
}

char *skit_cert_label(const X509 *x, char *buf, size_t n)
{
    return stir_name_format(X509_get_subject_name(x), buf, n);
}

/* File index of certs[i]'s issuer in the bundle, or -1. dup[j] marks a
 * repeat of an earlier certificate, which is skipped. Names and key
 * identifiers decide; only when several candidates remain does a signature
 * check pick the one whose key signed (path validation checks it anyway). */
static int find_issuer(STACK_OF(X509) *certs, const int *dup, int i)
{
    X509 *child = sk_X509_value(certs, i);
    int first = -1, n = 0;

    if (skit_cert_self_issued(child))
        return -1;
    for (int j = 0; j < sk_X509_num(certs); j++) {
        if (j == i || dup[j] || !skit_cert_names_issuer(sk_X509_value(certs, j), child))
            continue;
        if (n++ == 0)
            first = j;
    }
    if (n <= 1)
        return first;
    for (int j = 0; j < sk_X509_num(certs); j++) {
        X509 *cand = sk_X509_value(certs, j);
        EVP_PKEY *key;

        if (j == i || dup[j] || !skit_cert_names_issuer(cand, child))
            continue;
        key = X509_get0_pubkey(cand);
        if (key != NULL && X509_verify(child, key) == 1)
            return j; /* the key proves it */
    }
    ERR_clear_error();
    return first;
}

stir_status stir_chain_from_pem(const char *pem, size_t len, stir_chain **out,
                                stir_error_t *err)
{
    stir_chain *chain;
    STACK_OF(X509) *certs = NULL;
    int n, leaf = -1, ca_top = -1, *issuer = NULL, *has_child = NULL, *dup = NULL;
    stir_status st;
    char a[SKIT_LABEL_SIZE], b[SKIT_LABEL_SIZE];

    if (out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL output");
    st = stir_pem_read_certs(pem, len, &certs, err);
    if (st != STIR_OK)
        return st;
    n = sk_X509_num(certs);
    chain = calloc(1, sizeof(*chain));
    issuer = calloc((size_t)n, sizeof(int));
    has_child = calloc((size_t)n, sizeof(int));
    dup = calloc((size_t)n, sizeof(int));
    if (chain == NULL || issuer == NULL || has_child == NULL || dup == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory linking a chain");
        goto done;
    }
    chain->certs = certs;
    certs = NULL;
    /* A certificate listed twice counts once (the first). */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i && !dup[i]; j++)
            dup[i] = X509_cmp(sk_X509_value(chain->certs, j), sk_X509_value(chain->certs, i)) == 0;
    for (int i = 0; i < n; i++) {
        issuer[i] = dup[i] ? -1 : find_issuer(chain->certs, dup, i);
        if (issuer[i] >= 0)
            has_child[issuer[i]] = 1;
    }
    /* The leaf: certified by no other; an end-entity one when there is one. */
    for (int i = 0; i < n; i++) {
        if (has_child[i] || dup[i])
            continue;
        if (X509_check_ca(sk_X509_value(chain->certs, i)) != 0) {
            if (ca_top < 0)
                ca_top = i;
        } else if (leaf >= 0) {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "bundle holds two end-entity certificates, '%s' and '%s'; "
                           "a chain has one leaf",
                           skit_cert_label(sk_X509_value(chain->certs, leaf), a, sizeof(a)),
                           skit_cert_label(sk_X509_value(chain->certs, i), b, sizeof(b)));
            goto done;
        } else {
            leaf = i;
        }
    }
    if (leaf < 0)
        leaf = ca_top;
    if (leaf < 0) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "every certificate in the bundle certifies another: they form a cycle");
        goto done;
    }
    for (int i = leaf; i >= 0; i = issuer[i]) {
        for (size_t k = 0; k < chain->len; k++) {
            if (chain->order[k] == (size_t)i) {
                st = skit_fail(err, STIR_E_MALFORMED,
                               "certificates in the bundle certify each other in a cycle at '%s'",
                               skit_cert_label(sk_X509_value(chain->certs, i), a, sizeof(a)));
                goto done;
            }
        }
        if (chain->len == STIR_CHAIN_MAX_DEPTH) {
            st = skit_fail(err, STIR_E_MALFORMED, "chain is deeper than %d certificates",
                           STIR_CHAIN_MAX_DEPTH);
            goto done;
        }
        chain->order[chain->len++] = (size_t)i;
    }
done:
    free(issuer);
    free(has_child);
    free(dup);
    sk_X509_pop_free(certs, X509_free);
    if (st != STIR_OK) {
        stir_chain_free(chain);
        return st;
    }
    *out = chain;
    return STIR_OK;
}

void stir_chain_free(stir_chain *chain)
{
    if (chain == NULL)
        return;
    sk_X509_pop_free(chain->certs, X509_free);
    free(chain);
}

size_t stir_chain_length(const stir_chain *chain)
{
    return chain != NULL ? chain->len : 0;
}

X509 *stir_chain_get0_cert(const stir_chain *chain, size_t depth)
{
    if (chain == NULL || depth >= chain->len)
        return NULL;
    return sk_X509_value(chain->certs, (int)chain->order[depth]);
}

size_t stir_chain_file_index(const stir_chain *chain, size_t depth)
{
    return chain != NULL && depth < chain->len ? chain->order[depth] : 0;
}

size_t stir_chain_bundle_count(const stir_chain *chain)
{
    return chain != NULL ? (size_t)sk_X509_num(chain->certs) : 0;
}

int stir_chain_leaf_first(const stir_chain *chain)
{
    return chain != NULL && chain->len > 0 && chain->order[0] == 0;
}
