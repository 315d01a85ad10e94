/*
 * The serial number family - RFC 5280 §4.1.2.2: "The serial number MUST
 * be a positive integer assigned by the CA to each certificate ...
 * Conforming CAs MUST NOT use serialNumber values longer than 20 octets."
 * And DER (X.690 §8.3.2): an INTEGER is encoded in the fewest octets - no
 * leading 0x00 before an octet below 0x80, no leading 0xFF before one of
 * 0x80 or more. OpenSSL refuses a certificate whose serial breaks that,
 * so e_rfc5280_serial_not_minimal is reported while the bundle is read,
 * from the raw DER (skit_lint_serial_not_minimal).
 */
#include <stdio.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>

#include "lint/lint_int.h"

static void check_positive(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(c->x), NULL);

    if (bn != NULL && (BN_is_negative(bn) || BN_is_zero(bn))) {
        char *dec = BN_bn2dec(bn);

        skit_lint_report(ctx, c, "the serial number is %s; serial numbers are positive integers",
                         dec != NULL ? dec : (BN_is_zero(bn) ? "zero" : "negative"));
        OPENSSL_free(dec);
    }
    BN_free(bn);
}

static void check_length(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int der = i2d_ASN1_INTEGER(X509_get0_serialNumber(c->x), NULL);
    int content = der - 2;

    if (content > 127)
        content = der - 3; /* long-form length octets */
    if (content > 20)
        skit_lint_report(ctx, c, "the serial number is %d octets long; serial numbers are at "
                         "most 20 octets", content);
}

int skit_lint_serial_not_minimal(const unsigned char *der, long len, char *why, size_t n)
{
    const unsigned char *p = der, *end = der + len;
    long l;
    int tag, cls;

    /* Certificate SEQUENCE, TBSCertificate SEQUENCE, [0] version. */
    for (int step = 0; step < 3; step++) {
        if (ASN1_get_object(&p, &l, &tag, &cls, end - p) & 0x80)
            return 0;
        if (step == 2) {
            if (cls != V_ASN1_CONTEXT_SPECIFIC || tag != 0)
                break; /* no version: this is the serial */
            p += l;
            if (ASN1_get_object(&p, &l, &tag, &cls, end - p) & 0x80)
                return 0;
        }
    }
    if (cls != V_ASN1_UNIVERSAL || tag != V_ASN1_INTEGER || l < 2 || l > end - p)
        return 0;
    if ((p[0] == 0x00 && p[1] < 0x80) || (p[0] == 0xFF && p[1] >= 0x80)) {
        snprintf(why, n, "INTEGER is not minimally encoded: its leading octet 0x%02X before 0x%02X "
                 "is redundant (DER, X.690 §8.3.2)", p[0], p[1]);
        return 1;
    }
    return 0;
}

const skit_lint_rule skit_rule_e_rfc5280_serial_not_positive = {
    .info = {
        .id = "e_rfc5280_serial_not_positive",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "certificate",
        .source = "RFC 5280 §4.1.2.2",
        .effective = SKIT_DATE_RFC5280,
        .description = "The serial number is a positive integer.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_positive,
};

const skit_lint_rule skit_rule_e_rfc5280_serial_too_long = {
    .info = {
        .id = "e_rfc5280_serial_too_long",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "certificate",
        .source = "RFC 5280 §4.1.2.2",
        .effective = SKIT_DATE_RFC5280,
        .description = "The serial number is at most 20 octets long.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_length,
};

const skit_lint_rule skit_rule_e_rfc5280_serial_not_minimal = {
    .info = {
        .id = "e_rfc5280_serial_not_minimal",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "certificate",
        .source = "RFC 5280 §4.1.2.2; X.690 §8.3.2",
        .effective = 0,
        .description = "The serial number INTEGER is minimally encoded (DER); OpenSSL refuses "
                       "the certificate otherwise.",
    },
    .kind = SKIT_SCOPE_READ,
};
