/*
 * e_atis_subject_c, e_atis_subject_o, e_atis_subject_cn - ATIS-1000080
 * v005 §6.4.1 [V]: the Subject "shall contain a Common Name (CN=)
 * attribute, an Organization (O=) attribute, and a Country (C=) attribute.
 * The Country ... ISO 3166-1 alpha-2 ..." The country check is its form,
 * two upper-case letters; it does not carry the ISO list.
 */
#include <string.h>

#include <openssl/objects.h>

#include "lint/lint_int.h"

static void check_c(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char v[64];
    int n = skit_lint_name_attr(X509_get_subject_name(c->x), NID_countryName, v, sizeof(v));

    if (n == 0)
        skit_lint_report(ctx, c, "the subject has no countryName (C) attribute");
    else if (strlen(v) != 2 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
        skit_lint_report(ctx, c, "the subject countryName '%s' is not an ISO 3166-1 alpha-2 "
                         "code (two upper-case letters)", v);
}

static void check_o(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char v[8];

    if (skit_lint_name_attr(X509_get_subject_name(c->x), NID_organizationName, v, sizeof(v)) == 0)
        skit_lint_report(ctx, c, "the subject has no organizationName (O) attribute");
}

static void check_cn(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char v[8];

    if (skit_lint_name_attr(X509_get_subject_name(c->x), NID_commonName, v, sizeof(v)) == 0)
        skit_lint_report(ctx, c, "the subject has no commonName (CN) attribute");
}

const skit_lint_rule skit_rule_e_atis_subject_c = {
    .info = {
        .id = "e_atis_subject_c",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The subject has a countryName (C) that is an ISO 3166-1 alpha-2 code.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_c,
};

const skit_lint_rule skit_rule_e_atis_subject_o = {
    .info = {
        .id = "e_atis_subject_o",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The subject has an organizationName (O).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_o,
};

const skit_lint_rule skit_rule_e_atis_subject_cn = {
    .info = {
        .id = "e_atis_subject_cn",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The subject has a commonName (CN).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_cn,
};
