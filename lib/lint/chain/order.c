/*
 * File order - RFC 8555 §9.1 (application/pem-certificate-chain), which
 * RFC 9060 §7 names for x5u chains [V, RFC 8555 source]: "the first
 * certificate MUST be an end-entity certificate. Each following
 * certificate SHOULD directly certify the one preceding it."
 * e_chain_leaf_not_first: the leaf (the certificate no other certifies,
 * as stir_chain_from_pem links) is not the file's first certificate.
 * w_chain_order: with the leaf first, the chain's certificates are not in
 * issuer order.
 * e_chain_no_end_entity: the chain's first certificate is a CA - only
 * end-entity certificates sign PASSporTs (RFC 9060 review, standards
 * digest §3.3). A file of one CA certificate is taken as a certificate to
 * lint, not as a chain, and is not reported.
 */
#include <stdio.h>

#include "lint/lint_int.h"

static void check_leaf_first(skit_lint_ctx *ctx)
{
    const skit_lint_cert *leaf = ctx->path_len > 0 ? &ctx->certs[ctx->path[0]] : NULL;

    if (leaf != NULL && leaf->position != ctx->first_position)
        skit_lint_report(ctx, NULL, "the file starts with '%s' (position %d), but the leaf is "
                         "'%s' at position %d; the signer's certificate comes first",
                         ctx->certs[0].subject, ctx->first_position, leaf->subject,
                         leaf->position);
}

static void check_order(skit_lint_ctx *ctx)
{
    char list[STIR_CHAIN_MAX_DEPTH * 6] = "";
    size_t o = 0;
    int sorted = 1;

    if (ctx->path_len == 0 || ctx->certs[ctx->path[0]].position != ctx->first_position)
        return;
    for (size_t i = 0; i < ctx->path_len; i++) {
        int w = snprintf(list + o, sizeof(list) - o, "%s%d", i ? ", " : "",
                         ctx->certs[ctx->path[i]].position);

        o += w > 0 && (size_t)w < sizeof(list) - o ? (size_t)w : 0;
        if (i > 0 && ctx->certs[ctx->path[i]].position < ctx->certs[ctx->path[i - 1]].position)
            sorted = 0;
    }
    if (!sorted)
        skit_lint_report(ctx, NULL, "the chain's certificates are not in issuer order: from the "
                         "leaf up they sit at positions %s; each certificate should be "
                         "followed by its issuer", list);
}

static void check_end_entity(skit_lint_ctx *ctx)
{
    const skit_lint_cert *leaf = ctx->path_len > 0 ? &ctx->certs[ctx->path[0]] : NULL;

    if (leaf != NULL && leaf->is_ca && ctx->n > 1)
        skit_lint_report(ctx, leaf, "the chain's first certificate is a CA; PASSporTs are "
                         "signed by an end-entity certificate, which the chain lacks");
}

const skit_lint_rule skit_rule_e_chain_leaf_not_first = {
    .info = {
        .id = "e_chain_leaf_not_first",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1; RFC 9060 §7",
        .effective = SKIT_DATE_RFC8555,
        .description = "The file's first certificate is the leaf (the signer).",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_leaf_first,
};

const skit_lint_rule skit_rule_w_chain_order = {
    .info = {
        .id = "w_chain_order",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1; RFC 9060 §7",
        .effective = SKIT_DATE_RFC8555,
        .description = "Each following certificate certifies the one before it.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_order,
};

const skit_lint_rule skit_rule_e_chain_no_end_entity = {
    .info = {
        .id = "e_chain_no_end_entity",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1; RFC 9060 §7",
        .effective = SKIT_DATE_RFC8555,
        .description = "The chain starts with an end-entity certificate, not a CA.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check_end_entity,
};
