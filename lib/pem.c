/* Strict reading of certificate-only PEM bundles (RFC 7468, RFC 8555 §9.1). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "stirkit/cert.h"
#include "error_int.h"
#include "chain_int.h"

static int is_certificate_label(const char *name)
{
    return strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_OLD) == 0;
}

/* Decodes the single certificate of data; what names it in errors. */
static stir_status read_block_cert(const unsigned char *data, long dlen, const char *what,
                                   X509 **out, stir_error_t *err)
{
    const unsigned char *p = data;
    X509 *x = d2i_X509(NULL, &p, dlen);

    if (x == NULL) {
        unsigned long e = ERR_peek_last_error();

        skit_fail(err, STIR_E_MALFORMED, "%s is not a valid X.509 certificate: %s",
                  what, e && ERR_reason_error_string(e) ? ERR_reason_error_string(e)
                                                         : "DER decoding failed");
        ERR_clear_error();
        return STIR_E_MALFORMED;
    }
    if (p != data + dlen) {
        X509_free(x);
        return skit_fail(err, STIR_E_MALFORMED,
                         "%s holds %ld bytes after its certificate", what,
                         (long)(data + dlen - p));
    }
    *out = x;
    return STIR_OK;
}

stir_status stir_pem_read_certs(const char *pem, size_t len,
                                STACK_OF(X509) **out, stir_error_t *err)
{
    return skit_pem_read_certs_max(pem, len, STIR_BUNDLE_MAX_CERTS, out, err);
}

stir_status skit_pem_read_certs_max(const char *pem, size_t len, int max_certs,
                                    STACK_OF(X509) **out, stir_error_t *err)
{
    BIO *bio;
    STACK_OF(X509) *certs;
    stir_status st = STIR_OK;
    int index = 0;

    if (pem == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PEM input or output");
    if (len > STIR_BUNDLE_MAX_BYTES)
        return skit_fail(err, STIR_E_TOO_LARGE, "PEM bundle of %zu bytes exceeds %d bytes",
                         len, STIR_BUNDLE_MAX_BYTES);
    bio = BIO_new_mem_buf(pem, (int)len);
    certs = sk_X509_new_null();
    if (bio == NULL || certs == NULL) {
        BIO_free(bio);
        sk_X509_free(certs);
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading PEM");
    }
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long dlen = 0;
        X509 *x = NULL;

        if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
            unsigned long e = ERR_peek_last_error();

            if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
                ERR_clear_error(); /* no more blocks */
            else
                st = skit_fail(err, STIR_E_MALFORMED,
                               "PEM block %d is damaged: %s", index + 1,
                               e && ERR_reason_error_string(e) ? ERR_reason_error_string(e)
                                                               : "unreadable");
            ERR_clear_error();
            break;
        }
        index++;
        if (!is_certificate_label(name)) {
            if (strstr(name, "PRIVATE KEY") != NULL)
                st = skit_fail(err, STIR_E_MALFORMED,
                               "PEM block %d is a private key (%.40s); a certificate bundle "
                               "must never hold one", index, name);
            else
                st = skit_fail(err, STIR_E_MALFORMED,
                               "PEM block %d is '%.40s', not a CERTIFICATE", index, name);
        } else if (index > max_certs) {
            st = skit_fail(err, STIR_E_TOO_LARGE, "bundle holds more than %d certificates",
                           max_certs);
        } else if (header != NULL && header[0] != '\0') {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "PEM block %d has RFC 1421 headers; a certificate block has none",
                           index);
        } else {
            char what[32];

            snprintf(what, sizeof(what), "PEM block %d", index);
            st = read_block_cert(data, dlen, what, &x, err);
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (st != STIR_OK)
            break;
        if (!sk_X509_push(certs, x)) {
            X509_free(x);
            st = skit_fail(err, STIR_E_NOMEM, "out of memory reading PEM");
            break;
        }
    }
    BIO_free(bio);
    if (st == STIR_OK && sk_X509_num(certs) == 0)
        st = skit_fail(err, STIR_E_MALFORMED, "no PEM CERTIFICATE block found");
    if (st != STIR_OK) {
        sk_X509_pop_free(certs, X509_free);
        return st;
    }
    *out = certs;
    return STIR_OK;
}

stir_status stir_cert_read(const unsigned char *data, size_t len, X509 **out,
                           stir_error_t *err)
{
    STACK_OF(X509) *certs = NULL;
    stir_status st;

    if (data == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL certificate input or output");
    if (len > 0 && data[0] == 0x30) { /* DER SEQUENCE */
        if (len > INT_MAX)
            return skit_fail(err, STIR_E_TOO_LARGE, "certificate is too large");
        return read_block_cert(data, (long)len, "DER input", out, err);
    }
    st = stir_pem_read_certs((const char *)data, len, &certs, err);
    if (st != STIR_OK)
        return st;
    if (sk_X509_num(certs) != 1) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "input holds %d certificates; expected one", sk_X509_num(certs));
        sk_X509_pop_free(certs, X509_free);
        return st;
    }
    *out = sk_X509_shift(certs);
    sk_X509_free(certs);
    return STIR_OK;
}
