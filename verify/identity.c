/* The SIP Identity header field (RFC 8224 §4): parsing and building. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stirkit/identity.h"
#include "error_int.h"

/* A cursor over the header value; the parse helpers advance pos. */
struct cursor {
    const char *s;
    size_t len, pos;
};

static int is_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int is_b64url(char c)
{
    return is_alnum(c) || c == '-' || c == '_';
}

/* signed-identity-digest: base64url, base64 (erratum 6499) and '.'. */
static int is_digest_char(char c)
{
    return is_b64url(c) || c == '+' || c == '/' || c == '.';
}

/* RFC 3261 §25.1 token characters. */
static int is_token_char(char c)
{
    return is_alnum(c) || (c != '\0' && strchr("-.!%*_+`'~", c) != NULL);
}

/* gen-value as a token or host (RFC 3261 generic-param), IPv6 included. */
static int is_gen_value_char(char c)
{
    return is_token_char(c) || c == ':' || c == '[' || c == ']';
}

/* Skips SWS: SP, HTAB, and CRLF followed by SP or HTAB (line folding). */
static void skip_lws(struct cursor *c)
{
    for (;;) {
        if (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t'))
            c->pos++;
        else if (c->pos + 2 < c->len && c->s[c->pos] == '\r' && c->s[c->pos + 1] == '\n' &&
                 (c->s[c->pos + 2] == ' ' || c->s[c->pos + 2] == '\t'))
            c->pos += 3;
        else
            return;
    }
}

/* "'x' at position N" or "byte 0xNN at position N" for messages. */
static const char *describe(const struct cursor *c, char *buf, size_t size)
{
    unsigned char b = (unsigned char)c->s[c->pos];

    if (b > 0x20 && b < 0x7f)
        snprintf(buf, size, "'%c' at position %zu", (char)b, c->pos + 1);
    else
        snprintf(buf, size, "byte 0x%02x at position %zu", b, c->pos + 1);
    return buf;
}

static int lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive comparison of s[0..n) with a lower-case literal. */
static int name_is(const char *s, size_t n, const char *lit)
{
    if (strlen(lit) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != lit[i])
            return 0;
    return 1;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* absoluteURI (RFC 3261): scheme ":" then printable ASCII without space. */
static int is_absolute_uri(const char *s, size_t n)
{
    size_t i = 0;

    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return 0;
    while (i < n && (is_alnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (i == n || s[i] != ':' || i + 1 == n)
        return 0;
    for (; i < n; i++) {
        unsigned char b = (unsigned char)s[i];

        if (b <= 0x20 || b >= 0x7f || b == '<' || b == '>' || b == '"')
            return 0;
    }
    return 1;
}

/* How a parameter value was written. */
enum value_kind { VALUE_URI, VALUE_QUOTED, VALUE_TOKEN };

/*
 * Reads a parameter value at the cursor: <uri>, a quoted-string (unescaped)
 * or a token/host, setting *kind. name/nlen name the parameter in messages.
 * *out: new.
 */
static stir_status read_value(struct cursor *c, const char *name, int nlen, char **out,
                              enum value_kind *kind, stir_error_t *err)
{
    size_t start = c->pos;
    char what[48];

    if (c->pos < c->len && c->s[c->pos] == '<') {
        const char *end = memchr(c->s + c->pos + 1, '>', c->len - c->pos - 1);
        size_t n;

        if (end == NULL)
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header: unterminated '<' in parameter '%.*s' at "
                             "position %zu", nlen, name, start + 1);
        n = (size_t)(end - (c->s + c->pos + 1));
        if (!is_absolute_uri(c->s + c->pos + 1, n))
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header: parameter '%.*s' holds <%.*s>, which is not an "
                             "absolute URI", nlen, name, (int)(n < 80 ? n : 80),
                             c->s + c->pos + 1);
        *out = dup_n(c->s + c->pos + 1, n);
        *kind = VALUE_URI;
        c->pos += n + 2;
    } else if (c->pos < c->len && c->s[c->pos] == '"') {
        char *buf = malloc(c->len - c->pos);
        size_t n = 0;

        if (buf == NULL)
            return skit_fail(err, STIR_E_NOMEM, "out of memory parsing an Identity header");
        for (c->pos++;; c->pos++) {
            unsigned char b;

            if (c->pos >= c->len) {
                free(buf);
                return skit_fail(err, STIR_E_MALFORMED,
                                 "Identity header: unterminated quoted string in parameter "
                                 "'%.*s' starting at position %zu", nlen, name, start + 1);
            }
            b = (unsigned char)c->s[c->pos];
            if (b == '"')
                break;
            if (b == '\\' && c->pos + 1 < c->len)
                b = (unsigned char)c->s[++c->pos];
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                free(buf);
                return skit_fail(err, STIR_E_MALFORMED,
                                 "Identity header: quoted string in parameter '%.*s' holds %s",
                                 nlen, name, describe(c, what, sizeof(what)));
            }
            buf[n++] = (char)b;
        }
        c->pos++; /* the closing quote */
        buf[n] = '\0';
        *out = buf;
        *kind = VALUE_QUOTED;
    } else {
        while (c->pos < c->len && is_gen_value_char(c->s[c->pos]))
            c->pos++;
        if (c->pos == start) {
            if (c->pos == c->len)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "Identity header: parameter '%.*s' has '=' but no value", nlen,
                                 name);
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header: parameter '%.*s' has %s where its value should "
                             "start", nlen, name, describe(c, what, sizeof(what)));
        }
        *out = dup_n(c->s + start, c->pos - start);
        *kind = VALUE_TOKEN;
    }
    if (*out == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory parsing an Identity header");
    return STIR_OK;
}

