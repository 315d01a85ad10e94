/*
 * Checking a STIR chain: strict TNAuthLists, issuer presence, RFC 5280 path
 * validation with OpenSSL, then the RFC 9060 §4 encompassing walk from the
 * leaf up and the TN scope of the leaf.
 */
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "chain_int.h"
#include "error_int.h"
#include "trust_int.h"

/* Sets err->depth and prefixes the text with the certificate's name. */
static stir_status at_cert(stir_error_t *err, stir_status st, X509 *x, int depth)
{
    char label[SKIT_LABEL_SIZE];

    skit_error_prefix(err, st, "certificate '%s' (depth %d): ",
                      skit_cert_label(x, label, sizeof(label)), depth);
    if (err != NULL)
        err->depth = depth;
    return st;
}

/* Step 1: every TNAuthList in the bundle's chain decodes strictly. */
static stir_status check_tnauthlists(const stir_chain *chain, stir_error_t *err)
{
    for (size_t d = 0; d < stir_chain_length(chain); d++) {
        X509 *x = stir_chain_get0_cert(chain, d);
        stir_tnauthlist *tnal = NULL;
        stir_status st = stir_tnauthlist_from_cert(x, &tnal, err);

        stir_tnauthlist_free(tnal);
        if (st != STIR_OK && st != STIR_E_NO_TNAUTHLIST)
            return at_cert(err, st, x, (int)d);
    }
    return STIR_OK;
}

static int is_anchor(const stir_trust *trust, X509 *x)
{
    for (int i = 0; i < sk_X509_num(trust->anchors); i++)
        if (X509_cmp(sk_X509_value(trust->anchors, i), x) == 0)
            return 1;
    return 0;
}

/* Step 2: the top of the chain is self-issued, an anchor, or has one above. */
static stir_status check_issuer_present(const stir_chain *chain,
                                        const stir_trust *trust, stir_error_t *err)
{
    size_t len = stir_chain_length(chain);
    X509 *top = stir_chain_get0_cert(chain, len - 1);
    const ASN1_OCTET_STRING *akid;
    char issuer[SKIT_LABEL_SIZE], keyid[2 * 64 + 1] = "";

    for (size_t d = 0; d < len; d++)
        if (is_anchor(trust, stir_chain_get0_cert(chain, d)))
            return STIR_OK;
    if (skit_cert_self_issued(top))
        return STIR_OK;
    for (int i = 0; i < sk_X509_num(trust->anchors); i++)
        if (skit_cert_names_issuer(sk_X509_value(trust->anchors, i), top))
            return STIR_OK;
    akid = X509_get0_authority_key_id(top);
    if (akid != NULL)
        stir_hex_format(ASN1_STRING_get0_data(akid), (size_t)ASN1_STRING_length(akid),
                        keyid, sizeof(keyid));
    skit_fail(err, STIR_E_ISSUER_NOT_FOUND,
              "its issuer '%s'%s%s is neither in the bundle nor among the %d trust anchor(s)",
              stir_name_format(X509_get_issuer_name(top), issuer, sizeof(issuer)),
              akid != NULL ? " with key id " : "", keyid, sk_X509_num(trust->anchors));
    return at_cert(err, STIR_E_ISSUER_NOT_FOUND, top, (int)len - 1);
}

static int is_stir_understood(int nid)
{
    return nid != NID_undef && nid == stir_nid_tnauthlist();
}

/* Accepts a critical TNAuthList, which OpenSSL does not know but we check. */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    X509 *x;

    if (ok || X509_STORE_CTX_get_error(ctx) != X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION)
        return ok;
    x = X509_STORE_CTX_get_current_cert(ctx);
    for (int i = 0; i < X509_get_ext_count(x); i++) {
        X509_EXTENSION *ext = X509_get_ext(x, i);

        if (X509_EXTENSION_get_critical(ext) && !X509_supported_extension(ext) &&
            !is_stir_understood(OBJ_obj2nid(X509_EXTENSION_get_object(ext))))
            return 0;
    }
    X509_STORE_CTX_set_error(ctx, X509_V_OK);
    return 1;
}

