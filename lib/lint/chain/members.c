/*
 * What the bundle holds - RFC 8555 §9.1, RFC 9060 §7: one chain, the
 * signer's, from the leaf up.
 * e_chain_unlinkable: stir_chain_from_pem cannot make one chain of the
 * bundle (two end-entity certificates, a cycle, too deep).
 * w_chain_duplicate: a certificate appears again.
 * w_chain_unrelated: a certificate is not on the leaf's chain.
 */
#include "lint/lint_int.h"

static void check_linkable(skit_lint_ctx *ctx)
{
    if (ctx->chain == NULL)
        skit_lint_report(ctx, NULL, "the certificates do not form one chain: %s",
                         ctx->chain_error);
}

static void check_duplicate(skit_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n; i++)
        if (ctx->certs[i].dup_of >= 0)
            skit_lint_report(ctx, &ctx->certs[i], "the certificate repeats the one at position %d",
                             ctx->certs[ctx->certs[i].dup_of].position);
}

static void check_unrelated(skit_lint_ctx *ctx)
{
    if (ctx->path_len == 0)
        return;
    for (size_t i = 0; i < ctx->n; i++)
        if (ctx->certs[i].dup_of < 0 && !ctx->certs[i].on_path)
            skit_lint_report(ctx, &ctx->certs[i], "the certificate is not on the chain of the "
                             "leaf '%s'; verifiers have no use for it",
                             ctx->certs[ctx->path[0]].subject);
}

const skit_lint_rule skit_rule_e_chain_unlinkable = {
    .info = {
        .id = "e_chain_unlinkable",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 9060 §7; RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC5280,
        .description = "The bundle's certificates link into one chain (one leaf, no cycle).",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_linkable,
};

const skit_lint_rule skit_rule_w_chain_duplicate = {
    .info = {
        .id = "w_chain_duplicate",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC8555,
        .description = "No certificate appears twice.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_duplicate,
};

const skit_lint_rule skit_rule_w_chain_unrelated = {
    .info = {
        .id = "w_chain_unrelated",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC8555,
        .description = "Every certificate is on the leaf's chain.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_unrelated,
};
