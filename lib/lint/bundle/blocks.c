/*
 * What the PEM blocks of a bundle hold - RFC 8555 §9.1: an
 * application/pem-certificate-chain holds certificates only (RFC 7468
 * "CERTIFICATE" blocks, no headers). The engine reports these while it
 * reads the bundle (lib/lint/engine.c), so one bad block does not stop the
 * lint of the others.
 * e_bundle_not_certificate: a block of another kind - a private key above
 * all, which must never be published.
 * e_cert_undecodable: a CERTIFICATE block whose content is not a DER
 * certificate (or that has RFC 1421 headers).
 */
#include "lint/lint_int.h"

const skit_lint_rule skit_rule_e_bundle_not_certificate = {
    .info = {
        .id = "e_bundle_not_certificate",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "chain",
        .source = "RFC 8555 §9.1; RFC 7468 §5",
        .effective = 0,
        .description = "Every PEM block is a CERTIFICATE; a chain file never holds a private "
                       "key.",
    },
    .kind = SKIT_SCOPE_READ,
};

const skit_lint_rule skit_rule_e_cert_undecodable = {
    .info = {
        .id = "e_cert_undecodable",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "certificate",
        .source = "RFC 5280 §4.1; RFC 7468 §5",
        .effective = 0,
        .description = "Every CERTIFICATE block decodes as one DER X.509 certificate, without "
                       "headers.",
    },
    .kind = SKIT_SCOPE_READ,
};
