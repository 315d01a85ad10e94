/* Adding extensions to a certificate being issued. */
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "ca_int.h"
#include "error_int.h"

stir_status skit_add_ext(X509 *cert, X509 *issuer, int nid, const char *value,
                         stir_error_t *err)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;

    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    ok = ext != NULL && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    if (!ok) {
        unsigned long e = ERR_peek_last_error();

        skit_fail(err, STIR_E_INTERNAL, "cannot add %s = %s: %s", OBJ_nid2sn(nid), value,
                  e && ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "failed");
        ERR_clear_error();
        return STIR_E_INTERNAL;
    }
    return STIR_OK;
}

stir_status skit_add_tnauthlist(X509 *cert, const stir_tnauthlist *tnal, stir_error_t *err)
{
    unsigned char *der = NULL;
    size_t len;
    ASN1_OCTET_STRING *os;
    X509_EXTENSION *ext = NULL;
    stir_status st = stir_tnauthlist_encode(tnal, &der, &len, err);
    int ok;

    if (st != STIR_OK)
        return st;
    os = ASN1_OCTET_STRING_new();
    ok = os != NULL && ASN1_OCTET_STRING_set(os, der, (int)len) &&
         (ext = X509_EXTENSION_create_by_NID(NULL, stir_nid_tnauthlist(), 0, os)) != NULL &&
         X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(os);
    OPENSSL_free(der);
    return ok ? STIR_OK : skit_fail_openssl(err, "adding the TNAuthList extension");
}

stir_status skit_set_random_serial(X509 *x, stir_error_t *err)
{
    unsigned char buf[16];
    BIGNUM *bn;
    int ok;

    if (RAND_bytes(buf, sizeof(buf)) != 1)
        return skit_fail_openssl(err, "drawing a serial");
    buf[0] = (unsigned char)((buf[0] & 0x7f) | 0x40); /* positive, 16 octets */
    bn = BN_bin2bn(buf, sizeof(buf), NULL);
    ok = bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
    BN_free(bn);
    return ok ? STIR_OK : skit_fail_openssl(err, "setting the serial");
}
