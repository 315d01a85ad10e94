/*
 * e_atis_version - ATIS-1000080 §6.4.1 [V]: "STI certificates shall
 * contain Version field specifying version 3 (value 2)."
 */
#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    long v = X509_get_version(c->x);

    if (v != X509_VERSION_3)
        skit_lint_report(ctx, c, "the certificate is X.509 version %ld; STI certificates are "
                         "version 3 (value 2)", v + 1);
}

const skit_lint_rule skit_rule_e_atis_version = {
    .info = {
        .id = "e_atis_version",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "An STI certificate is X.509 version 3 (value 2).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
