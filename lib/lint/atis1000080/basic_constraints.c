/*
 * e_atis_basic_constraints_missing, e_atis_basic_constraints_not_critical
 * - ATIS-1000080 §6.4.1 [V]: "STI certificates shall contain a
 * BasicConstraints extension marked critical. For root and intermediate
 * certificates, the BasicConstraints CA boolean shall be set to TRUE. For
 * end-entity certificates, the CA boolean shall be set to FALSE."
 * (A certificate that certifies another but is not a CA is
 * e_chain_issuer_not_ca.)
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (skit_lint_ext(c->x, NID_basic_constraints, NULL) == 0)
        skit_lint_report(ctx, c, "the certificate has no basicConstraints extension; STI "
                         "certificates carry one, marked critical");
}

static void check_critical(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int critical = 0;

    if (skit_lint_ext(c->x, NID_basic_constraints, &critical) > 0 && !critical)
        skit_lint_report(ctx, c, "basicConstraints is not marked critical");
}

const skit_lint_rule skit_rule_e_atis_basic_constraints_missing = {
    .info = {
        .id = "e_atis_basic_constraints_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "Every STI certificate carries a basicConstraints extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing,
};

const skit_lint_rule skit_rule_e_atis_basic_constraints_not_critical = {
    .info = {
        .id = "e_atis_basic_constraints_not_critical",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The basicConstraints extension is marked critical.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_critical,
};
