/*
 * The keyUsage family - ATIS-1000080 §6.4.1 [V].
 * v005: "STI certificates shall contain a Key Usage extension marked as
 * critical. For root and intermediate certificates, the Key Usage
 * extension shall contain a single key usage value of keyCertSign (5).
 * For end-entity certificates, the Key Usage extension shall contain a
 * single key usage value of digitalSignature (0)."
 * v003/v004: CA certificates "shall contain the key usage value
 * keyCertSign (5), and may contain the key usage values digitalSignature
 * (0) and/or cRLSign (6)" - so a CA certificate issued before v005 is
 * judged by e_atis_key_usage_ca_v004, a later one by e_atis_key_usage_ca.
 */
#include <openssl/x509v3.h>

#include "lint/lint_int.h"

#define KU_ALL (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION | KU_KEY_ENCIPHERMENT | \
                KU_DATA_ENCIPHERMENT | KU_KEY_AGREEMENT | KU_KEY_CERT_SIGN | KU_CRL_SIGN | \
                KU_ENCIPHER_ONLY | KU_DECIPHER_ONLY)

/* The key usage bits, or -1 when the extension is absent. */
static long key_usage(const skit_lint_cert *c)
{
    if (skit_lint_ext(c->x, NID_key_usage, NULL) == 0)
        return -1;
    return (long)(X509_get_key_usage(c->x) & KU_ALL);
}

static void check_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (key_usage(c) < 0)
        skit_lint_report(ctx, c, "the certificate has no keyUsage extension; STI certificates "
                         "carry one, marked critical");
}

static void check_critical(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    int critical = 0;

    if (skit_lint_ext(c->x, NID_key_usage, &critical) > 0 && !critical)
        skit_lint_report(ctx, c, "keyUsage is not marked critical");
}

static void check_ee(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    long ku = key_usage(c);
    char bits[160];

    if (c->role == SKIT_ROLE_LEAF && ku >= 0 && ku != KU_DIGITAL_SIGNATURE)
        skit_lint_report(ctx, c, "keyUsage is %s; an end-entity STI certificate has exactly "
                         "digitalSignature", skit_lint_ku_text((uint32_t)ku, bits, sizeof(bits)));
}

static void check_ca_v004(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    long ku = key_usage(c);
    char bits[160];

    if (c->role == SKIT_ROLE_LEAF || ku < 0)
        return;
    if ((ku & KU_KEY_CERT_SIGN) == 0 ||
        (ku & ~(long)(KU_KEY_CERT_SIGN | KU_DIGITAL_SIGNATURE | KU_CRL_SIGN)) != 0)
        skit_lint_report(ctx, c, "keyUsage is %s; a CA certificate of ATIS-1000080 v003/v004 has "
                         "keyCertSign and at most digitalSignature and cRLSign besides",
                         skit_lint_ku_text((uint32_t)ku, bits, sizeof(bits)));
}

static void check_ca(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    long ku = key_usage(c);
    char bits[160];

    if (c->role != SKIT_ROLE_LEAF && ku >= 0 && ku != KU_KEY_CERT_SIGN)
        skit_lint_report(ctx, c, "keyUsage is %s; a root or intermediate STI certificate has "
                         "exactly keyCertSign (since ATIS-1000080 v005)",
                         skit_lint_ku_text((uint32_t)ku, bits, sizeof(bits)));
}

const skit_lint_rule skit_rule_e_atis_key_usage_missing = {
    .info = {
        .id = "e_atis_key_usage_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "Every STI certificate carries a keyUsage extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing,
};

const skit_lint_rule skit_rule_e_atis_key_usage_not_critical = {
    .info = {
        .id = "e_atis_key_usage_not_critical",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The keyUsage extension is marked critical.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_critical,
};

const skit_lint_rule skit_rule_e_atis_key_usage_ee = {
    .info = {
        .id = "e_atis_key_usage_ee",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "An end-entity certificate's keyUsage is exactly digitalSignature.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_ee,
};

const skit_lint_rule skit_rule_e_atis_key_usage_ca_v004 = {
    .info = {
        .id = "e_atis_key_usage_ca_v004",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v004 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .ineffective = SKIT_DATE_ATIS_V005,
        .description = "Before v005, a CA certificate's keyUsage has keyCertSign and at most "
                       "digitalSignature and cRLSign besides.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_ca_v004,
};

const skit_lint_rule skit_rule_e_atis_key_usage_ca = {
    .info = {
        .id = "e_atis_key_usage_ca",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V005,
        .description = "From v005, a root or intermediate certificate's keyUsage is exactly "
                       "keyCertSign.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_ca,
};
