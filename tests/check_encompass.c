/* Unit tests: RFC 9060 encompassing and TN authorisation. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stirkit/stirkit.h"
#include "testutil.h"

#define TRUST STIR_SPC_POLICY_TRUST_ISSUER
#define REJECT STIR_SPC_POLICY_REJECT

/* vectors.md D4, the "additive" truth table, plus edges. why: substring of
 * the error, NULL when encompassed. */
static const struct {
    const char *parent, *child;
    stir_spc_policy policy;
    const char *why;
} table[] = {
    /* D4 1-2: inside one range, up to its last number */
    {"range:2155551000:1000", "one:2155551500", TRUST, NULL},
    {"range:2155551000:1000", "range:2155551900:100", TRUST, NULL},
    /* D4 3: runs one past the end */
    {"range:2155551000:1000", "range:2155551900:200", TRUST, "2155552000 is outside"},
    /* D4 4: additive across abutting parent ranges */
    {"range:2155551000:1000 range:2155552000:1000", "range:2155551900:200", TRUST, NULL},
    /* the same with the parent's entries out of order */
    {"range:2155552000:1000 range:2155551000:1000", "range:2155551900:200", TRUST, NULL},
    /* D4 5: a gap 2155552000..2099 */
    {"range:2155551000:1000 range:2155552100:900", "range:2155551900:300", TRUST,
     "2155552000 is outside"},
    /* D4 6-7: one number does not cover a range of two; two ones do */
    {"one:2155551212", "range:2155551212:2", TRUST, "2155551213 is outside"},
    {"one:2155551212 one:2155551213", "range:2155551212:2", TRUST, NULL},
    /* overlapping parent entries */
    {"range:2155551000:600 range:2155551500:600", "range:2155551000:1100", TRUST, NULL},
    /* D4 8-9: SPC identity, case-sensitive */
    {"spc:1234", "spc:1234", TRUST, NULL},
    {"spc:1234", "spc:5678", TRUST, "holds no spc 5678"},
    {"spc:ABC1", "spc:abc1", TRUST, "holds no spc abc1"},
    /* D4 10: SPC parent, TN child: policy */
    {"spc:1234", "one:2155551212", TRUST, NULL},
    {"spc:1234", "range:2155551212:100", TRUST, NULL},
    {"spc:1234", "one:2155551212", REJECT, "SPC policy 'reject'"},
    /* D4 11: a TN-only parent never encompasses an SPC */
    {"range:2155551000:1000", "spc:1234", TRUST, "never encompass an SPC"},
    {"range:2155551000:1000", "spc:1234", REJECT, "never encompass an SPC"},
    /* D4 12: lengths differ */
    {"range:2155551000:1000", "one:215555100", TRUST, "215555100 is outside"},
    {"range:2155551000:1000", "one:02155551000", TRUST, "02155551000 is outside"},
    /* D4 14: mixed parent and child, both policies */
    {"spc:1234 range:2155551000:10", "spc:1234 one:2155551005", TRUST, NULL},
    {"spc:1234 range:2155551000:10", "spc:1234 one:2155551005", REJECT, NULL},
    /* mixed parent: a TN outside its ranges falls to the SPC policy */
    {"spc:1234 range:2155551000:10", "one:2155559999", TRUST, NULL},
    {"spc:1234 range:2155551000:10", "one:2155559999", REJECT, "2155559999 is in none"},
    /* the first failing child entry is named */
    {"range:2155551000:1000", "one:2155551001 one:2155550999 one:2155553000", TRUST,
     "entry 'one 2155550999'"},
    /* numbers with # and * match only themselves */
    {"one:*67 one:#31#", "one:*67", TRUST, NULL},
    {"one:*67", "one:*68", TRUST, "*68 is outside"},
    {"range:100:900", "one:1*0", TRUST, "1*0 is outside"},
};

START_TEST(test_table)
{
    stir_tnauthlist *p = tu_tnal(table[_i].parent), *c = tu_tnal(table[_i].child);
    stir_error_t err;
    stir_status st = stir_tnauthlist_encompasses(p, c, table[_i].policy, &err);

    if (table[_i].why == NULL) {
        ck_assert_msg(st == STIR_OK, "row %d: %s", _i, err.text);
    } else {
        ck_assert_msg(st == STIR_E_NOT_ENCOMPASSED, "row %d: status %d", _i, st);
        ck_assert_msg(strstr(err.text, table[_i].why) != NULL, "row %d: got '%s', want '%s'", _i,
                      err.text, table[_i].why);
    }
    stir_tnauthlist_free(p);
    stir_tnauthlist_free(c);
}
END_TEST

