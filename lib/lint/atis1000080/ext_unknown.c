/*
 * e_atis_ext_unknown - ATIS-1000080 v005 §6.4.1.1 [V]: "STI certificates
 * shall not include extensions that are not specified." The specified
 * ones: keyUsage, basicConstraints, certificatePolicies,
 * subjectKeyIdentifier, authorityKeyIdentifier, cRLDistributionPoints and
 * TNAuthList (1.3.6.1.5.5.7.1.26). extendedKeyUsage, JWTClaimConstraints
 * and Netscape comments are all "not specified".
 */
#include <stdio.h>

#include <openssl/objects.h>

#include "stirkit/stirkit.h"
#include "lint/lint_int.h"

static int specified(int nid)
{
    return nid == NID_key_usage || nid == NID_basic_constraints ||
           nid == NID_certificate_policies || nid == NID_subject_key_identifier ||
           nid == NID_authority_key_identifier || nid == NID_crl_distribution_points ||
           (nid != NID_undef && nid == stir_nid_tnauthlist());
}

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char list[400] = "";
    size_t o = 0;
    int found = 0;

    for (int i = 0; i < X509_get_ext_count(c->x); i++) {
        const ASN1_OBJECT *obj = X509_EXTENSION_get_object(X509_get_ext(c->x, i));
        int nid = OBJ_obj2nid(obj);
        char oid[80];
        int w;

        if (specified(nid))
            continue;
        OBJ_obj2txt(oid, sizeof(oid), obj, 1);
        if (nid != NID_undef)
            w = snprintf(list + o, sizeof(list) - o, "%s%s (%s)", found ? ", " : "",
                         OBJ_nid2sn(nid), oid);
        else
            w = snprintf(list + o, sizeof(list) - o, "%s%s", found ? ", " : "", oid);
        o += w > 0 && (size_t)w < sizeof(list) - o ? (size_t)w : 0;
        found++;
    }
    if (found > 0)
        skit_lint_report(ctx, c, "the certificate carries %s that ATIS-1000080 does not "
                         "specify: %s", found == 1 ? "an extension" : "extensions", list);
}

const skit_lint_rule skit_rule_e_atis_ext_unknown = {
    .info = {
        .id = "e_atis_ext_unknown",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1.1",
        .effective = SKIT_DATE_ATIS_V005,
        .description = "No extension outside keyUsage, basicConstraints, certificatePolicies, "
                       "SKID, AKID, cRLDistributionPoints and TNAuthList.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