void stir_identity_free(stir_identity *id)
{
    if (id == NULL)
        return;
    free(id->jws);
    free(id->info);
    free(id->alg);
    free(id->ppt);
    free(id);
}

/* Parses "; name [= value]" pairs after the digest into id. */
static stir_status parse_params(struct cursor *c, stir_identity *id, stir_error_t *err)
{
    char what[48];

    for (;;) {
        size_t nstart;
        int nlen;
        char *value = NULL, **slot = NULL;
        enum value_kind kind = VALUE_TOKEN;
        stir_status st;

        skip_lws(c);
        if (c->pos == c->len)
            return STIR_OK;
        if (c->s[c->pos] != ';')
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header holds %s where ';' and a parameter should follow",
                             describe(c, what, sizeof(what)));
        c->pos++;
        skip_lws(c);
        nstart = c->pos;
        while (c->pos < c->len && is_token_char(c->s[c->pos]))
            c->pos++;
        if (c->pos == nstart) {
            if (c->pos == c->len)
                return skit_fail(err, STIR_E_MALFORMED,
                                 "Identity header ends with ';' and no parameter");
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header holds %s where a parameter name should start",
                             describe(c, what, sizeof(what)));
        }
        nlen = (int)(c->pos - nstart);
        if (name_is(c->s + nstart, (size_t)nlen, "info"))
            slot = &id->info;
        else if (name_is(c->s + nstart, (size_t)nlen, "alg"))
            slot = &id->alg;
        else if (name_is(c->s + nstart, (size_t)nlen, "ppt"))
            slot = &id->ppt;
        if (slot != NULL && *slot != NULL)
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header has parameter '%.*s' twice", nlen, c->s + nstart);
        skip_lws(c);
        if (c->pos < c->len && c->s[c->pos] == '=') {
            c->pos++;
            skip_lws(c);
            st = read_value(c, c->s + nstart, nlen, &value, &kind, err);
            if (st != STIR_OK)
                return st;
        } else if (slot != NULL) {
            return skit_fail(err, STIR_E_MALFORMED, "Identity header parameter '%.*s' has no value",
                             nlen, c->s + nstart);
        }
        if (slot == &id->info && kind != VALUE_URI) {
            free(value);
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header parameter 'info' must be <absoluteURI> in angle "
                             "brackets (RFC 8224 §4)");
        }
        if (slot != NULL && slot != &id->info && kind == VALUE_URI) {
            free(value);
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header parameter '%.*s' must be a token, not <URI>", nlen,
                             c->s + nstart);
        }
        if (slot != NULL)
            *slot = value; /* generic parameters are ignored */
        else
            free(value);
    }
}

