/* revokeCert (RFC 8555 §7.6): by the issuing account or by the certificate's key. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "stirkit/stirkit.h"
#include "error_int.h"
#include "server_int.h"

/* 1 when the first certificate of pem is cert. */
static int same_leaf(const char *pem, X509 *cert)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *leaf = bio != NULL ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    int same = leaf != NULL && X509_cmp(leaf, cert) == 0;

    X509_free(leaf);
    BIO_free(bio);
    return same;
}

void skit_acme_revoke(skit_acme_ctx *c)
{
    const char *b64 = json_string_value(json_object_get(c->jws.payload, "certificate"));
    json_t *jr = json_object_get(c->jws.payload, "reason");
    unsigned char *der = NULL;
    const unsigned char *p;
    size_t len;
    X509 *cert = NULL;
    BIGNUM *bn = NULL;
    char *serial = NULL, *pem = NULL, owner[SKIT_ID_LEN];
    int reason = 0;
    stir_error_t err;
    stir_status st;

    if (b64 == NULL || stir_base64url_decode_strict(b64, strlen(b64), &der, &len, &err) != STIR_OK ||
        (p = der, cert = d2i_X509(NULL, &p, (long)len)) == NULL) {
        skit_acme_problem(c, 400, "malformed", "revokeCert needs {\"certificate\": base64url(DER)}");
        goto done;
    }
    if (jr != NULL) {
        json_int_t v = json_is_integer(jr) ? json_integer_value(jr) : -1;

        reason = v >= 0 && v <= 10 ? (int)v : -1;
        if (stir_crl_reason_name(reason) == NULL || reason == 8) {
            skit_acme_problem(c, 400, "badRevocationReason",
                              "reason must be an RFC 5280 CRLReason code (0-10, not 7, and not "
                              "removeFromCRL, which only delta CRLs use)");
            goto done;
        }
    }
    bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    serial = bn != NULL ? BN_bn2hex(bn) : NULL;
    /* The certificate itself, not only its serial, must be one issued here:
     * a look-alike with the same serial and the caller's key proves nothing. */
    if (serial == NULL || skit_cert_by_serial(c->s->db, serial, &pem, owner, NULL) != STIR_OK ||
        !same_leaf(pem, cert)) {
        skit_acme_problem(c, 404, "malformed", "this server did not issue that certificate");
        goto done;
    }
    /* Authorized: the account that ordered it, or the holder of its key. */
    if (c->jws.kid != NULL ? strcmp(owner, c->acct.id) != 0
                           : EVP_PKEY_eq(X509_get0_pubkey(cert), c->key) != 1) {
        skit_acme_problem(c, 403, "unauthorized",
                          "only the ordering account or the certificate's key may revoke it");
        goto done;
    }
    st = stir_ca_revoke(c->s->ca, serial, reason, c->now, &err);
    if (st == STIR_E_ALREADY)
        skit_acme_problem(c, 400, "alreadyRevoked", "%s", err.text);
    else if (st != STIR_OK)
        skit_acme_problem(c, 500, "serverInternal", "%s", err.text);
    else {
        c->res->status = 200;
        c->res->content_type = NULL;
    }
done:
    free(pem);
    OPENSSL_free(serial);
    BN_free(bn);
    X509_free(cert);
    free(der);
}
