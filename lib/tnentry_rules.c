/* RFC 8226 Appendix A value rules for TelephoneNumber, SPC and ranges. */
#include <string.h>

#include "stirkit/tnauthlist.h"
#include "error_int.h"
#include "tnentry_rules.h"

uint64_t skit_pow10(unsigned n)
{
    uint64_t v = 1;

    while (n-- > 0)
        v *= 10;
    return v;
}

stir_status skit_check_tn(const char *s, size_t len, const char *what,
                          stir_error_t *err)
{
    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED, "%s is empty", what);
    if (len > STIR_TN_MAX_LEN)
        return skit_fail(err, STIR_E_MALFORMED,
                         "%s is %zu characters long; a TelephoneNumber has at most %d",
                         what, len, STIR_TN_MAX_LEN);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!((c >= '0' && c <= '9') || c == '#' || c == '*')) {
            if (c >= 0x21 && c < 0x7f)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "%s '%.*s' holds '%c'; a TelephoneNumber is made of 0-9, # and *",
                                 what, (int)len, s, c);
            return skit_fail(err, STIR_E_MALFORMED,
                             "%s holds byte 0x%02x at position %zu; a TelephoneNumber is made of 0-9, # and *",
                             what, c, i);
        }
    }
    return STIR_OK;
}

stir_status skit_check_spc(const char *s, size_t len, stir_error_t *err)
{
    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED, "SPC is empty");
    if (len > STIR_SPC_MAX_LEN)
        return skit_fail(err, STIR_E_MALFORMED, "SPC is %zu bytes long; the limit is %d",
                         len, STIR_SPC_MAX_LEN);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c >= 0x7f)
            return skit_fail(err, STIR_E_MALFORMED,
                             "SPC holds byte 0x%02x at position %zu; an SPC is printable ASCII "
                             "(IA5String without control characters)",
                             c, i);
    }
    return STIR_OK;
}

stir_status skit_check_range(const char *start, size_t len, uint64_t count,
                             stir_error_t *err)
{
    stir_status st = skit_check_tn(start, len, "range start", err);
    uint64_t v = 0;

    if (st != STIR_OK)
        return st;
    for (size_t i = 0; i < len; i++) {
        if (start[i] < '0' || start[i] > '9')
            return skit_fail(err, STIR_E_MALFORMED,
                             "range start '%.*s' holds '%c'; a range covers digit strings only",
                             (int)len, start, start[i]);
        v = v * 10 + (uint64_t)(start[i] - '0');
    }
    if (count < 2)
        return skit_fail(err, STIR_E_MALFORMED,
                         "range count is %llu; RFC 8226 requires count >= 2",
                         (unsigned long long)count);
    /* last = v + count - 1 must stay below 10^len (same digit count). */
    if (count - 1 > skit_pow10((unsigned)len) - 1 - v)
        return skit_fail(err, STIR_E_MALFORMED,
                         "range start %.*s count %llu runs past %zu digits; its last number must have the start's digit count",
                         (int)len, start, (unsigned long long)count, len);
    return STIR_OK;
}
