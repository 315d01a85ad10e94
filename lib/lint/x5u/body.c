/*
 * e_x5u_body_not_chain - RFC 8224 §7.2, RFC 8555 §9.1: a 200 response to
 * an x5u URL carries an application/pem-certificate-chain. Reported by
 * stir_lint_x5u when the body is not a certificate bundle at all (no
 * certificate decodes), with the reason; a body that is a bundle is
 * linted as one.
 */
#include "lint/lint_int.h"

const skit_lint_rule skit_rule_e_x5u_body_not_chain = {
    .info = {
        .id = "e_x5u_body_not_chain",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "RFC 8224 §7.2; RFC 8555 §9.1",
        .effective = 0,
        .description = "A 200 response's body is a PEM certificate chain.",
    },
    .kind = SKIT_SCOPE_X5U,
};
