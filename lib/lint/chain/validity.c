/*
 * e_chain_expired, e_chain_not_yet_valid - RFC 5280 §4.1.2.5, §6.1.3
 * (a)(2): a certificate is usable only between its notBefore and notAfter;
 * judged at the lint time (stir_lint_opts.at).
 */
#include "lint/lint_int.h"

static void check_expired(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char a[32], b[32];

    if (c->not_after < ctx->opts->at)
        skit_lint_report(ctx, c, "the certificate expired at %s (lint time %s)",
                         skit_lint_time_text(c->not_after, a, sizeof(a)),
                         skit_lint_time_text(ctx->opts->at, b, sizeof(b)));
}

static void check_not_yet(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char a[32], b[32];

    if (c->not_before > ctx->opts->at)
        skit_lint_report(ctx, c, "the certificate is not valid before %s (lint time %s)",
                         skit_lint_time_text(c->not_before, a, sizeof(a)),
                         skit_lint_time_text(ctx->opts->at, b, sizeof(b)));
}

const skit_lint_rule skit_rule_e_chain_expired = {
    .info = {
        .id = "e_chain_expired",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §4.1.2.5",
        .effective = SKIT_DATE_RFC5280,
        .description = "No member of the bundle has expired at the lint time.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_expired,
};

const skit_lint_rule skit_rule_e_chain_not_yet_valid = {
    .info = {
        .id = "e_chain_not_yet_valid",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §4.1.2.5",
        .effective = SKIT_DATE_RFC5280,
        .description = "Every member of the bundle is valid at the lint time (none starts "
                       "later).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_not_yet,
};
