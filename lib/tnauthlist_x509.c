/* Reading the TNAuthList extension from certificates and CSRs (RFC 8226 §9). */
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "error_int.h"

/* Parses the single TNAuthList extension of exts (borrowed). */
static stir_status from_extensions(const STACK_OF(X509_EXTENSION) *exts,
                                   const char *holder, stir_tnauthlist **out,
                                   stir_error_t *err)
{
    int nid = stir_nid_tnauthlist();
    int idx;
    const ASN1_OCTET_STRING *data;
    stir_status st;

    if (nid == NID_undef)
        return stir_global_init(err);
    idx = X509v3_get_ext_by_NID(exts, nid, -1);
    if (idx < 0)
        return skit_fail(err, STIR_E_NO_TNAUTHLIST,
                         "%s has no TNAuthList extension (1.3.6.1.5.5.7.1.26)", holder);
    if (X509v3_get_ext_by_NID(exts, nid, idx) >= 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "%s carries the TNAuthList extension more than once (RFC 5280 §4.2)",
                         holder);
    data = X509_EXTENSION_get_data(X509v3_get_ext(exts, idx));
    st = stir_tnauthlist_parse(ASN1_STRING_get0_data(data), (size_t)ASN1_STRING_length(data),
                               out, err);
    if (st != STIR_OK)
        skit_error_prefix(err, st, "TNAuthList: ");
    return st;
}

stir_status stir_tnauthlist_from_cert(const X509 *cert, stir_tnauthlist **out,
                                      stir_error_t *err)
{
    if (cert == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL certificate or output");
    return from_extensions(X509_get0_extensions(cert), "certificate", out, err);
}

stir_status stir_tnauthlist_from_csr(const X509_REQ *csr, stir_tnauthlist **out,
                                     stir_error_t *err)
{
    STACK_OF(X509_EXTENSION) *exts;
    stir_status st;

    if (csr == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CSR or output");
    /* OpenSSL 3.0 declares the argument non-const but does not modify it. */
    exts = X509_REQ_get_extensions((X509_REQ *)csr);
    st = from_extensions(exts, "CSR", out, err);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    return st;
}
