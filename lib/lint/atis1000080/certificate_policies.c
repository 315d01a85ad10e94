/*
 * The certificatePolicies family - ATIS-1000080 §6.4.1 [V]: "STI
 * intermediate and end-entity certificates shall include a Certificate
 * Policies extension containing a single OID value that identifies the
 * SHAKEN Certificate Policy established by the STI-PA ... STI root
 * certificates shall not contain a Certificate Policies extension."
 * SHAKEN CP OIDs: 2.16.840.1.114569.1.1.1 to .4 (CP v1.1 to v1.4).
 * n_atis_cp_critical: a critical policy extension makes relying parties
 * that do not know the policy reject the certificate (RFC 5280 §4.2.1.4).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role != SKIT_ROLE_ROOT && skit_lint_ext(c->x, NID_certificate_policies, NULL) == 0)
        skit_lint_report(ctx, c, "the certificate has no certificatePolicies extension; STI "
                         "intermediate and end-entity certificates carry the SHAKEN CP OID");
}

static void check_shaken(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    CERTIFICATEPOLICIES *cp;
    char list[256] = "";
    size_t o = 0;
    int n;

    if (c->role == SKIT_ROLE_ROOT || skit_lint_ext(c->x, NID_certificate_policies, NULL) == 0)
        return;
    cp = X509_get_ext_d2i(c->x, NID_certificate_policies, NULL, NULL);
    if (cp == NULL) {
        skit_lint_report(ctx, c, "the certificatePolicies extension does not decode");
        return;
    }
    n = sk_POLICYINFO_num(cp);
    for (int i = 0; i < n && o < sizeof(list); i++) {
        char oid[80];
        int w;

        OBJ_obj2txt(oid, sizeof(oid), sk_POLICYINFO_value(cp, i)->policyid, 1);
        w = snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", oid);
        o += w > 0 ? (size_t)w : 0;
    }
    if (n != 1 || skit_lint_shaken_cp(c->x) == 0)
        skit_lint_report(ctx, c, "certificatePolicies holds %d polic%s (%s); an STI certificate "
                         "holds exactly one, a SHAKEN CP OID 2.16.840.1.114569.1.1.1 to .4",
                         n, n == 1 ? "y" : "ies", list);
    CERTIFICATEPOLICIES_free(cp);
}

static void check_root(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role == SKIT_ROLE_ROOT && skit_lint_ext(c->x, NID_certificate_policies, NULL) > 0)
        skit_lint_report(ctx, c, "the root certificate carries a certificatePolicies extension; "
                         "STI roots carry none");
}

static void check_critical(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int critical = 0;

    if (skit_lint_ext(c->x, NID_certificate_policies, &critical) > 0 && critical)
        skit_lint_report(ctx, c, "certificatePolicies is marked critical; relying parties that "
                         "do not know the policy must then reject the certificate");
}

const skit_lint_rule skit_rule_e_atis_cp_missing = {
    .info = {
        .id = "e_atis_cp_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "Intermediate and end-entity certificates carry a certificatePolicies "
                       "extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing,
};

const skit_lint_rule skit_rule_e_atis_cp_not_shaken = {
    .info = {
        .id = "e_atis_cp_not_shaken",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The certificatePolicies extension holds exactly one OID, a SHAKEN CP "
                       "(2.16.840.1.114569.1.1.1 to .4).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_shaken,
};

const skit_lint_rule skit_rule_e_atis_cp_on_root = {
    .info = {
        .id = "e_atis_cp_on_root",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "A root certificate carries no certificatePolicies extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_root,
};

const skit_lint_rule skit_rule_n_atis_cp_critical = {
    .info = {
        .id = "n_atis_cp_critical",
        .severity = STIR_LINT_NOTICE,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "RFC 5280 §4.2.1.4",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The certificatePolicies extension is not marked critical.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_critical,
};
