/*
 * e_rfc9060_tnal_missing - RFC 9060 §4 [R]: a delegate certificate is one
 * issued under a parent holding a TNAuthList, and its own TNAuthList is
 * encompassed by the parent's. A CA certificate below a TNAuthList holder
 * that carries none would place no limit on what it issues, so every
 * delegate carries one. (The end-entity certificate is
 * e_rfc8226_leaf_tnal_missing.)
 */
#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *parent;

    if (c->role == SKIT_ROLE_LEAF || c->tnal_status != STIR_E_NO_TNAUTHLIST)
        return;
    parent = skit_lint_tnal_parent(ctx, c);
    if (parent != NULL)
        skit_lint_report(ctx, c, "the certificate is a delegate of '%s' (position %d), which "
                         "holds a TNAuthList, but carries none itself", parent->subject,
                         parent->position);
}

const skit_lint_rule skit_rule_e_rfc9060_tnal_missing = {
    .info = {
        .id = "e_rfc9060_tnal_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_DELEGATE,
        .scope = "certificate",
        .source = "RFC 9060 §4",
        .effective = SKIT_DATE_RFC9060,
        .description = "A CA certificate below a TNAuthList holder (a delegate) carries a "
                       "TNAuthList.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
