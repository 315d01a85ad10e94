/*
 * AKID/SKID linkage and signatures along the chain - RFC 5280 §4.2.1.1
 * (a certificate names its issuer's key by AKID keyIdentifier = the
 * issuer's SKID), RFC 9060 §7 and ATIS-1000080 §6.4.1 (chains are linked
 * that way), RFC 5280 §6.1.3 (each signature verifies with the issuer's
 * key).
 * e_chain_akid_mismatch: the bundle holds a certificate bearing this one's
 * issuer name, but its SKID is not this one's AKID, so verifiers do not
 * link them (an issuer without any SKID is e_rfc5280_skid_missing).
 * e_chain_signature_invalid: the issuer found in the bundle does not
 * verify the signature.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_akid(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *u = skit_lint_cert_at(ctx, c->up);
    const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(c->x), *skid;
    char a[2 * 64 + 1], s[2 * 64 + 1];

    if (u == NULL || c->linked || akid == NULL)
        return;
    skid = X509_get0_subject_key_id(u->x);
    if (skid != NULL)
        skit_lint_report(ctx, c, "its Authority Key Identifier %s does not match the Subject Key "
                         "Identifier %s of '%s' (position %d), which bears its issuer name",
                         skit_lint_hex(akid, a, sizeof(a)), skit_lint_hex(skid, s, sizeof(s)),
                         u->subject, u->position);
}

static void check_signature(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *u = skit_lint_cert_at(ctx, c->up);
    EVP_PKEY *key;

    if (u == NULL || u == c)
        return;
    key = X509_get0_pubkey(u->x);
    if (key == NULL || X509_verify(c->x, key) != 1)
        skit_lint_report(ctx, c, "its signature does not verify with the key of its issuer '%s' "
                         "(position %d)", u->subject, u->position);
    ERR_clear_error();
}

const skit_lint_rule skit_rule_e_chain_akid_mismatch = {
    .info = {
        .id = "e_chain_akid_mismatch",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §4.2.1.1; RFC 9060 §7",
        .effective = SKIT_DATE_RFC5280,
        .description = "A certificate's AKID keyIdentifier equals the SKID of its issuer in the "
                       "bundle.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_akid,
};

const skit_lint_rule skit_rule_e_chain_signature_invalid = {
    .info = {
        .id = "e_chain_signature_invalid",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §6.1.3",
        .effective = SKIT_DATE_RFC5280,
        .description = "Each certificate's signature verifies with its issuer's key.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_signature,
};
