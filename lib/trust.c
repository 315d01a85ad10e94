/* Trust anchors for path validation. */
#include <stdlib.h>

#include <openssl/x509_vfy.h>

#include "stirkit/chain.h"
#include "error_int.h"
#include "chain_int.h"
#include "trust_int.h"

stir_trust *stir_trust_new(void)
{
    stir_trust *t = calloc(1, sizeof(*t));

    if (t == NULL)
        return NULL;
    t->anchors = sk_X509_new_null();
    t->store = X509_STORE_new();
    if (t->anchors == NULL || t->store == NULL) {
        stir_trust_free(t);
        return NULL;
    }
    return t;
}

void stir_trust_free(stir_trust *trust)
{
    if (trust == NULL)
        return;
    sk_X509_pop_free(trust->anchors, X509_free);
    X509_STORE_free(trust->store);
    free(trust);
}

stir_status stir_trust_add_cert(stir_trust *trust, X509 *cert, stir_error_t *err)
{
    if (trust == NULL || cert == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL trust set or certificate");
    if (!X509_STORE_add_cert(trust->store, cert))
        return skit_fail_openssl(err, "adding a trust anchor");
    if (!X509_up_ref(cert))
        return skit_fail_openssl(err, "adding a trust anchor");
    if (!sk_X509_push(trust->anchors, cert)) {
        X509_free(cert);
        return skit_fail(err, STIR_E_NOMEM, "out of memory adding a trust anchor");
    }
    return STIR_OK;
}

stir_status stir_trust_add_pem(stir_trust *trust, const char *pem, size_t len,
                               stir_error_t *err)
{
    STACK_OF(X509) *certs = NULL;
    stir_status st;

    if (trust == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL trust set");
    st = skit_pem_read_certs_max(pem, len, SKIT_TRUST_MAX_CERTS, &certs, err);
    for (int i = 0; st == STIR_OK && i < sk_X509_num(certs); i++)
        st = stir_trust_add_cert(trust, sk_X509_value(certs, i), err);
    sk_X509_pop_free(certs, X509_free);
    return st;
}

size_t stir_trust_count(const stir_trust *trust)
{
    return trust != NULL ? (size_t)sk_X509_num(trust->anchors) : 0;
}
