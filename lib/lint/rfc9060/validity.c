/*
 * w_rfc9060_validity_outside_parent - RFC 9060 [R, section not checked]: a delegate's
 * validity should not extend beyond its parent's. A warning: RFC 5280
 * path validation does not require nesting, and the wording is recalled,
 * not quoted.
 */
#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *p = skit_lint_cert_at(ctx, c->up);
    char a[32], b[32], pa[32], pb[32];

    if (p == NULL || p == c || (c->not_before >= p->not_before && c->not_after <= p->not_after))
        return;
    skit_lint_report(ctx, c, "its validity %s to %s is not inside that of its issuer '%s' "
                     "(position %d), %s to %s",
                     skit_lint_time_text(c->not_before, a, sizeof(a)),
                     skit_lint_time_text(c->not_after, b, sizeof(b)), p->subject, p->position,
                     skit_lint_time_text(p->not_before, pa, sizeof(pa)),
                     skit_lint_time_text(p->not_after, pb, sizeof(pb)));
}

const skit_lint_rule skit_rule_w_rfc9060_validity_outside_parent = {
    .info = {
        .id = "w_rfc9060_validity_outside_parent",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_DELEGATE,
        .scope = "certificate",
        .source = "RFC 9060",
        .effective = SKIT_DATE_RFC9060,
        .description = "A delegate's validity lies inside its issuer's.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
