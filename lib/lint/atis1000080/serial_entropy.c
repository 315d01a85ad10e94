/*
 * e_atis_serial_entropy - ATIS-1000080 v005 §6.4.1.1 [V]: the serial number
 * is "an integer greater than zero. The serial number shall contain at
 * least 64 bits of output from a Cryptographically Secure PseudoRandom
 * Number Generator (CSPRNG)."
 *
 * Randomness cannot be seen in one certificate; its room can: a serial
 * with fewer than 64 significant bits cannot hold 64 bits of output. An
 * 8-octet positive serial has at most 63, so a CA drawing exactly 64
 * random bits must keep the top one (a leading 0x00 octet then makes the
 * INTEGER 9 octets) or draw more. Public lint reports on the SHAKEN
 * corpus flag 63-bit serials the same way.
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
    if (bits < 64)
        skit_lint_report(ctx, c, "the serial number has %d significant bits; STI serial numbers "
                         "hold at least 64 bits of CSPRNG output", bits);
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
        .description = "The serial number has at least 64 significant bits (room for 64 bits "
                       "of CSPRNG output).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
