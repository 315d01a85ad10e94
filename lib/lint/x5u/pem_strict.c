/*
 * e_x5u_pem_not_strict - RFC 8555 §9.1 [V, RFC 8555 source]: "The
 * textual encoding of certificates in this file MUST use the strict
 * encoding and MUST NOT include explanatory text." RFC 7468 §3 strict
 * encoding: base64 lines of exactly 64 characters, the last one 1 to 64,
 * no headers. Blank lines between blocks are tolerated. The first fault
 * is reported, by line number (1-based).
 */
#include "lint/lint_int.h"
#include "pem_strict.h"

static void check(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    char why[160];

    if (r->fetched && r->status == 200 && r->body != NULL &&
        skit_pem_strict_fault(r->body, r->len, 1, why, sizeof(why)))
        skit_lint_report(ctx, NULL, "the body is not strict PEM: %s", why);
}

const skit_lint_rule skit_rule_e_x5u_pem_not_strict = {
    .info = {
        .id = "e_x5u_pem_not_strict",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "RFC 8555 §9.1; RFC 7468 §3",
        .effective = SKIT_DATE_RFC8555,
        .description = "The body is strict PEM: certificate blocks only, 64-character base64 "
                       "lines, no text around them.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check,
};
