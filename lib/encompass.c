/*
 * RFC 9060 §4-5: is a delegate's TNAuthList encompassed by its parent's?
 * And is a TN within a TNAuthList (RFC 8224 §6.2)?
 */
#include <stdlib.h>
#include <string.h>

#include "stirkit/encompass.h"
#include "error_int.h"
#include "tnentry_rules.h"
#include "tnset.h"

stir_status stir_spc_policy_from_name(const char *name, stir_spc_policy *out,
                                      stir_error_t *err)
{
    if (name != NULL && out != NULL) {
        if (strcmp(name, "trust-issuer") == 0) {
            *out = STIR_SPC_POLICY_TRUST_ISSUER;
            return STIR_OK;
        }
        if (strcmp(name, "reject") == 0) {
            *out = STIR_SPC_POLICY_REJECT;
            return STIR_OK;
        }
    }
    return skit_fail(err, STIR_E_INVALID_ARG,
                     "unknown SPC policy '%.32s'; use trust-issuer or reject",
                     name != NULL ? name : "(null)");
}

const char *stir_spc_policy_name(stir_spc_policy policy)
{
    return policy == STIR_SPC_POLICY_REJECT ? "reject" : "trust-issuer";
}

static int strptr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The parent's SPCs as a sorted array of borrowed strings. */
static stir_status collect_spcs(const stir_tnauthlist *tnal, const char ***spcs,
                                size_t *n, stir_error_t *err)
{
    size_t count = stir_tnauthlist_count(tnal);

    *spcs = NULL;
    *n = 0;
    for (size_t i = 0; i < count; i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(tnal, i);

        if (e->type != STIR_TNENTRY_SPC)
            continue;
        if (*spcs == NULL) {
            *spcs = malloc(count * sizeof(**spcs));
            if (*spcs == NULL)
                return skit_fail(err, STIR_E_NOMEM, "out of memory collecting SPCs");
        }
        (*spcs)[(*n)++] = e->value;
    }
    if (*n > 1)
        qsort(*spcs, *n, sizeof(**spcs), strptr_cmp);
    return STIR_OK;
}

/* Fills err for a child TN entry that the parent's TN set does not cover. */
static stir_status tn_not_covered(stir_error_t *err, const char *entry,
                                  const skit_tnrange *q, uint64_t uncovered,
                                  size_t nspc, stir_spc_policy policy)
{
    char tn[STIR_TN_MAX_LEN + 1];

    skit_tn_format(q->cls, q->len, uncovered, tn);
    if (nspc > 0)
        return skit_fail(err, STIR_E_NOT_ENCOMPASSED,
                         "entry '%s' is not covered: %s is in none of the parent's TNs or "
                         "ranges, and SPC policy '%s' does not let the parent's SPC cover it",
                         entry, tn, stir_spc_policy_name(policy));
    return skit_fail(err, STIR_E_NOT_ENCOMPASSED,
                     "entry '%s' is not covered: %s is outside the parent's TNAuthList",
                     entry, tn);
}

stir_status stir_tnauthlist_encompasses(const stir_tnauthlist *parent,
                                        const stir_tnauthlist *child,
                                        stir_spc_policy policy,
                                        stir_error_t *err)
{
    skit_tnset set;
    const char **spcs = NULL;
    size_t nspc = 0, m;
    stir_status st;
    char entry[STIR_TNENTRY_TEXT_SIZE];

    if (parent == NULL || child == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL parent or child TNAuthList");
    st = skit_tnset_build(parent, &set, err);
    if (st != STIR_OK)
        return st;
    st = collect_spcs(parent, &spcs, &nspc, err);
    m = stir_tnauthlist_count(child);
    for (size_t i = 0; i < m && st == STIR_OK; i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(child, i);
        skit_tnrange q;
        uint64_t uncovered;

        if (e->type == STIR_TNENTRY_SPC) {
            if (nspc == 0)
                st = skit_fail(err, STIR_E_NOT_ENCOMPASSED,
                               "entry '%s' is not covered: the parent lists only TNs and "
                               "ranges, which never encompass an SPC",
                               stir_tnentry_format(e, entry, sizeof(entry)));
            else if (bsearch(&e->value, spcs, nspc, sizeof(*spcs), strptr_cmp) == NULL)
                st = skit_fail(err, STIR_E_NOT_ENCOMPASSED,
                               "entry '%s' is not covered: the parent holds no spc %s",
                               stir_tnentry_format(e, entry, sizeof(entry)), e->value);
            continue;
        }
        q = skit_tnrange_of(e);
        if (skit_tnset_covers(&set, &q, &uncovered))
            continue;
        if (nspc > 0 && policy == STIR_SPC_POLICY_TRUST_ISSUER)
            continue;
        st = tn_not_covered(err, stir_tnentry_format(e, entry, sizeof(entry)), &q,
                            uncovered, nspc, policy);
    }
    free(spcs);
    skit_tnset_clear(&set);
    return st;
}

stir_status stir_tnauthlist_authorizes_tn(const stir_tnauthlist *tnal,
                                          const char *tn,
                                          stir_spc_policy policy,
                                          stir_error_t *err)
{
    skit_tnrange q;
    size_t n, nspc = 0;
    stir_status st;

    if (tnal == NULL || tn == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL TNAuthList or TN");
    st = skit_check_tn(tn, strlen(tn), "TN", err);
    if (st != STIR_OK)
        return st;
    q = skit_tnrange_of_tn(tn);
    n = stir_tnauthlist_count(tnal);
    for (size_t i = 0; i < n; i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(tnal, i);
        skit_tnrange r;

        if (e->type == STIR_TNENTRY_SPC) {
            nspc++;
            continue;
        }
        r = skit_tnrange_of(e);
        if (r.cls == q.cls && r.len == q.len && r.lo <= q.lo && q.lo <= r.hi)
            return STIR_OK;
    }
    if (nspc > 0 && policy == STIR_SPC_POLICY_TRUST_ISSUER)
        return STIR_OK;
    if (nspc > 0)
        return skit_fail(err, STIR_E_TN_NOT_AUTHORIZED,
                         "TN %s is in none of the certificate's TNs or ranges, and SPC policy "
                         "'reject' does not let its SPC cover it", tn);
    return skit_fail(err, STIR_E_TN_NOT_AUTHORIZED,
                     "TN %s is outside the certificate's TNAuthList", tn);
}