/* Step 3: OpenSSL path validation. *validated: the path, leaf to anchor. */
static stir_status validate_path(const stir_chain *chain, const stir_trust *trust,
                                 int64_t at, STACK_OF(X509) **validated,
                                 stir_error_t *err)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509_VERIFY_PARAM *param;
    stir_status st = STIR_OK;

    if (ctx == NULL || untrusted == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory validating a path");
        goto done;
    }
    for (size_t d = 1; d < stir_chain_length(chain); d++)
        if (!sk_X509_push(untrusted, stir_chain_get0_cert(chain, d))) {
            st = skit_fail(err, STIR_E_NOMEM, "out of memory validating a path");
            goto done;
        }
    if (!X509_STORE_CTX_init(ctx, trust->store, stir_chain_get0_cert(chain, 0), untrusted)) {
        st = skit_fail_openssl(err, "starting path validation");
        goto done;
    }
    param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_time(param, (time_t)at);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
    if (X509_verify_cert(ctx) != 1) {
        int e = X509_STORE_CTX_get_error(ctx);
        int depth = X509_STORE_CTX_get_error_depth(ctx);
        X509 *x = X509_STORE_CTX_get_current_cert(ctx);

        skit_fail(err, STIR_E_PATH_INVALID, "path validation failed: %s",
                  X509_verify_cert_error_string(e));
        st = x != NULL ? at_cert(err, STIR_E_PATH_INVALID, x, depth) : STIR_E_PATH_INVALID;
        ERR_clear_error();
        goto done;
    }
    *validated = X509_STORE_CTX_get1_chain(ctx);
    if (*validated == NULL)
        st = skit_fail_openssl(err, "reading the validated path");
done:
    sk_X509_free(untrusted);
    X509_STORE_CTX_free(ctx);
    return st;
}

/* Steps 4-6 on the validated path (leaf first, anchor last). */
static stir_status walk_encompassing(STACK_OF(X509) *path, const stir_check_opts *opts,
                                     stir_error_t *err)
{
    int n = sk_X509_num(path);
    stir_tnauthlist **tnal = calloc((size_t)n, sizeof(*tnal));
    stir_status st = STIR_OK;
    char label[SKIT_LABEL_SIZE];

    if (tnal == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory walking a chain");
    for (int d = 0; d < n && st == STIR_OK; d++) {
        st = stir_tnauthlist_from_cert(sk_X509_value(path, d), &tnal[d], err);
        if (st == STIR_E_NO_TNAUTHLIST && d > 0)
            st = STIR_OK; /* transparent: places no limit */
        if (st != STIR_OK)
            at_cert(err, st, sk_X509_value(path, d), d);
    }
    for (int d = 0; d < n && st == STIR_OK; d++) {
        int p = d + 1;

        if (tnal[d] == NULL)
            continue;
        while (p < n && tnal[p] == NULL)
            p++;
        if (p == n)
            break; /* the delegation root: nothing above limits it */
        st = stir_tnauthlist_encompasses(tnal[p], tnal[d], opts->spc_policy, err);
        if (st != STIR_OK) {
            char child[SKIT_LABEL_SIZE];

            skit_error_prefix(err, st, "certificate '%s' (depth %d) is not encompassed by '%s' "
                              "(depth %d): ",
                              skit_cert_label(sk_X509_value(path, d), child, sizeof(child)), d,
                              skit_cert_label(sk_X509_value(path, p), label, sizeof(label)), p);
            if (err != NULL)
                err->depth = d;
        }
    }
    if (st == STIR_OK && opts->tn != NULL) {
        st = stir_tnauthlist_authorizes_tn(tnal[0], opts->tn, opts->spc_policy, err);
        if (st != STIR_OK)
            at_cert(err, st, sk_X509_value(path, 0), 0);
    }
    for (int d = 0; d < n; d++)
        stir_tnauthlist_free(tnal[d]);
    free(tnal);
    return st;
}

stir_status stir_chain_check(const stir_chain *chain, const stir_trust *trust,
                             const stir_check_opts *opts, X509 **anchor,
                             stir_error_t *err)
{
    STACK_OF(X509) *path = NULL;
    stir_status st;
    X509 *top;

    if (anchor != NULL)
        *anchor = NULL;
    if (chain == NULL || trust == NULL || opts == NULL || stir_chain_length(chain) == 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL or empty chain, trust or options");
    st = stir_global_init(err);
    if (st == STIR_OK)
        st = check_tnauthlists(chain, err);
    if (st == STIR_OK)
        st = check_issuer_present(chain, trust, err);
    if (st == STIR_OK)
        st = validate_path(chain, trust, opts->at, &path, err);
    if (st == STIR_OK)
        st = walk_encompassing(path, opts, err);
    if (st == STIR_OK && anchor != NULL) {
        top = sk_X509_value(path, sk_X509_num(path) - 1);
        int in_bundle = 0;

        for (size_t d = 0; d < stir_chain_length(chain); d++)
            in_bundle |= X509_cmp(stir_chain_get0_cert(chain, d), top) == 0;
        if (!in_bundle && X509_up_ref(top))
            *anchor = top;
    }
    sk_X509_pop_free(path, X509_free);
    return st;
}
