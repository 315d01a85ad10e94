/*
 * e_atis_subject_public_key - ATIS-1000080 v005 §6.4.1 [V]: the subject
 * public key has an "algorithm field containing the value 'id-ecPublicKey'
 * and a namedCurve field containing the value ... P-256 ... The
 * subjectPublicKey field shall contain a 256-bit public key." CA
 * certificates under US SHAKEN CP v1.4 §6.1.5 may hold P-384 keys (the CP
 * lets CAs sign with P-384 / SHA-384); end-entity keys sign PASSporTs
 * with ES256 and stay P-256.
 */
#include <openssl/obj_mac.h>

#include "lint/lint_int.h"

static void check(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int curve = skit_lint_ec_curve(c->x);
    char key[64];

    if (curve == NID_X9_62_prime256v1)
        return;
    if (curve == NID_secp384r1 && c->role != SKIT_ROLE_LEAF && skit_lint_under_cp_1_4(ctx, c))
        return;
    skit_lint_report(ctx, c, "the subject key is %s; STI certificates hold an id-ecPublicKey "
                     "P-256 key (P-384 only in CA certificates under US SHAKEN CP v1.4)",
                     skit_lint_key_name(c->x, key, sizeof(key)));
}

const skit_lint_rule skit_rule_e_atis_subject_public_key = {
    .info = {
        .id = "e_atis_subject_public_key",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1; US SHAKEN CP v1.4 §6.1.5",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The subject key is EC P-256 (P-384 in CA certificates under US SHAKEN "
                       "CP v1.4).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check,
};
