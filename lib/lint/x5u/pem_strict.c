/*
 * e_x5u_pem_not_strict - RFC 8555 §9.1 [V, RFC 8555 source]: "The
 * textual encoding of certificates in this file MUST use the strict
 * encoding and MUST NOT include explanatory text." RFC 7468 §3 strict
 * encoding: base64 lines of exactly 64 characters, the last one 1 to 64,
 * no headers. Blank lines between blocks are tolerated. The first fault
 * is reported, by line number (1-based).
 */
#include <stdio.h>
#include <string.h>

#include "lint/lint_int.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static int starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);

    return n >= k && memcmp(s, prefix, k) == 0;
}

/* The first fault of body as a strict PEM chain into why; 0 when none. */
static int fault(const char *body, size_t len, char *why, size_t wn)
{
    size_t pos = 0, last_len = 0;
    long line = 0;
    int in_block = 0, short_seen = 0;

    while (pos < len) {
        const char *s = body + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl != NULL ? (size_t)(nl - s) : len - pos;

        pos += n + (nl != NULL);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (!in_block) {
            if (starts(s, n, "-----BEGIN ")) {
                in_block = 1;
                short_seen = 0;
                last_len = 0;
            } else if (!blank(s, n)) {
                snprintf(why, wn, "line %ld is text outside the PEM blocks ('%.*s'); an x5u "
                         "chain holds no explanatory text", line, (int)(n < 40 ? n : 40), s);
                return 1;
            }
            continue;
        }
        if (starts(s, n, "-----END ")) {
            in_block = 0;
            if (last_len == 0) {
                snprintf(why, wn, "the PEM block ending on line %ld is empty", line);
                return 1;
            }
            continue;
        }
        if (memchr(s, ':', n) != NULL) {
            snprintf(why, wn, "line %ld is a PEM header; strict blocks have none", line);
            return 1;
        }
        for (size_t i = 0; i < n; i++)
            if (s[i] == '\0' || strchr(b64, s[i]) == NULL) {
                snprintf(why, wn, "line %ld holds a character that is not base64", line);
                return 1;
            }
        if (short_seen || n > 64 || n == 0) {
            snprintf(why, wn, "line %ld: strict base64 lines are 64 characters, only the last "
                     "of a block shorter", short_seen ? line - 1 : line);
            return 1;
        }
        short_seen = n < 64;
        last_len = n;
    }
    if (in_block) {
        snprintf(why, wn, "the last PEM block has no END line");
        return 1;
    }
    return 0;
}

static void check(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    char why[160];

    if (r->fetched && r->status == 200 && r->body != NULL &&
        fault(r->body, r->len, why, sizeof(why)))
        skit_lint_report(ctx, NULL, "the body is not strict PEM: %s", why);
}

const skit_lint_rule skit_rule_e_x5u_pem_not_strict = {
    .info = {
        .id = "e_x5u_pem_not_strict",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "RFC 8555 §9.1; RFC 7468 §3",
        .effective = SKIT_DATE_RFC8555,
        .description = "The body is strict PEM: certificate blocks only, 64-character base64 "
                       "lines, no text around them.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check,
};
