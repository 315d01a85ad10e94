/* Unit tests: TN canonicalisation (RFC 8224 §8.3). */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stirkit/stirkit.h"
#include "testutil.h"

static const struct {
    const char *in, *out;
} good[] = {
    {"+1-(215)-555-1212", "12155551212"},
    {"+1 215 555 1212", "12155551212"},
    {"1.215.555.1212", "12155551212"},
    {"+12155551212", "12155551212"},
    {"*67", "*67"},
    {"#31#", "#31#"},
    {"(0)123", "0123"},
    {"123456789012345", "123456789012345"},
    {" +1 212 555 1212", "12125551212"},
};

START_TEST(test_canonical)
{
    char out[STIR_TN_BUF_SIZE];
    stir_error_t err;

    ck_assert_int_eq(stir_tn_canonicalize(good[_i].in, out, sizeof(out), &err), STIR_OK);
    ck_assert_str_eq(out, good[_i].out);
}
END_TEST

static const struct {
    const char *in, *why;
} bad[] = {
    {"", "holds no digits"},
    {"+", "holds no digits"},
    {"- ()", "holds no digits"},
    {"12a4", "holds 'a' at position 3"},
    {"1+2", "holds '+' at position 2"},
    {"++12", "holds '+' at position 2"},
    {"1/2", "holds '/'"},
    {"1\t2", "byte 0x09"},
    {"1234567890123456", "more than 15 digits"},
    {"tel:+12155551212", "holds 't'"},
};

START_TEST(test_rejected)
{
    char out[STIR_TN_BUF_SIZE] = "unchanged";
    stir_error_t err;

    ck_assert_int_eq(stir_tn_canonicalize(bad[_i].in, out, sizeof(out), &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, bad[_i].why) != NULL, "'%s': got '%s'", bad[_i].in, err.text);
    ck_assert_str_eq(out, "unchanged");
}
END_TEST

START_TEST(test_small_buffer)
{
    char out[4];
    stir_error_t err;

    ck_assert_int_eq(stir_tn_canonicalize("12345", out, sizeof(out), &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_tn_canonicalize("123", out, sizeof(out), &err), STIR_OK);
    ck_assert_int_eq(stir_tn_canonicalize(NULL, out, sizeof(out), &err), STIR_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tn");
    TCase *tc = tcase_create("canonicalize");

    tcase_add_loop_test(tc, test_canonical, 0, sizeof(good) / sizeof(good[0]));
    tcase_add_loop_test(tc, test_rejected, 0, sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, test_small_buffer);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
