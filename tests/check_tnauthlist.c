/* Unit tests: TNAuthList DER decoding and encoding (RFC 8226), init, X.509/CSR. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "testutil.h"

/* ---- valid vectors -------------------------------------------------------- */

/* vectors.md D1: text entries and their DER. */
static const struct {
    const char *entries, *hex;
} d1[] = {
    {"spc:1234", "3008A006160431323334"},
    {"one:12155551212", "300FA20D160B3132313535353531323132"},
    {"range:12155551000:1000", "3015A1133011160B3132313535353531303030020203E8"},
    {"spc:1234 range:12155551000:1000 one:12155559999",
     "302CA006160431323334A1133011160B3132313535353531303030020203E8A20D160B3132313535353539393939"},
};

START_TEST(test_d1_encode_and_parse)
{
    stir_tnauthlist *t = tu_tnal(d1[_i].entries), *back = NULL;
    unsigned char *der = NULL, *want;
    size_t len, wlen;
    stir_error_t err;

    want = tu_hex(d1[_i].hex, &wlen);
    ck_assert_int_eq(stir_tnauthlist_encode(t, &der, &len, &err), STIR_OK);
    ck_assert_uint_eq(len, wlen);
    ck_assert_mem_eq(der, want, len);
    ck_assert_int_eq(stir_tnauthlist_parse(want, wlen, &back, &err), STIR_OK);
    ck_assert_uint_eq(stir_tnauthlist_count(back), stir_tnauthlist_count(t));
    for (size_t i = 0; i < stir_tnauthlist_count(t); i++) {
        const stir_tnentry *a = stir_tnauthlist_get0_entry(t, i);
        const stir_tnentry *b = stir_tnauthlist_get0_entry(back, i);

        ck_assert_int_eq(a->type, b->type);
        ck_assert_str_eq(a->value, b->value);
        ck_assert_uint_eq(a->count, b->count);
    }
    OPENSSL_free(der);
    free(want);
    stir_tnauthlist_free(t);
    stir_tnauthlist_free(back);
}
END_TEST

/* vectors.md V1: all three arms, from pyasn1-alt-modules' RFC 8226 test. */
START_TEST(test_v1_all_arms)
{
    size_t blen, dlen, relen;
    char *b64 = tu_read("testdata/vectors/v1-tnauthlist.b64", 0, &blen);
    unsigned char *der = NULL, *re = NULL;
    stir_tnauthlist *t = NULL;
    const stir_tnentry *e;
    stir_error_t err;

    ck_assert_int_eq(stir_base64_decode(b64, blen, &der, &dlen, &err), STIR_OK);
    ck_assert_uint_eq(dlen, 45);
    ck_assert_int_eq(stir_tnauthlist_parse(der, dlen, &t, &err), STIR_OK);
    ck_assert_uint_eq(stir_tnauthlist_count(t), 3);
    e = stir_tnauthlist_get0_entry(t, 0);
    ck_assert_int_eq(e->type, STIR_TNENTRY_SPC);
    ck_assert_str_eq(e->value, "bogus");
    e = stir_tnauthlist_get0_entry(t, 1);
    ck_assert_int_eq(e->type, STIR_TNENTRY_RANGE);
    ck_assert_str_eq(e->value, "5715551212");
    ck_assert_uint_eq(e->count, 788);
    e = stir_tnauthlist_get0_entry(t, 2);
    ck_assert_int_eq(e->type, STIR_TNENTRY_ONE);
    ck_assert_str_eq(e->value, "7035551212");
    ck_assert_ptr_null(stir_tnauthlist_get0_entry(t, 3));
    ck_assert_int_eq(stir_tnauthlist_encode(t, &re, &relen, &err), STIR_OK);
    ck_assert_uint_eq(relen, dlen);
    ck_assert_mem_eq(re, der, dlen);
    OPENSSL_free(re);
    free(der);
    free(b64);
    stir_tnauthlist_free(t);
}
END_TEST

START_TEST(test_hash_star_and_range_edges)
{
    stir_tnauthlist *t = tu_tnal("one:*67 one:#31# range:9990:10 range:0:10 one:123456789012345");
    char buf[STIR_TNENTRY_TEXT_SIZE];

    ck_assert_uint_eq(stir_tnauthlist_count(t), 5);
    ck_assert_str_eq(stir_tnentry_format(stir_tnauthlist_get0_entry(t, 0), buf, sizeof(buf)),
                     "one *67");
    ck_assert_str_eq(stir_tnentry_format(stir_tnauthlist_get0_entry(t, 2), buf, sizeof(buf)),
                     "range 9990 10");
    stir_tnauthlist_free(t);
}
END_TEST

