/*
 * The trust anchor in or out of the bundle - RFC 8555 §9.1 [V]: "a
 * certificate that represents a trust anchor MAY be omitted from the
 * chain". Either way verifiers take their anchors from their own list
 * (the STI-PA's), so both are notices: n_chain_root_included when the
 * chain ends at a self-issued root, n_chain_root_absent when it ends at a
 * certificate whose issuer is not in the bundle.
 */
#include "lint/lint_int.h"

static const skit_lint_cert *top(const skit_lint_ctx *ctx)
{
    return ctx->path_len > 0 ? &ctx->certs[ctx->path[ctx->path_len - 1]] : NULL;
}

static void check_included(skit_lint_ctx *ctx)
{
    const skit_lint_cert *t = top(ctx);

    if (t != NULL && t->self_issued && ctx->path_len > 1)
        skit_lint_report(ctx, t, "the bundle includes the self-signed root; verifiers take "
                         "trust anchors from their own list, so it may be left out");
}

static void check_absent(skit_lint_ctx *ctx)
{
    const skit_lint_cert *t = top(ctx);
    char issuer[SKIT_LINT_NAME_SIZE];

    if (t != NULL && !t->self_issued)
        skit_lint_report(ctx, NULL, "the chain ends at '%s', issued by '%s', which is not in "
                         "the bundle; verifiers must hold it as a trust anchor", t->subject,
                         stir_name_format(X509_get_issuer_name(t->x), issuer, sizeof(issuer)));
}

const skit_lint_rule skit_rule_n_chain_root_included = {
    .info = {
        .id = "n_chain_root_included",
        .severity = STIR_LINT_NOTICE,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC8555,
        .description = "Says that the bundle carries its self-signed root.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_included,
};

const skit_lint_rule skit_rule_n_chain_root_absent = {
    .info = {
        .id = "n_chain_root_absent",
        .severity = STIR_LINT_NOTICE,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC8555,
        .description = "Says that the chain ends below its trust anchor, which verifiers must "
                       "hold.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_absent,
};
