/* Status names and the error detail helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "error_int.h"

static const struct {
    const char *name;
    const char *text;
} status_table[] = {
    [STIR_OK] = {"ok", "success"},
    [STIR_E_INVALID_ARG] = {"invalid_argument", "invalid argument"},
    [STIR_E_NOMEM] = {"no_memory", "out of memory"},
    [STIR_E_MALFORMED] = {"malformed", "malformed input"},
    [STIR_E_NOT_ENCOMPASSED] = {"not_encompassed", "TNAuthList not encompassed by the parent's"},
    [STIR_E_NO_TNAUTHLIST] = {"no_tnauthlist", "certificate has no TNAuthList"},
    [STIR_E_ISSUER_NOT_FOUND] = {"issuer_not_found", "issuer certificate not found"},
    [STIR_E_PATH_INVALID] = {"path_invalid", "certificate path validation failed"},
    [STIR_E_TN_NOT_AUTHORIZED] = {"tn_not_authorized", "telephone number not authorized"},
    [STIR_E_TOO_LARGE] = {"too_large", "input exceeds a limit"},
    [STIR_E_INTERNAL] = {"internal", "internal error"},
    [STIR_E_SIGNATURE] = {"signature_invalid", "signature does not verify"},
    [STIR_E_STALE] = {"stale", "time outside the accepted window"},
    [STIR_E_UNSUPPORTED] = {"unsupported", "not supported"},
    [STIR_E_FETCH] = {"fetch_failed", "fetching a resource failed"},
    [STIR_E_REFUSED] = {"refused", "refused by policy"},
    [STIR_E_IO] = {"io_error", "file or database operation failed"},
    [STIR_E_NOT_FOUND] = {"not_found", "not found"},
    [STIR_E_ALREADY] = {"already_done", "already done"},
};

static int known(stir_status s)
{
    return (unsigned)s < sizeof(status_table) / sizeof(status_table[0]) &&
           status_table[s].name != NULL;
}

const char *stir_strerror(stir_status status)
{
    return known(status) ? status_table[status].text : "unknown status";
}

const char *stir_status_name(stir_status status)
{
    return known(status) ? status_table[status].name : "unknown";
}

void stir_error_clear(stir_error_t *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof(*err));
    err->code = STIR_OK;
    err->offset = -1;
    err->depth = -1;
}

void skit_utf8_trim_tail(char *s)
{
    size_t len = strlen(s), j = len;
    unsigned char lead;
    size_t need;

    while (j > 0 && len - j < 4 && ((unsigned char)s[j - 1] & 0xc0) == 0x80)
        j--;
    if (j == 0)
        return;
    lead = (unsigned char)s[j - 1];
    if (lead < 0xc2 || lead > 0xf4)
        return; /* ASCII, or bytes that start no sequence: nothing cut in half */
    need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (len - (j - 1) < need)
        s[j - 1] = '\0';
}

void skit_utf8_sanitize(char *s)
{
    unsigned char *p = (unsigned char *)s;

    skit_utf8_trim_tail(s);
    while (*p != '\0') {
        size_t need = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3
                     : (*p & 0xf8) == 0xf0 ? 4 : 0;
        size_t i;

        for (i = 1; need > 1 && i < need && (p[i] & 0xc0) == 0x80; i++)
            ;
        if (need == 0 || i < need || (need == 2 && *p < 0xc2)) {
            *p++ = '?'; /* not UTF-8: a lone or stray byte */
            continue;
        }
        if (need == 1 && *p < 0x20 && *p != '\t')
            *p = '?'; /* control characters would forge log and text lines */
        p += need;
    }
}

static stir_status vfail(stir_error_t *err, stir_status code, long offset,
                         const char *fmt, va_list ap)
{
    if (err != NULL) {
        stir_error_clear(err);
        err->code = code;
        err->offset = offset;
        vsnprintf(err->text, sizeof(err->text), fmt, ap);
        skit_utf8_trim_tail(err->text);
    }
    return code;
}

stir_status skit_fail(stir_error_t *err, stir_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, code, -1, fmt, ap);
    va_end(ap);
    return code;
}

stir_status skit_fail_at(stir_error_t *err, stir_status code, long offset,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, code, offset, fmt, ap);
    va_end(ap);
    return code;
}

stir_status skit_error_prefix(stir_error_t *err, stir_status code,
                              const char *fmt, ...)
{
    char prefix[STIR_ERROR_TEXT_SIZE];
    char old[STIR_ERROR_TEXT_SIZE];
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, err->text, sizeof(old));
    {
        size_t plen = strlen(prefix), room = sizeof(err->text) - 1 - plen;
        size_t olen = strlen(old);

        memcpy(err->text, prefix, plen);
        memcpy(err->text + plen, old, olen < room ? olen : room);
        err->text[plen + (olen < room ? olen : room)] = '\0';
        skit_utf8_trim_tail(err->text);
    }
    err->code = code;
    return code;
}

stir_status skit_fail_openssl(stir_error_t *err, const char *what)
{
    unsigned long e = ERR_peek_last_error();
    const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;

    skit_fail(err, STIR_E_INTERNAL, "%s: %s", what,
              reason != NULL ? reason : "OpenSSL reported no reason");
    ERR_clear_error();
    return STIR_E_INTERNAL;
}
