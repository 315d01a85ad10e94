/*
 * e_atis_signature_algorithm - ATIS-1000080 §6.4.1 [V]: "STI certificates
 * shall contain a Signature Algorithm field with the value
 * 'ecdsa-with-SHA256'." US SHAKEN CP v1.4 §6.1.5 [V, quoted in zlint]
 * lets the CA sign with "ECDSA with Curve P-256 and SHA-256 or ECDSA with
 * Curve P-384 and SHA-384": a certificate under CP v1.4 (its policy OID
 * ...1.1.4, or for a root one of the certificates it issued) may carry
 * ecdsa-with-SHA384, when its issuer's key (if in the bundle) is P-384.
 */
#include <openssl/obj_mac.h>
#include <openssl/objects.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int nid = X509_get_signature_nid(c->x);
    const skit_lint_cert *issuer = c->role == SKIT_ROLE_ROOT ? c : skit_lint_cert_at(ctx, c->up);
    const char *name = nid != NID_undef ? OBJ_nid2ln(nid) : "an unknown algorithm";

    if (nid == NID_ecdsa_with_SHA256)
        return;
    if (nid == NID_ecdsa_with_SHA384 && skit_lint_under_cp_1_4(ctx, c)) {
        if (issuer != NULL && skit_lint_ec_curve(issuer->x) != NID_secp384r1) {
            char key[64];

            skit_lint_report(ctx, c, "the signature is ecdsa-with-SHA384 by %s; US SHAKEN CP v1.4 "
                             "pairs SHA-384 only with P-384 keys",
                             skit_lint_key_name(issuer->x, key, sizeof(key)));
        }
        return;
    }
    skit_lint_report(ctx, c, "the signature algorithm is %s; STI certificates are signed with "
                     "ecdsa-with-SHA256 (ecdsa-with-SHA384 by a P-384 CA only under US SHAKEN "
                     "CP v1.4)", name);
}

const skit_lint_rule skit_rule_e_atis_signature_algorithm = {
    .info = {
        .id = "e_atis_signature_algorithm",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1; US SHAKEN CP v1.4 §6.1.5",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The signature algorithm is ecdsa-with-SHA256 (ecdsa-with-SHA384 from a "
                       "P-384 CA under US SHAKEN CP v1.4).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
