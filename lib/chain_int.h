/* Internal helpers shared by chain linking and chain checking. */
#ifndef STIR_CHAIN_INT_H
#define STIR_CHAIN_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "stirkit/error.h"

/*
 * 1 when cand may be child's issuer by name and key identifier: cand's
 * subject equals child's issuer name and, when child has an AKID
 * keyIdentifier, cand's SKID equals it (RFC 5280 §4.2.1.1).
 */
int skit_cert_names_issuer(X509 *cand, X509 *child);

/* 1 when x's subject and issuer names are equal (self-issued). */
int skit_cert_self_issued(const X509 *x);

/* x's subject in RFC 2253 form, for messages. Returns buf. */
char *skit_cert_label(const X509 *x, char *buf, size_t n);

/* stir_pem_read_certs with another certificate limit (trust lists are long). */
stir_status skit_pem_read_certs_max(const char *pem, size_t len, int max_certs,
                                    STACK_OF(X509) **out, stir_error_t *err);

/* Most certificates a trust file may hold. */
#define SKIT_TRUST_MAX_CERTS 4096

/* Seconds since 1970 of an ASN1_TIME (0 when it does not parse). */
int64_t skit_time_to_unix(const ASN1_TIME *t);

/* Size for skit_cert_label buffers. */
#define SKIT_LABEL_SIZE 160

#endif
