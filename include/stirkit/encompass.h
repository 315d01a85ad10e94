/*
 * stirkit/encompass.h - RFC 9060 §4-5 encompassing of a delegate's
 * TNAuthList by its parent's, and TN authorisation by a TNAuthList.
 *
 * The parent's TN entries form a TN set: the union of its ranges and ones,
 * as intervals of equal-length digit strings, sorted and merged. A child
 * is encompassed when every child entry is covered by that union (the
 * "additive" reading: a child range may span abutting parent ranges):
 *  - child spc X: the parent holds spc X (exact, case-sensitive);
 *  - child one/range: every number in it is in the parent's TN set; numbers
 *    are compared only with numbers of the same digit count;
 *  - a child one/range not covered by the parent's TN set, when the parent
 *    holds at least one spc: the SPC may cover it, which a certificate
 *    cannot show, so the stir_spc_policy decides;
 *  - a parent with no spc never encompasses a child spc.
 */
#ifndef STIRKIT_ENCOMPASS_H
#define STIRKIT_ENCOMPASS_H

#include "stirkit/error.h"
#include "stirkit/tnauthlist.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How TNs under a parent's SPC are judged (RFC 9060 leaves it to policy). */
typedef enum stir_spc_policy {
    /* The issuing CA vouched that the numbers belong to the SPC (SHAKEN,
     * ATIS-1000092 model). The default. */
    STIR_SPC_POLICY_TRUST_ISSUER = 0,
    /* Only numbers listed in the parent's ranges and ones count. */
    STIR_SPC_POLICY_REJECT = 1
} stir_spc_policy;

/*
 * Parses "trust-issuer" or "reject" into *out. STIR_OK, or
 * STIR_E_INVALID_ARG naming the accepted values.
 */
stir_status stir_spc_policy_from_name(const char *name, stir_spc_policy *out,
                                      stir_error_t *err);

/* "trust-issuer" or "reject". */
const char *stir_spc_policy_name(stir_spc_policy policy);

/*
 * Decides whether child is encompassed by parent (RFC 9060 §4), both
 * borrowed. Cost O((n + m) log n) for n parent and m child entries.
 * Returns STIR_OK when encompassed; STIR_E_NOT_ENCOMPASSED with err naming
 * the first child entry (in child order) that is not covered and why (the
 * first uncovered number, the missing SPC, or the policy);
 * STIR_E_INVALID_ARG for NULL; STIR_E_NOMEM.
 */
stir_status stir_tnauthlist_encompasses(const stir_tnauthlist *parent,
                                        const stir_tnauthlist *child,
                                        stir_spc_policy policy,
                                        stir_error_t *err);

/*
 * Decides whether the canonical TN tn (see stir_tn_canonicalize) lies
 * within tnal (RFC 8224 §6.2, RFC 8226 §9): a one or range entry holds it,
 * or tnal holds an spc and the policy is trust-issuer. O(n).
 * Returns STIR_OK; STIR_E_TN_NOT_AUTHORIZED (err says why);
 * STIR_E_MALFORMED when tn is not a TelephoneNumber; STIR_E_INVALID_ARG.
 */
stir_status stir_tnauthlist_authorizes_tn(const stir_tnauthlist *tnal,
                                          const char *tn,
                                          stir_spc_policy policy,
                                          stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_ENCOMPASS_H */
