/* base64 and base64url (RFC 4648) on top of OpenSSL's block codec. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "stirkit/base64.h"
#include "error_int.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_b64(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

stir_status stir_base64_decode(const char *in, size_t len, unsigned char **out,
                               size_t *outlen, stir_error_t *err)
{
    char *buf;
    unsigned char *bin;
    size_t n = 0, pad = 0;
    int dec;

    if (in == NULL || out == NULL || outlen == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL base64 input or output");
    if (len > (size_t)1 << 30)
        return skit_fail(err, STIR_E_TOO_LARGE, "base64 input of %zu bytes is too large", len);
    buf = malloc(len + 4);
    if (buf == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory decoding base64");
    for (size_t i = 0; i < len; i++) {
        char c = in[i];

        if (is_space(c))
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad > 0 || !(is_b64(c) || c == '-' || c == '_')) {
            free(buf);
            if (pad > 0)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "base64 has data after '=' padding at position %zu", i + 1);
            if ((unsigned char)c >= 0x21 && (unsigned char)c < 0x7f)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "'%c' at position %zu is not a base64 or base64url character",
                                 c, i + 1);
            return skit_fail(err, STIR_E_MALFORMED,
                             "byte 0x%02x at position %zu is not a base64 character",
                             (unsigned char)c, i + 1);
        }
        buf[n++] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    if (n % 4 == 1 || pad > 2 || (pad > 0 && (n + pad) % 4 != 0)) {
        free(buf);
        return skit_fail(err, STIR_E_MALFORMED,
                         "base64 text of %zu characters has an impossible length or padding", n);
    }
    pad = (4 - n % 4) % 4;
    for (size_t i = 0; i < pad; i++)
        buf[n++] = '=';
    bin = malloc(n / 4 * 3 + 1);
    if (bin == NULL) {
        free(buf);
        return skit_fail(err, STIR_E_NOMEM, "out of memory decoding base64");
    }
    dec = n > 0 ? EVP_DecodeBlock(bin, (const unsigned char *)buf, (int)n) : 0;
    free(buf);
    if (dec < 0) {
        free(bin);
        return skit_fail(err, STIR_E_MALFORMED, "base64 text does not decode");
    }
    *out = bin;
    *outlen = (size_t)dec - pad;
    return STIR_OK;
}

stir_status stir_base64url_decode_strict(const char *in, size_t len,
                                         unsigned char **out, size_t *outlen,
                                         stir_error_t *err)
{
    if (in == NULL || out == NULL || outlen == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL base64url input or output");
    for (size_t i = 0; i < len; i++) {
        char c = in[i];

        if (!(is_b64(c) && c != '+' && c != '/') && c != '-' && c != '_') {
            if (c == '=')
                return skit_fail(err, STIR_E_MALFORMED,
                                 "base64url holds '=' padding at position %zu; JOSE forbids it",
                                 i + 1);
            if ((unsigned char)c >= 0x21 && (unsigned char)c < 0x7f)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "'%c' at position %zu is not a base64url character", c, i + 1);
            return skit_fail(err, STIR_E_MALFORMED,
                             "byte 0x%02x at position %zu is not a base64url character",
                             (unsigned char)c, i + 1);
        }
    }
    return stir_base64_decode(in, len, out, outlen, err);
}

stir_status stir_base64_encode(const unsigned char *in, size_t len, int url,
                               char **out, stir_error_t *err)
{
    char *s;
    size_t n;

    if ((in == NULL && len > 0) || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL base64 input or output");
    if (len > (size_t)1 << 30)
        return skit_fail(err, STIR_E_TOO_LARGE, "input of %zu bytes is too large", len);
    s = malloc((len + 2) / 3 * 4 + 1);
    if (s == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory encoding base64");
    n = len > 0 ? (size_t)EVP_EncodeBlock((unsigned char *)s, in, (int)len) : 0;
    s[n] = '\0';
    if (url) {
        while (n > 0 && s[n - 1] == '=')
            s[--n] = '\0';
        for (size_t i = 0; i < n; i++)
            s[i] = s[i] == '+' ? '-' : s[i] == '/' ? '_' : s[i];
    }
    *out = s;
    return STIR_OK;
}
