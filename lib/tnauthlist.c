/*
 * TNAuthList (RFC 8226 §9, Appendix A): the in-memory list, its builders,
 * and strict DER decoding and encoding through the ASN.1 templates.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "stirkit/tnauthlist.h"
#include "error_int.h"
#include "tnauthlist_asn1.h"
#include "tnauthlist_int.h"
#include "tnentry_rules.h"

struct stir_tnauthlist {
    stir_tnentry *entries;
    size_t n, cap;
};

stir_tnauthlist *stir_tnauthlist_new(void)
{
    return calloc(1, sizeof(stir_tnauthlist));
}

void stir_tnauthlist_free(stir_tnauthlist *tnal)
{
    if (tnal == NULL)
        return;
    for (size_t i = 0; i < tnal->n; i++)
        free((char *)tnal->entries[i].value);
    free(tnal->entries);
    free(tnal);
}

size_t stir_tnauthlist_count(const stir_tnauthlist *tnal)
{
    return tnal != NULL ? tnal->n : 0;
}

const stir_tnentry *stir_tnauthlist_get0_entry(const stir_tnauthlist *tnal,
                                               size_t i)
{
    if (tnal == NULL || i >= tnal->n)
        return NULL;
    return &tnal->entries[i];
}

char *stir_tnentry_format(const stir_tnentry *e, char *buf, size_t n)
{
    static const char *const kind[] = {"spc", "range", "one"};

    if (buf == NULL || n == 0)
        return buf;
    if (e == NULL || (unsigned)e->type > STIR_TNENTRY_ONE) {
        snprintf(buf, n, "(invalid entry)");
    } else if (e->type == STIR_TNENTRY_RANGE) {
        snprintf(buf, n, "range %s %" PRIu64, e->value, e->count);
    } else {
        snprintf(buf, n, "%s %s", kind[e->type], e->value);
    }
    return buf;
}

/* Appends an entry whose value (len bytes, not NUL-terminated) was checked. */
static stir_status append(stir_tnauthlist *tnal, stir_tnentry_type type,
                          const char *value, size_t len, uint64_t count,
                          stir_error_t *err)
{
    char *copy;

    if (tnal->n >= STIR_TNAL_MAX_ENTRIES)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "TNAuthList would exceed %d entries", STIR_TNAL_MAX_ENTRIES);
    if (tnal->n == tnal->cap) {
        size_t cap = tnal->cap ? tnal->cap * 2 : 8;
        stir_tnentry *e = realloc(tnal->entries, cap * sizeof(*e));

        if (e == NULL)
            return skit_fail(err, STIR_E_NOMEM, "out of memory growing a TNAuthList");
        tnal->entries = e;
        tnal->cap = cap;
    }
    copy = malloc(len + 1);
    if (copy == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory copying a TNEntry");
    memcpy(copy, value, len);
    copy[len] = '\0';
    tnal->entries[tnal->n].type = type;
    tnal->entries[tnal->n].value = copy;
    tnal->entries[tnal->n].count = count;
    tnal->n++;
    return STIR_OK;
}

