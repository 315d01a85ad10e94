/*
 * w_us_cp_subject_serial_number - US SHAKEN CP v1.3 §3.1 [V, quoted in
 * zlint]: "The `serialNumber` attribute shall be included along with the
 * CN". Applies to end-entity certificates that assert the US SHAKEN CP
 * v1.3 or later (2.16.840.1.114569.1.1.3 or .4). A warning, not an error:
 * the CP text is known only through a linter's quotation, and it binds
 * the US ecosystem only.
 */
#include <openssl/objects.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char v[8];

    if (c->role == SKIT_ROLE_LEAF && skit_lint_shaken_cp(c->x) >= 3 &&
        skit_lint_name_attr(X509_get_subject_name(c->x), NID_serialNumber, v, sizeof(v)) == 0)
        skit_lint_report(ctx, c, "the subject has no serialNumber attribute, which US SHAKEN CP "
                         "v1.3 asks for along with the CN");
}

const skit_lint_rule skit_rule_w_us_cp_subject_serial_number = {
    .info = {
        .id = "w_us_cp_subject_serial_number",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "US SHAKEN CP v1.3 §3.1",
        .effective = SKIT_DATE_US_CP_1_3,
        .description = "An end-entity certificate under US SHAKEN CP v1.3 or later has a "
                       "serialNumber attribute in its subject.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
