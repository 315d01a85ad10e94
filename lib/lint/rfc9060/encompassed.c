/*
 * e_rfc9060_not_encompassed - RFC 9060 §4 [R]: every TNEntry of a
 * delegate's TNAuthList is encompassed by the TNAuthList of its parent -
 * here the nearest ancestor in the bundle that has one (certificates
 * without a TNAuthList place no limit). Decided by
 * stir_tnauthlist_encompasses with the options' SPC policy (default
 * trust-issuer: TNs under a parent's SPC are taken as the issuer vouched),
 * and the finding names the first entry not covered.
 */
#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *parent;
    stir_error_t e;

    if (c->tnal == NULL)
        return;
    parent = skit_lint_tnal_parent(ctx, c);
    if (parent == NULL || parent->tnal == NULL)
        return; /* the delegation root, or a parent whose TNAuthList does not decode */
    if (stir_tnauthlist_encompasses(parent->tnal, c->tnal, ctx->opts->spc_policy, &e) ==
        STIR_E_NOT_ENCOMPASSED)
        skit_lint_report(ctx, c, "the TNAuthList is not encompassed by that of '%s' (position "
                         "%d): %s", parent->subject, parent->position, e.text);
}

const skit_lint_rule skit_rule_e_rfc9060_not_encompassed = {
    .info = {
        .id = "e_rfc9060_not_encompassed",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_DELEGATE,
        .scope = "certificate",
        .source = "RFC 9060 §4",
        .effective = SKIT_DATE_RFC9060,
        .description = "Every delegate's TNAuthList is encompassed by its nearest ancestor's.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
