/*
 * w_chain_mixed_key_types - one algorithm family along a chain. STIR
 * verifiers implement ES256 (RFC 8225 §4.2 [R]; ATIS-1000080 makes P-256
 * mandatory), and a chain that mixes EC with RSA or EdDSA needs every
 * relying party to implement each. Different EC curves (P-256 under a
 * P-384 CA, US SHAKEN CP v1.4) are not mixed types.
 */
#include <stdio.h>

#include <openssl/evp.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx)
{
    char list[512] = "";
    size_t o = 0, members = ctx->path_len > 0 ? ctx->path_len : ctx->n;
    int first = NID_undef, mixed = 0;

    for (size_t i = 0; i < members; i++) {
        const skit_lint_cert *c = ctx->path_len > 0 ? &ctx->certs[ctx->path[i]] : &ctx->certs[i];
        EVP_PKEY *key = X509_get0_pubkey(c->x);
        int id = key != NULL ? EVP_PKEY_get_base_id(key) : NID_undef;
        char name[64];
        int w;

        if (c->dup_of >= 0)
            continue;
        if (first == NID_undef)
            first = id;
        else if (id != first)
            mixed = 1;
        w = snprintf(list + o, sizeof(list) - o, "%sposition %d %s", o ? ", " : "", c->position,
                     skit_lint_key_name(c->x, name, sizeof(name)));
        o += w > 0 && (size_t)w < sizeof(list) - o ? (size_t)w : 0;
    }
    if (mixed)
        skit_lint_report(ctx, NULL, "the chain mixes key types (%s); relying parties must then "
                         "implement each", list);
}

const skit_lint_rule skit_rule_w_chain_mixed_key_types = {
    .info = {
        .id = "w_chain_mixed_key_types",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8225 §4.2; ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_RFC8226,
        .description = "The chain's keys are of one algorithm family (EC), whatever their "
                       "curves.",
    },
    .kind = SKIT_SCOPE_CHAIN,
    .check_chain = check,
};
