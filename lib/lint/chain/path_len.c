/*
 * e_chain_path_len - RFC 5280 §4.2.1.9: pathLenConstraint "gives the
 * maximum number of non-self-issued intermediate certificates that may
 * follow this certificate in a valid certification path" (the end-entity
 * certificate not counted). RFC 9060 §5 [R]: a delegating CA limits the
 * depth of further delegation that way.
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx)
{
    for (size_t i = 1; i < ctx->path_len; i++) {
        const skit_lint_cert *c = &ctx->certs[ctx->path[i]];
        long limit = X509_get_pathlen(c->x);
        long below = 0;

        if (limit < 0)
            continue;
        for (size_t j = 1; j < i; j++)
            below += !ctx->certs[ctx->path[j]].self_issued;
        if (below > limit)
            skit_lint_report(ctx, c, "its pathLenConstraint %ld allows %ld intermediate "
                             "certificate%s below it, but %ld follow%s before the leaf", limit,
                             limit, limit == 1 ? "" : "s", below, below == 1 ? "s" : "");
    }
}

const skit_lint_rule skit_rule_e_chain_path_len = {
    .info = {
        .id = "e_chain_path_len",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §4.2.1.9; RFC 9060 §5",
        .effective = SKIT_DATE_RFC5280,
        .description = "No CA on the chain has more intermediates below it than its "
                       "pathLenConstraint allows.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check,
};
