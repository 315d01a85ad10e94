/*
 * The common-name words - ATIS-1000080 v004/v005 §6.4.1 [V]: "For root
 * and intermediate certificates, the Common Name attribute shall include
 * the text string 'SHAKEN'. For root certificates, the Common Name
 * attribute shall include the text string `ROOT` (case insensitive)."
 * "The Common Name attribute of an end-entity certificate shall contain
 * the text string `SHAKEN`, followed by a single space, followed by the
 * SPC value identified in the TNAuthList of the end-entity certificate
 * (e.g., 'CN=SHAKEN 1234')." 'SHAKEN' is matched as written, 'ROOT' in any
 * case, as the text says. A missing CN is e_atis_subject_cn.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/objects.h>

#include "lint/lint_int.h"

/* The CN into buf; 0 when there is none. */
static int common_name(const skit_lint_cert *c, char *buf, size_t n)
{
    return skit_lint_name_attr(X509_get_subject_name(c->x), NID_commonName, buf, n) > 0;
}

static void check_ca(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char cn[SKIT_LINT_NAME_SIZE];

    if (c->role != SKIT_ROLE_LEAF && common_name(c, cn, sizeof(cn)) &&
        strstr(cn, "SHAKEN") == NULL)
        skit_lint_report(ctx, c, "the CA certificate's common name '%s' does not include "
                         "'SHAKEN'", cn);
}

static void check_root(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char cn[SKIT_LINT_NAME_SIZE];

    if (c->role == SKIT_ROLE_ROOT && common_name(c, cn, sizeof(cn)) &&
        !skit_lint_contains_nocase(cn, "ROOT"))
        skit_lint_report(ctx, c, "the root certificate's common name '%s' does not include "
                         "'ROOT'", cn);
}

static void check_leaf(skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    char cn[SKIT_LINT_NAME_SIZE], want[STIR_SPC_MAX_LEN + 8];
    const stir_tnentry *e = stir_tnauthlist_count(c->tnal) == 1
                                ? stir_tnauthlist_get0_entry(c->tnal, 0) : NULL;

    if (c->role != SKIT_ROLE_LEAF || !common_name(c, cn, sizeof(cn)))
        return;
    if (e != NULL && e->type == STIR_TNENTRY_SPC) {
        snprintf(want, sizeof(want), "SHAKEN %s", e->value);
        if (strcmp(cn, want) != 0)
            skit_lint_report(ctx, c, "the common name '%s' is not '%s' ('SHAKEN', a space and "
                             "the SPC of its TNAuthList)", cn, want);
    } else if (strncmp(cn, "SHAKEN ", 7) != 0) {
        skit_lint_report(ctx, c, "the common name '%s' does not start with 'SHAKEN ' (followed "
                         "by the SPC of its TNAuthList)", cn);
    }
}

const skit_lint_rule skit_rule_e_atis_subject_cn_ca = {
    .info = {
        .id = "e_atis_subject_cn_ca",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V004,
        .description = "A root or intermediate certificate's CN includes 'SHAKEN'.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_ca,
};

const skit_lint_rule skit_rule_e_atis_subject_cn_root = {
    .info = {
        .id = "e_atis_subject_cn_root",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V004,
        .description = "A root certificate's CN includes 'ROOT' (any case).",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_root,
};

const skit_lint_rule skit_rule_e_atis_subject_cn_leaf = {
    .info = {
        .id = "e_atis_subject_cn_leaf",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_SHAKEN,
        .scope = "certificate",
        .source = "ATIS-1000080 v005 §6.4.1",
        .effective = SKIT_DATE_ATIS_V004,
        .description = "An end-entity certificate's CN is 'SHAKEN <SPC>' with the SPC of its "
                       "TNAuthList.",
    },
    .kind = SKIT_SCOPE_CERT,
    .check_cert = check_leaf,
};
