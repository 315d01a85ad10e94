/* TN canonicalisation, RFC 8224 §8.3. */
#include <string.h>

#include "stirkit/tn.h"
#include "stirkit/tnauthlist.h"
#include "error_int.h"

static int is_visual_separator(char c)
{
    return c == '-' || c == '.' || c == '(' || c == ')' || c == ' ';
}

stir_status stir_tn_canonicalize(const char *in, char *out, size_t outlen,
                                 stir_error_t *err)
{
    char buf[STIR_TN_MAX_LEN + 1];
    size_t n = 0;
    int seen_plus = 0;

    if (in == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL telephone number or output");
    for (size_t i = 0; in[i] != '\0'; i++) {
        unsigned char c = (unsigned char)in[i];

        if (is_visual_separator((char)c))
            continue;
        if (c == '+' && n == 0 && !seen_plus) {
            seen_plus = 1; /* one leading '+', separators before it allowed */
            continue;
        }
        if (!((c >= '0' && c <= '9') || c == '#' || c == '*')) {
            if (c >= 0x21 && c < 0x7f)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "telephone number '%.32s' holds '%c' at position %zu; "
                                 "only digits, # and * remain after dropping + and - . ( ) space",
                                 in, c, i + 1);
            return skit_fail(err, STIR_E_MALFORMED,
                             "telephone number holds byte 0x%02x at position %zu", c, i + 1);
        }
        if (n == STIR_TN_MAX_LEN)
            return skit_fail(err, STIR_E_MALFORMED,
                             "telephone number '%.32s' has more than %d digits",
                             in, STIR_TN_MAX_LEN);
        buf[n++] = (char)c;
    }
    if (n == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "telephone number '%.32s' holds no digits", in);
    if (outlen < n + 1)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "output buffer of %zu bytes is too small", outlen);
    memcpy(out, buf, n);
    out[n] = '\0';
    return STIR_OK;
}
