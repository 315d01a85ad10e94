/*
 * Strict PEM (RFC 7468 §3), as RFC 8555 §9.1 requires of
 * application/pem-certificate-chain: no text outside the blocks, no
 * headers, base64 lines of exactly 64 characters, the last of a block 1 to
 * 64. Blank lines between blocks are tolerated.
 */
#include <stdio.h>
#include <string.h>

#include "pem_strict.h"

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

int skit_pem_strict_fault(const char *body, size_t len, int quote, char *why, size_t wn)
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
                if (quote)
                    snprintf(why, wn, "line %ld is text outside the PEM blocks ('%.*s'); an "
                             "x5u chain holds no explanatory text", line, (int)(n < 40 ? n : 40),
                             s);
                else
                    snprintf(why, wn, "line %ld is text outside the PEM blocks; an x5u chain "
                             "holds no explanatory text", line);
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
