/*
 * e_atis_skid_missing_ee, e_atis_skid_not_sha1 - ATIS-1000080 v005
 * §6.4.1 [V]: "STI certificates shall contain a Subject Key Identifier
 * extension which is unique for each certificate. The value ... shall
 * contain the 160-bit SHA-1 hash of the public key, as described in
 * RFC 5280" - RFC 5280 §4.2.1.2 method (1): SHA-1 over the
 * subjectPublicKey BIT STRING value (no tag, length or unused-bits
 * octet). A CA certificate without one is e_rfc5280_skid_missing.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_missing_ee(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role == SKIT_ROLE_LEAF && X509_get0_subject_key_id(c->x) == NULL)
        skit_lint_report(ctx, c, "the end-entity certificate has no Subject Key Identifier; "
                         "every STI certificate carries one");
}

static void check_sha1(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(c->x);
    const ASN1_BIT_STRING *key = X509_get0_pubkey_bitstr(c->x);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char have[2 * 64 + 1], want[2 * EVP_MAX_MD_SIZE + 1];

    if (skid == NULL || key == NULL ||
        !EVP_Digest(ASN1_STRING_get0_data(key), (size_t)ASN1_STRING_length(key), md, &mdlen,
                    EVP_sha1(), NULL))
        return;
    if ((unsigned int)ASN1_STRING_length(skid) == mdlen &&
        memcmp(ASN1_STRING_get0_data(skid), md, mdlen) == 0)
        return;
    skit_lint_report(ctx, c, "the Subject Key Identifier %s is not the SHA-1 hash of the public "
                     "key, %s (RFC 5280 §4.2.1.2 method 1)",
                     skit_lint_hex(skid, have, sizeof(have)),
                     stir_hex_format(md, mdlen, want, sizeof(want)));
}

const skit_lint_rule skit_rule_e_atis_skid_missing_ee = {
    .info = {
        .id = "e_atis_skid_missing_ee",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "An end-entity certificate carries a Subject Key Identifier too.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing_ee,
};

const skit_lint_rule skit_rule_e_atis_skid_not_sha1 = {
    .info = {
        .id = "e_atis_skid_not_sha1",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1; RFC 5280 §4.2.1.2",
        .effective = SKIT_DATE_ATIS_V005,
        .description = "The Subject Key Identifier is the 160-bit SHA-1 hash of the "
                       "subjectPublicKey.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_sha1,
};
