/*
 * The cRLDistributionPoints family - ATIS-1000080 v005 §6.4.1 [V]: "STI
 * intermediate and end-entity certificates shall contain a CRL
 * Distribution Points extension containing a single DistributionPoint
 * entry. The DistributionPoint entry shall contain a distributionPoint
 * field identifying the HTTP URL reference to the file containing the
 * SHAKEN CRL hosted by the STI-PA, and a CRLIssuer field that matches the
 * DN of the issuer of the CRL. STI root certificates shall not contain a
 * CRL Distribution Points extension." (http and https URLs are both
 * accepted: the STI-PA's is https.)
 */
#include <string.h>
#include <strings.h>

#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role != SKIT_ROLE_ROOT && skit_lint_ext(c->x, NID_crl_distribution_points, NULL) == 0)
        skit_lint_report(ctx, c, "the certificate has no cRLDistributionPoints extension; STI "
                         "intermediate and end-entity certificates point to the STI-PA CRL");
}

static int is_http_url(const GENERAL_NAME *gn)
{
    const char *s;

    if (gn->type != GEN_URI)
        return 0;
    s = (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

/* What is wrong with the one distribution point, or NULL. */
static const char *dp_problem(const DIST_POINT *dp)
{
    int urls = 0, dirnames = 0;

    if (dp->distpoint == NULL || dp->distpoint->type != 0)
        return "has no distributionPoint fullName";
    for (int i = 0; i < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); i++) {
        if (!is_http_url(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, i)))
            return "names something other than an HTTP URL";
        urls++;
    }
    if (urls == 0)
        return "has no HTTP URL";
    for (int i = 0; dp->CRLissuer != NULL && i < sk_GENERAL_NAME_num(dp->CRLissuer); i++)
        dirnames += sk_GENERAL_NAME_value(dp->CRLissuer, i)->type == GEN_DIRNAME;
    if (dirnames == 0)
        return "has no cRLIssuer naming the DN of the CRL's issuer";
    return NULL;
}

static void check_shape(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    STACK_OF(DIST_POINT) *dps;
    const char *why;

    if (c->role == SKIT_ROLE_ROOT || skit_lint_ext(c->x, NID_crl_distribution_points, NULL) == 0)
        return;
    dps = X509_get_ext_d2i(c->x, NID_crl_distribution_points, NULL, NULL);
    if (dps == NULL)
        skit_lint_report(ctx, c, "the cRLDistributionPoints extension does not decode");
    else if (sk_DIST_POINT_num(dps) != 1)
        skit_lint_report(ctx, c, "cRLDistributionPoints holds %d DistributionPoints; STI "
                         "certificates hold exactly one", sk_DIST_POINT_num(dps));
    else if ((why = dp_problem(sk_DIST_POINT_value(dps, 0))) != NULL)
        skit_lint_report(ctx, c, "the CRL DistributionPoint %s; it needs an HTTP URL of the "
                         "STI-PA CRL and a cRLIssuer DN", why);
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
}

static void check_root(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role == SKIT_ROLE_ROOT && skit_lint_ext(c->x, NID_crl_distribution_points, NULL) > 0)
        skit_lint_report(ctx, c, "the root certificate carries a cRLDistributionPoints "
                         "extension; STI roots carry none");
}

const skit_lint_rule skit_rule_e_atis_crldp_missing = {
    .info = {
        .id = "e_atis_crldp_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "Intermediate and end-entity certificates carry a cRLDistributionPoints "
                       "extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing,
};

const skit_lint_rule skit_rule_e_atis_crldp_shape = {
    .info = {
        .id = "e_atis_crldp_shape",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "cRLDistributionPoints holds one DistributionPoint with an HTTP URL and "
                       "a cRLIssuer DN.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_shape,
};

const skit_lint_rule skit_rule_e_atis_crldp_on_root = {
    .info = {
        .id = "e_atis_crldp_on_root",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "A root certificate carries no cRLDistributionPoints extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_root,
};
