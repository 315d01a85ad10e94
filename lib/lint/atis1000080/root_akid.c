/*
 * e_atis_root_akid_mismatch - ATIS-1000080 §6.4.1 [V]: "For root
 * certificates that contain an Authority Key Identifier extension, the
 * Authority Key Identifier shall contain a keyIdentifier field with a
 * value that matches the Subject Key Identifier value of the same root
 * certificate." (Intermediate and end-entity AKIDs are
 * e_rfc5280_akid_missing and e_chain_akid_mismatch.)
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const ASN1_OCTET_STRING *akid, *skid;
    char a[2 * 64 + 1], s[2 * 64 + 1];

    if (c->role != SKIT_ROLE_ROOT ||
        skit_lint_ext(c->x, NID_authority_key_identifier, NULL) == 0)
        return;
    akid = X509_get0_authority_key_id(c->x);
    skid = X509_get0_subject_key_id(c->x);
    if (akid == NULL)
        skit_lint_report(ctx, c, "the root's Authority Key Identifier has no keyIdentifier");
    else if (skid == NULL || ASN1_OCTET_STRING_cmp(akid, skid) != 0)
        skit_lint_report(ctx, c, "the root's Authority Key Identifier %s does not match its own "
                         "Subject Key Identifier %s", skit_lint_hex(akid, a, sizeof(a)),
                         skit_lint_hex(skid, s, sizeof(s)));
}

const skit_lint_rule skit_rule_e_atis_root_akid_mismatch = {
    .info = {
        .id = "e_atis_root_akid_mismatch",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "A root's Authority Key Identifier, when present, equals its own "
                       "Subject Key Identifier.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
