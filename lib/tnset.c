/* TN sets: sorted, merged intervals of equal-length TNs (RFC 9060 §4). */
#include <stdlib.h>
#include <string.h>

#include "error_int.h"
#include "tnset.h"

static unsigned digit12(char c)
{
    return c == '*' ? 10u : c == '#' ? 11u : (unsigned)(c - '0');
}

skit_tnrange skit_tnrange_of_tn(const char *tn)
{
    skit_tnrange r = {0, 0, 0, 0};
    size_t len = strlen(tn);

    r.len = (uint8_t)len;
    r.cls = strpbrk(tn, "#*") != NULL;
    for (size_t i = 0; i < len; i++)
        r.lo = r.lo * (r.cls ? 12u : 10u) + digit12(tn[i]);
    r.hi = r.lo;
    return r;
}

skit_tnrange skit_tnrange_of(const stir_tnentry *e)
{
    skit_tnrange r = skit_tnrange_of_tn(e->value);

    if (e->type == STIR_TNENTRY_RANGE)
        r.hi = r.lo + e->count - 1;
    return r;
}

void skit_tn_format(uint8_t cls, uint8_t len, uint64_t v,
                    char buf[STIR_TN_MAX_LEN + 1])
{
    static const char digits[] = "0123456789*#";
    unsigned base = cls ? 12u : 10u;

    buf[len] = '\0';
    for (int i = len - 1; i >= 0; i--) {
        buf[i] = digits[v % base];
        v /= base;
    }
}

static int key_cmp(const skit_tnrange *a, const skit_tnrange *b)
{
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return 0;
}

static int qsort_cmp(const void *a, const void *b)
{
    return key_cmp(a, b);
}

stir_status skit_tnset_build(const stir_tnauthlist *tnal, skit_tnset *set,
                             stir_error_t *err)
{
    size_t n = stir_tnauthlist_count(tnal), k = 0;

    set->r = NULL;
    set->n = 0;
    if (n == 0)
        return STIR_OK;
    set->r = malloc(n * sizeof(*set->r));
    if (set->r == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory building a TN set");
    for (size_t i = 0; i < n; i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(tnal, i);

        if (e->type != STIR_TNENTRY_SPC)
            set->r[k++] = skit_tnrange_of(e);
    }
    qsort(set->r, k, sizeof(*set->r), qsort_cmp);
    /* Merge overlapping and abutting intervals of the same kind. */
    set->n = 0;
    for (size_t i = 0; i < k; i++) {
        skit_tnrange *last = set->n ? &set->r[set->n - 1] : NULL;

        if (last != NULL && last->cls == set->r[i].cls && last->len == set->r[i].len &&
            set->r[i].lo <= last->hi + 1) {
            if (set->r[i].hi > last->hi)
                last->hi = set->r[i].hi;
        } else {
            set->r[set->n++] = set->r[i];
        }
    }
    return STIR_OK;
}

void skit_tnset_clear(skit_tnset *set)
{
    if (set == NULL)
        return;
    free(set->r);
    set->r = NULL;
    set->n = 0;
}

int skit_tnset_covers(const skit_tnset *set, const skit_tnrange *q,
                      uint64_t *uncovered)
{
    size_t lo = 0, hi = set->n;
    const skit_tnrange *r;

    /* Find the last interval whose key is <= q's key. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (key_cmp(&set->r[mid], q) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    r = lo > 0 ? &set->r[lo - 1] : NULL;
    if (r == NULL || r->cls != q->cls || r->len != q->len || r->hi < q->lo) {
        *uncovered = q->lo;
        return 0;
    }
    if (r->hi < q->hi) {
        *uncovered = r->hi + 1;
        return 0;
    }
    return 1;
}
