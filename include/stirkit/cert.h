/*
 * stirkit/cert.h - reading certificates and naming them in messages.
 */
#ifndef STIRKIT_CERT_H
#define STIRKIT_CERT_H

#include <stddef.h>

#include <openssl/x509.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most certificates one PEM bundle may hold. */
#define STIR_BUNDLE_MAX_CERTS 32
/* Largest PEM bundle accepted, in bytes. */
#define STIR_BUNDLE_MAX_BYTES (1024 * 1024)

/*
 * Reads a PEM bundle that holds certificates only (RFC 7468 "CERTIFICATE"
 * blocks; text between blocks is ignored). A private key block, or any
 * other non-certificate block, is an error - a chain file must never carry
 * a key.
 *
 * pem/len: the text (borrowed; need not be NUL-terminated). *out: a new
 * stack in file order; free with sk_X509_pop_free(*out, X509_free).
 * Errors: STIR_E_MALFORMED (no certificate; a block that is not a
 * certificate, named with its position; bad base64 or certificate DER),
 * STIR_E_TOO_LARGE (more than STIR_BUNDLE_MAX_CERTS certificates or
 * STIR_BUNDLE_MAX_BYTES bytes), STIR_E_INVALID_ARG, STIR_E_NOMEM.
 */
stir_status stir_pem_read_certs(const char *pem, size_t len,
                                STACK_OF(X509) **out, stir_error_t *err);

/*
 * Reads exactly one certificate, given as DER or as PEM (a PEM file holding
 * more than one certificate is refused). *out is new; free with X509_free.
 * Errors as stir_pem_read_certs, and STIR_E_MALFORMED for trailing bytes
 * after DER or more than one PEM certificate.
 */
stir_status stir_cert_read(const unsigned char *data, size_t len, X509 **out,
                           stir_error_t *err);

/*
 * Writes name in RFC 2253 form ("CN=Demo CA,O=Demo,C=US") into buf (n
 * bytes, NUL-terminated, truncated with "..." if short). Returns buf.
 */
char *stir_name_format(const X509_NAME *name, char *buf, size_t n);

/*
 * Writes len bytes as upper-case hex without separators into buf (n bytes,
 * NUL-terminated, truncated if short). Returns buf. Used for SKID/AKID.
 */
char *stir_hex_format(const unsigned char *bytes, size_t len, char *buf,
                      size_t n);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_CERT_H */
