/*
 * The RFC 8226 family.
 * e_rfc8226_tnal_malformed (both profiles) - RFC 8226 §9 and Appendix A:
 * the TNAuthList extension is a DER TNAuthorizationList with EXPLICIT
 * tags; one that stir_tnauthlist_from_cert refuses is reported with its
 * reason.
 * e_rfc8226_leaf_tnal_missing (delegate) - RFC 8226 §9, RFC 8224 §6.2:
 * the verifier decides the signer's authority from the end-entity
 * certificate's TNAuthList; a STIR signer without one authorises nothing.
 * e_rfc8226_leaf_key_usage (delegate) - RFC 5280 §4.2.1.3: a keyUsage
 * without digitalSignature forbids the key to sign PASSporTs (RFC 8226 §4
 * [R]). An absent keyUsage allows it.
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_malformed(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->tnal_status != STIR_OK && c->tnal_status != STIR_E_NO_TNAUTHLIST)
        skit_lint_report(ctx, c, "the TNAuthList extension does not decode: %s", c->tnal_error);
}

static void check_leaf_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role == SKIT_ROLE_LEAF && c->tnal_status == STIR_E_NO_TNAUTHLIST)
        skit_lint_report(ctx, c, "the end-entity certificate has no TNAuthList; a verifier "
                         "cannot find any TN it may sign for");
}

static void check_leaf_ku(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char bits[160];

    if (c->role == SKIT_ROLE_LEAF && skit_lint_ext(c->x, NID_key_usage, NULL) > 0 &&
        (X509_get_key_usage(c->x) & KU_DIGITAL_SIGNATURE) == 0)
        skit_lint_report(ctx, c, "keyUsage is %s, without digitalSignature: the key may not "
                         "sign PASSporTs", skit_lint_ku_text(X509_get_key_usage(c->x), bits,
                                                            sizeof(bits)));
}

const skit_lint_rule skit_rule_e_rfc8226_tnal_malformed = {
    .info = {
        .id = "e_rfc8226_tnal_malformed",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "certificate",
        .source = "RFC 8226 §9, Appendix A",
        .effective = SKIT_DATE_RFC8226,
        .description = "A TNAuthList extension decodes as strict DER with EXPLICIT tags.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_malformed,
};

const skit_lint_rule skit_rule_e_rfc8226_leaf_tnal_missing = {
    .info = {
        .id = "e_rfc8226_leaf_tnal_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_DELEGATE,
        .scope = "certificate",
        .source = "RFC 8226 §9; RFC 8224 §6.2",
        .effective = SKIT_DATE_RFC8226,
        .description = "The end-entity (signer) certificate carries a TNAuthList.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_leaf_missing,
};

const skit_lint_rule skit_rule_e_rfc8226_leaf_key_usage = {
    .info = {
        .id = "e_rfc8226_leaf_key_usage",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_DELEGATE,
        .scope = "certificate",
        .source = "RFC 5280 §4.2.1.3; RFC 8226 §4",
        .effective = SKIT_DATE_RFC8226,
        .description = "An end-entity certificate's keyUsage, when present, allows "
                       "digitalSignature.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_leaf_ku,
};