/* Encompassing agrees with a brute-force bitmap over all 3-digit numbers. */
START_TEST(test_random_against_bitmap)
{
    uint32_t seed = 12345;

    for (int round = 0; round < 2000; round++) {
        unsigned char have[1000] = {0};
        stir_tnauthlist *p = stir_tnauthlist_new(), *c = stir_tnauthlist_new();
        int np = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
        int expect = 1;

        for (int i = 0; i < np; i++) {
            unsigned lo = ((seed = seed * 1103515245u + 12345u) >> 16) % 1000;
            unsigned cnt = 1 + ((seed = seed * 1103515245u + 12345u) >> 16) % 120;
            char tn[8];

            if (lo + cnt > 1000)
                cnt = 1000 - lo;
            snprintf(tn, sizeof(tn), "%03u", lo);
            if (cnt == 1)
                stir_tnauthlist_add_one(p, tn, NULL);
            else
                stir_tnauthlist_add_range(p, tn, cnt, NULL);
            for (unsigned k = lo; k < lo + cnt; k++)
                have[k] = 1;
        }
        {
            unsigned lo = ((seed = seed * 1103515245u + 12345u) >> 16) % 1000;
            unsigned cnt = 1 + ((seed = seed * 1103515245u + 12345u) >> 16) % 60;
            char tn[8];

            if (lo + cnt > 1000)
                cnt = 1000 - lo;
            snprintf(tn, sizeof(tn), "%03u", lo);
            if (cnt == 1)
                stir_tnauthlist_add_one(c, tn, NULL);
            else
                stir_tnauthlist_add_range(c, tn, cnt, NULL);
            for (unsigned k = lo; k < lo + cnt; k++)
                expect &= have[k];
        }
        ck_assert_int_eq(stir_tnauthlist_encompasses(p, c, REJECT, NULL) == STIR_OK, expect);
        stir_tnauthlist_free(p);
        stir_tnauthlist_free(c);
    }
}
END_TEST

static const struct {
    const char *tnal, *tn;
    stir_spc_policy policy;
    stir_status want;
} authz[] = {
    {"one:12125551824", "12125551824", TRUST, STIR_OK},
    {"one:12125551824", "12125551825", TRUST, STIR_E_TN_NOT_AUTHORIZED},
    {"range:12125551800:100", "12125551899", TRUST, STIR_OK},
    {"range:12125551800:100", "12125551900", TRUST, STIR_E_TN_NOT_AUTHORIZED},
    {"range:12125551800:100", "2125551850", TRUST, STIR_E_TN_NOT_AUTHORIZED},
    {"spc:1234", "12125551824", TRUST, STIR_OK},
    {"spc:1234", "12125551824", REJECT, STIR_E_TN_NOT_AUTHORIZED},
    {"spc:1234 one:12125551824", "12125551824", REJECT, STIR_OK},
    {"one:*67", "*67", REJECT, STIR_OK},
    {"one:12125551824", "+12125551824", TRUST, STIR_E_MALFORMED},
};

START_TEST(test_authorizes_tn)
{
    stir_tnauthlist *t = tu_tnal(authz[_i].tnal);
    stir_error_t err;
    stir_status st = stir_tnauthlist_authorizes_tn(t, authz[_i].tn, authz[_i].policy, &err);

    ck_assert_msg(st == authz[_i].want, "row %d: status %d (%s)", _i, st, err.text);
    if (st == STIR_E_TN_NOT_AUTHORIZED)
        ck_assert_ptr_nonnull(strstr(err.text, authz[_i].tn));
    stir_tnauthlist_free(t);
}
END_TEST

START_TEST(test_policy_names)
{
    stir_spc_policy p;
    stir_error_t err;

    ck_assert_int_eq(stir_spc_policy_from_name("reject", &p, &err), STIR_OK);
    ck_assert_int_eq(p, REJECT);
    ck_assert_str_eq(stir_spc_policy_name(p), "reject");
    ck_assert_int_eq(stir_spc_policy_from_name("trust-issuer", &p, &err), STIR_OK);
    ck_assert_int_eq(p, TRUST);
    ck_assert_int_eq(stir_spc_policy_from_name("lookup", &p, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(err.text, "use trust-issuer or reject"));
    ck_assert_int_eq(stir_tnauthlist_encompasses(NULL, NULL, TRUST, &err), STIR_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("encompass");
    TCase *tc = tcase_create("encompass");

    tcase_add_loop_test(tc, test_table, 0, sizeof(table) / sizeof(table[0]));
    tcase_add_test(tc, test_random_against_bitmap);
    tcase_add_loop_test(tc, test_authorizes_tn, 0, sizeof(authz) / sizeof(authz[0]));
    tcase_add_test(tc, test_policy_names);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