/* ---- rejections: each names what was wrong -------------------------------- */

static const struct {
    const char *name, *hex, *why;
} invalid[] = {
    {"empty SEQUENCE", "3000", "SEQUENCE SIZE (1..MAX)"},
    {"TN of 16 digits", "3014A2121610" "31323334353637383930313233343536", "at most 15"},
    {"empty TN", "3004A2021600", "TN is empty"},
    {"TN with a letter", "3008A20616043132413" "4", "holds 'A'"},
    {"range count 1", "300DA10B3009160431323334020101", "count is 1"},
    {"range count 0", "300DA10B3009160431323334020100", "count is 0"},
    {"range count negative", "300DA10B30091604313233340201FF", "count is -1"},
    {"range count not minimal", "300EA10C300A16043132333402020005", "not minimally encoded"},
    {"range count too large", "3015A113301116043132333402090100000000000000" "00",
     "does not fit 64 bits"},
    {"IMPLICIT primitive [2]", "300D820B3132313535353531323132", "IMPLICIT"},
    {"PrintableString SPC", "3008A006130431323334", "found PRINTABLESTRING"},
    {"bare IA5String without CHOICE tag", "3006160431323334", "bare IA5STRING"},
    {"truncated", "300FA20D160B31323135", "truncated"},
    {"trailing garbage", "300" "8A00616043132333400", "1 byte(s) follow"},
    {"BER long-form length", "308108A006160431323334", "not DER: byte 0 starts a length in more"},
    {"BER length inside an entry", "300BA003160131A00416810131",
     "not DER: byte 9 starts a length in more octets"},
    {"indefinite length", "3080A0061604313233340000", "not DER: byte 0 starts an indefinite length"},
    {"element longer than its parent", "3004A006160431323334",
     "runs past the end of its enclosing element"},
    {"SPC with a control character", "3008A0061604313233" "0A", "byte 0x0a"},
    {"range without a count", "3008A1063004160231" "32", "range has no count"},
    {"application tag for an entry", "3006" "6004" "16023132", "found a bare application tag"},
    {"empty INTEGER count", "300AA1083006160231320200", "INTEGER is empty"},
    {"unknown choice [3]", "3008A306160431323334", "unknown TNEntry choice [3]"},
    {"range with an extra element", "3010A10E300C160431323334020105020101",
     "elements after start and count"},
    {"range start with #", "300DA10B3009160431322334020105", "digit strings only"},
    {"range past its digit count", "300DA10B3009160439393939020102", "runs past 4 digits"},
    {"range count not an INTEGER", "300DA10B3009160431323334160135", "must be an INTEGER"},
    {"range arm holding a string", "3008A106160431323334", "TelephoneNumberRange SEQUENCE"},
    {"empty SPC", "3004A0021600", "SPC is empty"},
    {"SPC with a non-ASCII byte", "3007A005160341" "8042", "byte 0x80"},
    {"SPC with a NUL byte", "3007A005160341" "0042", "byte 0x00"},
    {"SPC of 257 bytes", NULL, "SPC is 257 bytes long; the limit is 256"},
    {"bytes after the value in [0]", "300AA0081604313233340500", "bytes follow the value inside [0]"},
    {"not a SEQUENCE", "3100", "must be a SEQUENCE"},
    {"empty input", "", "empty input"},
};

START_TEST(test_invalid)
{
    size_t len;
    unsigned char *der;
    stir_tnauthlist *t = NULL;

    if (invalid[_i].hex != NULL) {
        der = tu_hex(invalid[_i].hex, &len);
    } else { /* spc of 257 'A's: 30 82 01 09 A0 82 01 05 16 82 01 01 ... */
        static const unsigned char head[] = {0x30, 0x82, 0x01, 0x09, 0xa0, 0x82,
                                             0x01, 0x05, 0x16, 0x82, 0x01, 0x01};

        len = sizeof(head) + 257;
        der = malloc(len);
        memcpy(der, head, sizeof(head));
        memset(der + sizeof(head), 'A', 257);
    }
    stir_error_t err;
    stir_status st;

    st = stir_tnauthlist_parse(len ? der : (const unsigned char *)"", len, &t, &err);
    ck_assert_msg(st == STIR_E_MALFORMED, "%s: status %d", invalid[_i].name, st);
    ck_assert_int_eq(err.code, STIR_E_MALFORMED);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(err.text, invalid[_i].why) != NULL, "%s: got '%s', want '%s'",
                  invalid[_i].name, err.text, invalid[_i].why);
    free(der);
}
END_TEST