stir_status stir_identity_parse(const char *value, size_t len, stir_identity **out,
                                stir_error_t *err)
{
    struct cursor c = {value, len, 0};
    stir_identity *id;
    size_t dstart;
    char what[48];
    stir_status st;

    if (out != NULL)
        *out = NULL;
    if (value == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL Identity header or output");
    if (len > STIR_IDENTITY_MAX_LEN)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "Identity header of %zu bytes exceeds the %d-byte limit", len,
                         STIR_IDENTITY_MAX_LEN);
    skip_lws(&c);
    dstart = c.pos;
    while (c.pos < c.len && is_digest_char(c.s[c.pos]))
        c.pos++;
    if (c.pos == dstart) {
        if (c.pos == c.len || c.s[c.pos] == ';')
            return skit_fail(err, STIR_E_MALFORMED,
                             "Identity header has an empty signed-identity-digest (RFC 8224 §4)");
        return skit_fail(err, STIR_E_MALFORMED,
                         "Identity header holds %s where the signed-identity-digest (base64url "
                         "and '.') should start", describe(&c, what, sizeof(what)));
    }
    id = calloc(1, sizeof(*id));
    if (id == NULL || (id->jws = dup_n(c.s + dstart, c.pos - dstart)) == NULL) {
        free(id);
        return skit_fail(err, STIR_E_NOMEM, "out of memory parsing an Identity header");
    }
    id->compact = c.pos - dstart >= 2 && id->jws[0] == '.' && id->jws[1] == '.';
    st = parse_params(&c, id, err);
    if (st != STIR_OK) {
        stir_identity_free(id);
        return st;
    }
    *out = id;
    return STIR_OK;
}

stir_status stir_identity_build(const char *jws, const char *info, const char *ppt, char **out,
                                stir_error_t *err)
{
    size_t n;
    char *s;

    if (jws == NULL || info == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT, info URI or output");
    if (*jws == '\0')
        return skit_fail(err, STIR_E_MALFORMED, "the PASSporT for the Identity header is empty");
    for (size_t i = 0; jws[i] != '\0'; i++)
        if (!is_b64url(jws[i]) && jws[i] != '.')
            return skit_fail(err, STIR_E_MALFORMED,
                             "the PASSporT holds byte 0x%02x at position %zu; an Identity header "
                             "carries base64url and '.' only", (unsigned char)jws[i], i + 1);
    if (!is_absolute_uri(info, strlen(info)))
        return skit_fail(err, STIR_E_MALFORMED,
                         "info '%.80s' is not an absolute URI without space, '<', '>' or '\"'",
                         info);
    if (ppt != NULL) {
        if (*ppt == '\0')
            return skit_fail(err, STIR_E_MALFORMED, "ppt is empty");
        for (size_t i = 0; ppt[i] != '\0'; i++)
            if (!is_token_char(ppt[i]))
                return skit_fail(err, STIR_E_MALFORMED,
                                 "ppt '%.32s' is not a SIP token (RFC 3261 §25.1)", ppt);
    }
    n = strlen(jws) + strlen(";info=<>;alg=ES256") + strlen(info) +
        (ppt != NULL ? strlen(";ppt=") + strlen(ppt) : 0);
    if (n > STIR_IDENTITY_MAX_LEN)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "Identity header of %zu bytes would exceed the %d-byte limit", n,
                         STIR_IDENTITY_MAX_LEN);
    s = malloc(n + 1);
    if (s == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory building an Identity header");
    snprintf(s, n + 1, "%s;info=<%s>;alg=ES256%s%s", jws, info, ppt != NULL ? ";ppt=" : "",
             ppt != NULL ? ppt : "");
    *out = s;
    return STIR_OK;
}