stir_status stir_tnauthlist_add_spc(stir_tnauthlist *tnal, const char *spc,
                                    stir_error_t *err)
{
    stir_status st;

    if (tnal == NULL || spc == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or SPC");
    st = skit_check_spc(spc, strlen(spc), err);
    return st != STIR_OK ? st : append(tnal, STIR_TNENTRY_SPC, spc, strlen(spc), 0, err);
}

stir_status stir_tnauthlist_add_range(stir_tnauthlist *tnal, const char *start,
                                      uint64_t count, stir_error_t *err)
{
    stir_status st;

    if (tnal == NULL || start == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or range start");
    st = skit_check_range(start, strlen(start), count, err);
    return st != STIR_OK ? st
                         : append(tnal, STIR_TNENTRY_RANGE, start, strlen(start), count, err);
}

stir_status stir_tnauthlist_add_one(stir_tnauthlist *tnal, const char *tn,
                                    stir_error_t *err)
{
    stir_status st;

    if (tnal == NULL || tn == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or TN");
    st = skit_check_tn(tn, strlen(tn), "TN", err);
    return st != STIR_OK ? st : append(tnal, STIR_TNENTRY_ONE, tn, strlen(tn), 0, err);
}

stir_status stir_tnauthlist_add_text(stir_tnauthlist *tnal, const char *entry,
                                     stir_error_t *err)
{
    const char *colon;
    char start[STIR_TN_MAX_LEN + 1];
    const char *cnt;
    char *end;
    unsigned long long count;
    size_t slen;

    if (tnal == NULL || entry == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or entry");
    if (strncmp(entry, "spc:", 4) == 0)
        return stir_tnauthlist_add_spc(tnal, entry + 4, err);
    if (strncmp(entry, "one:", 4) == 0)
        return stir_tnauthlist_add_one(tnal, entry + 4, err);
    if (strncmp(entry, "range:", 6) != 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "entry '%.40s' is not spc:CODE, range:START:COUNT or one:TN", entry);
    colon = strchr(entry + 6, ':');
    if (colon == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "range entry '%.40s' lacks :COUNT (range:START:COUNT)", entry);
    slen = (size_t)(colon - (entry + 6));
    if (slen > STIR_TN_MAX_LEN)
        return skit_check_tn(entry + 6, slen, "range start", err);
    memcpy(start, entry + 6, slen);
    start[slen] = '\0';
    cnt = colon + 1;
    if (*cnt < '0' || *cnt > '9')
        return skit_fail(err, STIR_E_MALFORMED,
                         "range count '%.30s' is not a decimal number", cnt);
    errno = 0;
    count = strtoull(cnt, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return skit_fail(err, STIR_E_MALFORMED,
                         "range count '%.30s' is not a decimal number that fits 64 bits", cnt);
    return stir_tnauthlist_add_range(tnal, start, (uint64_t)count, err);
}

/* ---- DER decoding ---------------------------------------------------- */

/* Checks one decoded TN_ENTRY and appends it; index names it in errors. */
static stir_status take_entry(stir_tnauthlist *tnal, const TN_ENTRY *e,
                              size_t index, long offset, stir_error_t *err)
{
    static const char *const kind[] = {"spc", "range", "one"};
    const ASN1_IA5STRING *s;
    stir_status st;
    int64_t count = 0;

    switch (e->type) {
    case TN_ENTRY_SPC:
        s = e->u.spc;
        st = skit_check_spc((const char *)s->data, (size_t)s->length, err);
        break;
    case TN_ENTRY_ONE:
        s = e->u.one;
        st = skit_check_tn((const char *)s->data, (size_t)s->length, "TN", err);
        break;
    case TN_ENTRY_RANGE:
        s = e->u.range->start;
        if (!ASN1_INTEGER_get_int64(&count, e->u.range->count)) {
            ERR_clear_error();
            st = skit_fail(err, STIR_E_MALFORMED,
                           "range count does not fit 64 bits; a range spans at most 10^15 numbers");
        } else if (count < 2) {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "range count is %" PRId64 "; RFC 8226 requires count >= 2", count);
        } else {
            st = skit_check_range((const char *)s->data, (size_t)s->length,
                                  (uint64_t)count, err);
        }
        break;
    default:
        return skit_fail(err, STIR_E_INTERNAL, "unknown TNEntry arm %d", e->type);
    }
    if (st == STIR_OK)
        st = append(tnal, (stir_tnentry_type)e->type, (const char *)s->data,
                    (size_t)s->length, (uint64_t)count, err);
    if (st != STIR_OK) {
        skit_error_prefix(err, st, "entry %zu (%s): ", index + 1, kind[e->type]);
        if (err != NULL)
            err->offset = offset;
    }
    return st;
}

/* Offset of the first differing byte, or -1 when a equals b. */
static long first_difference(const unsigned char *a, size_t alen,
                             const unsigned char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;

    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (long)i;
    return alen == blen ? -1 : (long)n;
}

/* Length of the outer SEQUENCE header of DER that d2i already accepted. */
static long outer_header_length(const unsigned char *der, size_t len)
{
    const unsigned char *q = der;
    long clen;
    int tag, cls;

    (void)ASN1_get_object(&q, &clen, &tag, &cls, (long)len);
    return (long)(q - der);
}

stir_status stir_tnauthlist_parse(const unsigned char *der, size_t len,
                                  stir_tnauthlist **out, stir_error_t *err)
{
    const unsigned char *p = der;
    TN_AUTH_LIST *asn;
    stir_tnauthlist *tnal = NULL;
    unsigned char *re = NULL;
    int relen, n;
    long diff, offset;
    stir_status st = STIR_OK;

    if (der == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL DER input or output");
    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED, "empty input: no TNAuthList SEQUENCE");
    if (len > (size_t)INT_MAX)
        return skit_fail(err, STIR_E_TOO_LARGE, "TNAuthList of %zu bytes is too large", len);

    asn = d2i_TN_AUTH_LIST(NULL, &p, (long)len);
    if (asn == NULL) {
        st = skit_tnal_diagnose(der, len, err);
        ERR_clear_error();
        return st;
    }
    if ((size_t)(p - der) != len) {
        st = skit_fail_at(err, STIR_E_MALFORMED, (long)(p - der),
                          "%zu byte(s) follow the TNAuthList SEQUENCE", len - (size_t)(p - der));
        goto done;
    }
    n = sk_TN_ENTRY_num(asn);
    if (n <= 0) {
        st = skit_fail_at(err, STIR_E_MALFORMED, 0,
                          "TNAuthList is empty; SEQUENCE SIZE (1..MAX) needs at least one TNEntry");
        goto done;
    }
    if (n > STIR_TNAL_MAX_ENTRIES) {
        st = skit_fail(err, STIR_E_TOO_LARGE, "TNAuthList has %d entries; the limit is %d",
                       n, STIR_TNAL_MAX_ENTRIES);
        goto done;
    }
    relen = i2d_TN_AUTH_LIST(asn, &re);
    if (relen <= 0) {
        st = skit_fail_openssl(err, "re-encoding the TNAuthList");
        goto done;
    }
    diff = first_difference(der, len, re, (size_t)relen);
    if (diff >= 0) {
        const char *why = NULL;
        long at = skit_der_first_ber(der, len, &why);

        if (at >= 0)
            st = skit_fail_at(err, STIR_E_MALFORMED, at, "not DER: byte %ld starts %s", at, why);
        else
            st = skit_fail_at(err, STIR_E_MALFORMED, diff,
                              "not DER: byte %ld differs from the DER re-encoding", diff);
        goto done;
    }
    tnal = stir_tnauthlist_new();
    if (tnal == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory");
        goto done;
    }
    /* The input is DER, so each entry starts after the outer header plus the
     * DER lengths of the entries before it. */
    offset = outer_header_length(der, len);
    for (int i = 0; i < n && st == STIR_OK; i++) {
        const TN_ENTRY *e = sk_TN_ENTRY_value(asn, i);

        st = take_entry(tnal, e, (size_t)i, offset, err);
        offset += i2d_TN_ENTRY(e, NULL);
    }
done:
    OPENSSL_free(re);
    TN_AUTH_LIST_free(asn);
    if (st != STIR_OK) {
        stir_tnauthlist_free(tnal);
        return st;
    }
    *out = tnal;
    return STIR_OK;
}

/* ---- DER encoding ---------------------------------------------------- */

static ASN1_IA5STRING *ia5(const char *s)
{
    ASN1_IA5STRING *a = ASN1_IA5STRING_new();

    if (a != NULL && !ASN1_STRING_set(a, s, (int)strlen(s))) {
        ASN1_IA5STRING_free(a);
        return NULL;
    }
    return a;
}

static TN_ENTRY *to_asn1(const stir_tnentry *e)
{
    TN_ENTRY *a = TN_ENTRY_new();

    if (a == NULL)
        return NULL;
    a->type = (int)e->type;
    switch (e->type) {
    case STIR_TNENTRY_SPC:
        a->u.spc = ia5(e->value);
        if (a->u.spc == NULL)
            goto fail;
        break;
    case STIR_TNENTRY_ONE:
        a->u.one = ia5(e->value);
        if (a->u.one == NULL)
            goto fail;
        break;
    case STIR_TNENTRY_RANGE:
        a->u.range = TN_RANGE_new();
        if (a->u.range == NULL)
            goto fail;
        ASN1_IA5STRING_free(a->u.range->start);
        a->u.range->start = ia5(e->value);
        if (a->u.range->start == NULL ||
            !ASN1_INTEGER_set_uint64(a->u.range->count, e->count))
            goto fail;
        break;
    }
    return a;
fail:
    TN_ENTRY_free(a);
    return NULL;
}

stir_status stir_tnauthlist_encode(const stir_tnauthlist *tnal,
                                   unsigned char **der, size_t *len,
                                   stir_error_t *err)
{
    TN_AUTH_LIST *asn;
    unsigned char *buf = NULL;
    int n;

    if (tnal == NULL || der == NULL || len == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or output");
    if (tnal->n == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "TNAuthList is empty; SEQUENCE SIZE (1..MAX) needs at least one TNEntry");
    asn = sk_TN_ENTRY_new_reserve(NULL, (int)tnal->n);
    if (asn == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory encoding a TNAuthList");
    for (size_t i = 0; i < tnal->n; i++) {
        TN_ENTRY *e = to_asn1(&tnal->entries[i]);

        if (e == NULL || !sk_TN_ENTRY_push(asn, e)) {
            TN_ENTRY_free(e);
            TN_AUTH_LIST_free(asn);
            return skit_fail(err, STIR_E_NOMEM, "out of memory encoding a TNAuthList");
        }
    }
    n = i2d_TN_AUTH_LIST(asn, &buf);
    TN_AUTH_LIST_free(asn);
    if (n <= 0)
        return skit_fail_openssl(err, "encoding a TNAuthList");
    *der = buf;
    *len = (size_t)n;
    return STIR_OK;
}
