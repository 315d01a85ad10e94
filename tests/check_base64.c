/* Unit tests: base64 / base64url (RFC 4648) as read from people and tokens. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stirkit/stirkit.h"
#include "testutil.h"

/* vectors.md D1: the same DER in base64 (padded) and base64url (unpadded). */
START_TEST(test_d1_both_alphabets)
{
    static const char *forms[] = {"MA+iDRYLMTIxNTU1NTEyMTI=", "MA-iDRYLMTIxNTU1NTEyMTI",
                                  "MA+i DRYL\nMTIx NTU1NTEy MTI="};
    size_t wlen;
    unsigned char *want = tu_hex("300FA20D160B3132313535353531323132", &wlen);

    for (size_t i = 0; i < 3; i++) {
        unsigned char *out = NULL;
        size_t len;
        stir_error_t err;

        ck_assert_int_eq(stir_base64_decode(forms[i], strlen(forms[i]), &out, &len, &err), STIR_OK);
        ck_assert_uint_eq(len, wlen);
        ck_assert_mem_eq(out, want, wlen);
        free(out);
    }
    free(want);
}
END_TEST

START_TEST(test_encode)
{
    size_t len;
    unsigned char *der = tu_hex("3015A1133011160B3132313535353531303030020203E8", &len);
    char *s = NULL;

    ck_assert_int_eq(stir_base64_encode(der, len, 0, &s, NULL), STIR_OK);
    ck_assert_str_eq(s, "MBWhEzARFgsxMjE1NTU1MTAwMAICA+g=");
    free(s);
    ck_assert_int_eq(stir_base64_encode(der, len, 1, &s, NULL), STIR_OK);
    ck_assert_str_eq(s, "MBWhEzARFgsxMjE1NTU1MTAwMAICA-g");
    free(s);
    ck_assert_int_eq(stir_base64_encode(der, 0, 1, &s, NULL), STIR_OK);
    ck_assert_str_eq(s, "");
    free(s);
    free(der);
}
END_TEST

static const struct {
    const char *in, *why;
} bad[] = {
    {"MA!i", "'!' at position 3"},
    {"MA==MA", "data after '=' padding"},
    {"MAiDR", "impossible length"},
    {"MA=", "impossible length"},
    {"M===", "impossible length"},
};

START_TEST(test_rejected)
{
    unsigned char *out = NULL;
    size_t len;
    stir_error_t err;

    ck_assert_int_eq(stir_base64_decode(bad[_i].in, strlen(bad[_i].in), &out, &len, &err),
                     STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, bad[_i].why) != NULL, "'%s': got '%s'", bad[_i].in, err.text);
    ck_assert_ptr_null(out);
}
END_TEST

static const struct {
    const char *in, *why;
} bad_strict[] = {
    {"MA+i", "'+' at position 3"},
    {"MA/i", "'/' at position 3"},
    {"MA-iDQ==", "'=' padding at position 7"},
    {"MA-i DRYL", "byte 0x20 at position 5"},
    {"MAiDR", "impossible length"},
};

START_TEST(test_strict_rejected)
{
    unsigned char *out = NULL;
    size_t len;
    stir_error_t err;

    ck_assert_int_eq(stir_base64url_decode_strict(bad_strict[_i].in, strlen(bad_strict[_i].in),
                                                  &out, &len, &err),
                     STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, bad_strict[_i].why) != NULL, "'%s': got '%s'",
                  bad_strict[_i].in, err.text);
    ck_assert_ptr_null(out);
}
END_TEST

START_TEST(test_strict_accepts)
{
    unsigned char *out = NULL;
    size_t len;

    ck_assert_int_eq(stir_base64url_decode_strict("MA-iDRYLMTIxNTU1NTEyMTI", 23, &out, &len, NULL),
                     STIR_OK);
    ck_assert_uint_eq(len, 17);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("base64");
    TCase *tc = tcase_create("codec");

    tcase_add_test(tc, test_d1_both_alphabets);
    tcase_add_test(tc, test_encode);
    tcase_add_loop_test(tc, test_rejected, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_loop_test(tc, test_strict_rejected, 0, sizeof(bad_strict) / sizeof(bad_strict[0]));
    tcase_add_test(tc, test_strict_accepts);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
