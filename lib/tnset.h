/*
 * TN sets: the TN entries of a TNAuthList as sorted, merged closed
 * intervals (the comparison form of RFC 3779's extract_min_max, applied to
 * TNs). Internal.
 */
#ifndef STIR_TNSET_H
#define STIR_TNSET_H

#include <stddef.h>
#include <stdint.h>

#include "stirkit/tnauthlist.h"

/*
 * One interval of TNs of len characters. cls 0: digit strings, lo/hi their
 * decimal values. cls 1: a single TN holding '#' or '*', lo = hi = its
 * base-12 value (ranges never hold them). Intervals of different (cls, len)
 * never meet.
 */
typedef struct {
    uint8_t cls;
    uint8_t len;
    uint64_t lo, hi;
} skit_tnrange;

typedef struct {
    skit_tnrange *r;
    size_t n;
} skit_tnset;

/* The interval of a one or range entry (whose value the parser checked). */
skit_tnrange skit_tnrange_of(const stir_tnentry *e);

/* The interval [tn, tn] of a valid TelephoneNumber string. */
skit_tnrange skit_tnrange_of_tn(const char *tn);

/*
 * Builds the set of tnal's one and range entries (spc entries are skipped),
 * sorted by (cls, len, lo) with overlapping and abutting intervals merged.
 * STIR_OK or STIR_E_NOMEM. Free with skit_tnset_clear.
 */
stir_status skit_tnset_build(const stir_tnauthlist *tnal, skit_tnset *set,
                             stir_error_t *err);

void skit_tnset_clear(skit_tnset *set);

/*
 * 1 when every TN of q is in set; else 0 and *uncovered = the first TN of q
 * that is not. O(log n).
 */
int skit_tnset_covers(const skit_tnset *set, const skit_tnrange *q,
                      uint64_t *uncovered);

/* Writes TN value v of interval kind (cls, len) as a string into buf. */
void skit_tn_format(uint8_t cls, uint8_t len, uint64_t v,
                    char buf[STIR_TN_MAX_LEN + 1]);

#endif
