/*
 * e_chain_issuer_not_ca - RFC 5280 §4.2.1.9 and §4.2.1.3: a certificate
 * whose key signs certificates has basicConstraints cA TRUE and, with a
 * keyUsage, keyCertSign; RFC 9060 §5 [R]: a parent that issues delegate
 * certificates itself is a CA with keyCertSign. Reported on the issuer,
 * once per certificate it issued in the bundle.
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *u = skit_lint_cert_at(ctx, c->up);

    if (u == NULL || u == c)
        return;
    if (!u->is_ca)
        skit_lint_report(ctx, u, "the certificate issued '%s' (position %d) but is not a CA: its "
                         "basicConstraints cA is not TRUE", c->subject, c->position);
    else if (skit_lint_ext(u->x, NID_key_usage, NULL) > 0 &&
             (X509_get_key_usage(u->x) & KU_KEY_CERT_SIGN) == 0)
        skit_lint_report(ctx, u, "the certificate issued '%s' (position %d) but its keyUsage "
                         "lacks keyCertSign", c->subject, c->position);
}

const skit_lint_rule skit_rule_e_chain_issuer_not_ca = {
    .info = {
        .id = "e_chain_issuer_not_ca",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 5280 §4.2.1.9; RFC 9060 §5",
        .effective = SKIT_DATE_RFC5280,
        .description = "A certificate that issued another in the bundle is a CA with "
                       "keyCertSign.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