START_TEST(test_error_names_entry_and_offset)
{
    size_t len;
    unsigned char *der = tu_hex("300FA006160431323334A2051603313241", &len);
    stir_tnauthlist *t = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_parse(der, len, &t, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "entry 2 (one)"));
    ck_assert_int_eq(err.offset, 10);
    free(der);
}
END_TEST

/* ---- the builder ------------------------------------------------------------- */

static const struct {
    const char *entry, *why;
} bad_text[] = {
    {"ones:123", "is not spc:CODE"},
    {"range:12345", "lacks :COUNT"},
    {"range:12345:x", "not a decimal number"},
    {"range:12345:1", "count is 1"},
    {"range:12345:99999999999999999999", "fits 64 bits"},
    {"range:99999:2", "runs past 5 digits"},
    {"range:1234567890123456:2", "at most 15"},
    {"one:", "TN is empty"},
    {"one:+12125551212", "holds '+'"},
    {"spc:", "SPC is empty"},
};

START_TEST(test_add_text_rejects)
{
    stir_tnauthlist *t = stir_tnauthlist_new();
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_add_text(t, bad_text[_i].entry, &err), STIR_E_MALFORMED);
    ck_assert_msg(strstr(err.text, bad_text[_i].why) != NULL, "%s: got '%s'",
                  bad_text[_i].entry, err.text);
    ck_assert_uint_eq(stir_tnauthlist_count(t), 0);
    stir_tnauthlist_free(t);
}
END_TEST

START_TEST(test_encode_empty_refused)
{
    stir_tnauthlist *t = stir_tnauthlist_new();
    unsigned char *der = NULL;
    size_t len;
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_encode(t, &der, &len, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "empty"));
    ck_assert_ptr_null(der);
    ck_assert_int_eq(stir_tnauthlist_add_range(t, NULL, 2, &err), STIR_E_INVALID_ARG);
    stir_tnauthlist_free(t);
    stir_tnauthlist_free(NULL);
}
END_TEST

/* ---- certificates and CSRs ------------------------------------------------------ */

static X509 *read_cert(const char *path)
{
    size_t len;
    char *pem = tu_read(path, 0, &len);
    X509 *x = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_cert_read((unsigned char *)pem, len, &x, &err), STIR_OK);
    free(pem);
    return x;
}

START_TEST(test_from_cert_vectors)
{
    X509 *v3 = read_cert("testdata/vectors/v3-rfc9118-cert.pem");
    X509 *v4 = read_cert("testdata/vectors/v4-spc-fake-cert.pem");
    stir_tnauthlist *t = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_from_cert(v3, &t, &err), STIR_OK);
    ck_assert_uint_eq(stir_tnauthlist_count(t), 1);
    ck_assert_str_eq(stir_tnauthlist_get0_entry(t, 0)->value, "1234");
    stir_tnauthlist_free(t);
    ck_assert_int_eq(stir_tnauthlist_from_cert(v4, &t, &err), STIR_OK);
    ck_assert_int_eq(stir_tnauthlist_get0_entry(t, 0)->type, STIR_TNENTRY_SPC);
    ck_assert_str_eq(stir_tnauthlist_get0_entry(t, 0)->value, "fake");
    stir_tnauthlist_free(t);
    X509_free(v3);
    X509_free(v4);
}
END_TEST

static X509_EXTENSION *tnal_ext(const char *hex)
{
    size_t len;
    unsigned char *der = tu_hex(hex, &len);
    ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
    X509_EXTENSION *ext;

    ASN1_OCTET_STRING_set(os, der, (int)len);
    ext = X509_EXTENSION_create_by_NID(NULL, stir_nid_tnauthlist(), 0, os);
    ASN1_OCTET_STRING_free(os);
    free(der);
    return ext;
}

START_TEST(test_from_cert_absent_twice_malformed)
{
    X509 *x = X509_new();
    X509_EXTENSION *ext = tnal_ext("3008A006160431323334");
    X509_EXTENSION *bad = tnal_ext("300D820B3132313535353531323132");
    stir_tnauthlist *t = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_from_cert(x, &t, &err), STIR_E_NO_TNAUTHLIST);
    ck_assert_ptr_nonnull(strstr(err.text, "no TNAuthList extension"));
    X509_add_ext(x, ext, -1);
    ck_assert_int_eq(stir_tnauthlist_from_cert(x, &t, &err), STIR_OK);
    stir_tnauthlist_free(t);
    t = NULL;
    X509_add_ext(x, ext, -1);
    ck_assert_int_eq(stir_tnauthlist_from_cert(x, &t, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "more than once"));
    X509_free(x);

    x = X509_new();
    X509_add_ext(x, bad, -1);
    ck_assert_int_eq(stir_tnauthlist_from_cert(x, &t, &err), STIR_E_MALFORMED);
    ck_assert_ptr_nonnull(strstr(err.text, "TNAuthList: entry 1 (one)"));
    X509_free(x);
    X509_EXTENSION_free(ext);
    X509_EXTENSION_free(bad);
}
END_TEST

