/*
 * e_atis_serial_entropy - ATIS-1000080 v005 §6.4.1.1 [V]: the serial number
 * is "an integer greater than zero. The serial number shall contain at
 * least 64 bits of output from a Cryptographically Secure PseudoRandom
 * Number Generator (CSPRNG)."
 *
 * Randomness cannot be seen in one certificate; what can be seen is a
 * serial too short to hold 64 bits: fewer than 8 octets of magnitude
 * (at most 56 significant bits). A CA drawing exactly 64 random bits
 * lands there once in 256 issuances, which is why CAs draw more.
 */
#include <openssl/bn.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(c->x), NULL);
    int bits;

    if (bn == NULL || BN_is_negative(bn) || BN_is_zero(bn)) {
        BN_free(bn); /* not positive: e_rfc5280_serial_not_positive says so */
        return;
    }
    bits = BN_num_bits(bn);
    if (bits <= 56)
        skit_lint_report(ctx, c, "the serial number has %d significant bits (%d octets); 64 bits "
                         "of CSPRNG output need at least 8 octets", bits, (bits + 7) / 8);
    BN_free(bn);
}

const skit_lint_rule skit_rule_e_atis_serial_entropy = {
    .info = {
        .id = "e_atis_serial_entropy",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1.1",
        .effective = SKIT_DATE_ATIS_V005,
        .description = "The serial number is long enough to hold 64 bits of CSPRNG output "
                       "(at least 8 octets).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
