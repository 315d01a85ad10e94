/*
 * The TNAuthList family of the SHAKEN profile - ATIS-1000080 v005 §6.4.1
 * [V]: "STI end-entity certificates shall contain a TNAuthList extension
 * as specified in RFC 8226. The TNAuthList shall contain a single SPC
 * value. The SPC value shall contain only numbers and uppercase letters.
 * The TNAuthList shall not contain any TNs or TN ranges. STI root and
 * intermediate certificates shall not contain a TNAuthList extension."
 * (RFC 9060 delegation needs exactly what this forbids: lint delegate
 * chains with the delegate profile.) A TNAuthList that does not decode is
 * e_rfc8226_tnal_malformed.
 */
#include <stdio.h>
#include <string.h>

#include "lint/lint_int.h"

static void check_missing(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role == SKIT_ROLE_LEAF && c->tnal_status == STIR_E_NO_TNAUTHLIST)
        skit_lint_report(ctx, c, "the end-entity certificate has no TNAuthList extension; a "
                         "SHAKEN end-entity certificate names its SPC in one");
}

static void check_one_spc(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    size_t n = stir_tnauthlist_count(c->tnal);
    char list[3 * STIR_TNENTRY_TEXT_SIZE + 16] = "";
    size_t o = 0;

    if (c->role != SKIT_ROLE_LEAF || c->tnal == NULL)
        return;
    if (n == 1 && stir_tnauthlist_get0_entry(c->tnal, 0)->type == STIR_TNENTRY_SPC)
        return;
    for (size_t i = 0; i < n && i < 3; i++) {
        char e[STIR_TNENTRY_TEXT_SIZE];
        int w = snprintf(list + o, sizeof(list) - o, "%s'%s'", i ? ", " : "",
                         stir_tnentry_format(stir_tnauthlist_get0_entry(c->tnal, i), e, sizeof(e)));

        o += w > 0 && (size_t)w < sizeof(list) - o ? (size_t)w : 0;
    }
    skit_lint_report(ctx, c, "the TNAuthList holds %zu entr%s (%s%s); a SHAKEN end-entity "
                     "certificate holds exactly one SPC and no TNs or ranges", n,
                     n == 1 ? "y" : "ies", list, n > 3 ? ", ..." : "");
}

static void check_spc_format(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    for (size_t i = 0; c->role == SKIT_ROLE_LEAF && i < stir_tnauthlist_count(c->tnal); i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(c->tnal, i);

        if (e->type == STIR_TNENTRY_SPC &&
            strspn(e->value, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(e->value))
            skit_lint_report(ctx, c, "the SPC '%.64s' holds characters other than digits and "
                             "upper-case letters", e->value);
    }
}

static void check_on_ca(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (c->role != SKIT_ROLE_LEAF && c->tnal_status != STIR_E_NO_TNAUTHLIST)
        skit_lint_report(ctx, c, "the CA certificate carries a TNAuthList extension; SHAKEN "
                         "root and intermediate certificates carry none");
}

const skit_lint_rule skit_rule_e_atis_tnal_missing = {
    .info = {
        .id = "e_atis_tnal_missing",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The end-entity certificate carries a TNAuthList extension.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_missing,
};

const skit_lint_rule skit_rule_e_atis_tnal_not_one_spc = {
    .info = {
        .id = "e_atis_tnal_not_one_spc",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The end-entity TNAuthList holds exactly one SPC and no TNs or ranges.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_one_spc,
};

const skit_lint_rule skit_rule_e_atis_tnal_spc_format = {
    .info = {
        .id = "e_atis_tnal_spc_format",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "The SPC holds only digits and upper-case letters [0-9A-Z].",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_spc_format,
};

const skit_lint_rule skit_rule_e_atis_tnal_on_ca = {
    .info = {
        .id = "e_atis_tnal_on_ca",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V003,
        .description = "Root and intermediate certificates carry no TNAuthList.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_on_ca,
};