START_TEST(test_from_csr)
{
    X509_REQ *req = X509_REQ_new();
    STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
    X509_EXTENSION *ext = tnal_ext("3015A1133011160B3132313535353531303030020203E8");
    stir_tnauthlist *t = NULL;
    stir_error_t err;

    ck_assert_int_eq(stir_tnauthlist_from_csr(req, &t, &err), STIR_E_NO_TNAUTHLIST);
    ck_assert_ptr_nonnull(strstr(err.text, "CSR has no TNAuthList"));
    sk_X509_EXTENSION_push(exts, ext);
    ck_assert_int_eq(X509_REQ_add_extensions(req, exts), 1);
    ck_assert_int_eq(stir_tnauthlist_from_csr(req, &t, &err), STIR_OK);
    ck_assert_str_eq(stir_tnauthlist_get0_entry(t, 0)->value, "12155551000");
    ck_assert_uint_eq(stir_tnauthlist_get0_entry(t, 0)->count, 1000);
    stir_tnauthlist_free(t);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    X509_REQ_free(req);
}
END_TEST

/* ---- stir_global_init ------------------------------------------------------------- */

START_TEST(test_init_registers_oids)
{
    stir_error_t err;

    ck_assert_int_eq(stir_global_init(&err), STIR_OK);
    ck_assert_int_eq(stir_global_init(&err), STIR_OK);
    ck_assert_int_eq(stir_nid_tnauthlist(), OBJ_txt2nid("1.3.6.1.5.5.7.1.26"));
    ck_assert_int_eq(stir_nid_jwt_claim_constraints(), OBJ_txt2nid("1.3.6.1.5.5.7.1.27"));
    ck_assert_int_eq(stir_nid_enhanced_jwt_claim_constraints(),
                     OBJ_txt2nid("1.3.6.1.5.5.7.1.33"));
    ck_assert_int_ne(stir_nid_tnauthlist(), NID_undef);
    ck_assert_str_eq(OBJ_nid2sn(stir_nid_tnauthlist()), "TNAuthList");
}
END_TEST

/* A host (another STIR library) registered the OID first: init reuses it. */
START_TEST(test_init_host_registered_first)
{
    int nid = OBJ_create("1.3.6.1.5.5.7.1.26", "hostTNAL", "host TNAuthList");
    stir_error_t err;

    ck_assert_int_ne(nid, NID_undef);
    ck_assert_int_eq(stir_global_init(&err), STIR_OK);
    ck_assert_int_eq(stir_nid_tnauthlist(), nid);
}
END_TEST

static void *init_thread(void *arg)
{
    (void)arg;
    return stir_global_init(NULL) == STIR_OK ? (void *)(intptr_t)stir_nid_tnauthlist() : NULL;
}

START_TEST(test_init_threads)
{
    pthread_t th[8];
    void *res[8];

    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, init_thread, NULL), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], &res[i]);
    for (int i = 0; i < 8; i++) {
        ck_assert_ptr_nonnull(res[i]);
        ck_assert_ptr_eq(res[i], res[0]);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("tnauthlist");
    TCase *tc = tcase_create("der");

    tcase_add_loop_test(tc, test_d1_encode_and_parse, 0, sizeof(d1) / sizeof(d1[0]));
    tcase_add_test(tc, test_v1_all_arms);
    tcase_add_test(tc, test_hash_star_and_range_edges);
    tcase_add_loop_test(tc, test_invalid, 0, sizeof(invalid) / sizeof(invalid[0]));
    tcase_add_test(tc, test_error_names_entry_and_offset);
    tcase_add_loop_test(tc, test_add_text_rejects, 0, sizeof(bad_text) / sizeof(bad_text[0]));
    tcase_add_test(tc, test_encode_empty_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("x509");
    tcase_add_test(tc, test_from_cert_vectors);
    tcase_add_test(tc, test_from_cert_absent_twice_malformed);
    tcase_add_test(tc, test_from_csr);
    suite_add_tcase(s, tc);
    tc = tcase_create("init");
    tcase_add_test(tc, test_init_registers_oids);
    tcase_add_test(tc, test_init_threads);
    /* Needs a fresh process: check forks each test by default. */
    if (getenv("CK_FORK") == NULL || strcmp(getenv("CK_FORK"), "no") != 0)
        tcase_add_test(tc, test_init_host_registered_first);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
