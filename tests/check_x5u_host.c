/*
 * Unit tests: the x5u host over TLS on loopback, read back with the safe
 * fetcher: content type, caching headers, refusals to publish, paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "stirkit/stirkit.h"
#include "stirkit/fetch.h"
#include "stirkit/x5u_host.h"
#include "testutil.h"
#include "tlsutil.h"

static char dir[128], tlsdir[256];
static stir_x5u_host *host;
static char last_log[512];

static void keep_log(void *arg, const char *line)
{
    (void)arg;
    snprintf(last_log, sizeof(last_log), "%s", line);
}

static const struct timespec old[2] = {{1700000000, 0}, {1700000000, 0}};

/* Writes dir/name. */
static void put(const char *name, const char *data, size_t len)
{
    char p[512];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", dir, name);
    f = fopen(p, "w");
    fwrite(data, 1, len, f);
    fclose(f);
    /* modified long ago: the host may remember it (it waits 2 s otherwise) */
    ck_assert_int_eq(utimensat(AT_FDCWD, p, old, 0), 0);
}

static void setup(void)
{
    stir_x5u_host_opts o;
    size_t len;
    char *good = tu_read("good.pem", 1, &len), *key, *both;
    size_t klen;
    stir_error_t err;

    snprintf(dir, sizeof(dir), "/tmp/stirkit-x5u-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(tlsdir, sizeof(tlsdir), "%s/tls", dir);
    ck_assert_int_eq(mkdir(tlsdir, 0700), 0);
    tu_make_tls_cert(tlsdir);
    put("good.pem", good, len);
    key = tu_read("keys/leaf.key", 1, &klen);
    both = malloc(len + klen);
    memcpy(both, good, len);
    memcpy(both + len, key, klen);
    put("with-key.pem", both, len + klen);
    put("junk.pem", "hello\n", 6);
    {
        static const char pre[] = "MHcCAQEEIDf4bm9ub25lAAAAAAAAAAAAAAAAAAAAAAAAoAoGCCqGSM49\n";
        char *cat = malloc(sizeof(pre) - 1 + len);

        memcpy(cat, pre, sizeof(pre) - 1);
        memcpy(cat + sizeof(pre) - 1, good, len);
        put("base64-before.pem", cat, sizeof(pre) - 1 + len);
        free(cat);
    }
    free(both);
    free(key);
    free(good);
    memset(&o, 0, sizeof(o));
    o.root = dir;
    o.listen = "127.0.0.1:0";
    {
        static char c[300], k[300];

        snprintf(c, sizeof(c), "%s/tls-cert.pem", tlsdir);
        snprintf(k, sizeof(k), "%s/tls-key.pem", tlsdir);
        o.tls_cert_file = c;
        o.tls_key_file = k;
    }
    o.max_age = 3600;
    o.log = keep_log;
    ck_assert_msg(stir_x5u_host_start(&o, &host, &err) == STIR_OK, "%s", err.text);
}

static void teardown(void)
{
    char cmd[300];

    stir_x5u_host_stop(host);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static stir_status get(const char *path, stir_fetch_result *r, size_t max, stir_error_t *err)
{
    stir_fetch_opts o;
    char url[300], ca[300];

    memset(&o, 0, sizeof(o));
    o.ports[0] = stir_x5u_host_port(host);
    o.n_ports = 1;
    o.allow_addresses[0] = "127.0.0.1";
    o.n_allow = 1;
    o.max_bytes = max;
    snprintf(ca, sizeof(ca), "%s/tls-cert.pem", tlsdir);
    o.ca_file = ca;
    snprintf(url, sizeof(url), "https://127.0.0.1:%u%s", stir_x5u_host_port(host), path);
    return stir_fetch(url, &o, r, err);
}

START_TEST(test_serves_a_chain)
{
    stir_fetch_result r;
    stir_chain *chain = NULL;
    stir_error_t err;

    ck_assert_msg(get("/good.pem", &r, 0, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "application/pem-certificate-chain");
    ck_assert_str_eq(r.cache_control, "public, max-age=3600");
    ck_assert_ptr_nonnull(r.etag);
    ck_assert_int_eq(r.etag[0], '"');
    ck_assert_int_eq(stir_chain_from_pem(r.body, r.len, &chain, &err), STIR_OK);
    ck_assert_uint_eq(stir_chain_length(chain), 3);
    stir_chain_free(chain);
    stir_fetch_result_clear(&r);
}
END_TEST

START_TEST(test_refuses_to_publish)
{
    stir_fetch_result r;
    stir_error_t err;

    ck_assert_int_eq(get("/with-key.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(last_log, "refusing to publish /with-key.pem"));
    ck_assert_ptr_nonnull(strstr(last_log, "private key"));
    ck_assert_ptr_null(strstr(r.body, "PRIVATE"));
    stir_fetch_result_clear(&r);
    ck_assert_int_eq(get("/junk.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(last_log, "no PEM CERTIFICATE block"));
    stir_fetch_result_clear(&r);
    /* bare base64 (a pasted key) before the blocks: PEM readers skip it */
    ck_assert_int_eq(get("/base64-before.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(last_log, "refusing to publish /base64-before.pem"));
    ck_assert_ptr_nonnull(strstr(last_log, "not strict PEM (RFC 8555 §9.1): line 1 is text outside the PEM blocks;"));
    ck_assert_ptr_null(strstr(last_log, "MHcCAQ")); /* the stray text is not logged */
    stir_fetch_result_clear(&r);
    ck_assert_int_eq(get("/missing.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    stir_fetch_result_clear(&r);
}
END_TEST

/* The host remembers what it checked, but never serves a file's old self. */
START_TEST(test_changed_file_is_checked_again)
{
    stir_fetch_result r;
    stir_error_t err;
    size_t glen, klen;
    char *good = tu_read("good.pem", 1, &glen), *key = tu_read("keys/leaf.key", 1, &klen);
    char *both = malloc(glen + klen), etag[64];

    memcpy(both, good, glen);
    memcpy(both + glen, key, klen);
    put("edited.pem", good, glen);
    ck_assert_int_eq(get("/edited.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 200);
    snprintf(etag, sizeof(etag), "%s", r.etag);
    stir_fetch_result_clear(&r);
    /* a private key appended in place: refused at once, not the memo's copy */
    put("edited.pem", both, glen + klen);
    last_log[0] = '\0';
    ck_assert_int_eq(get("/edited.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(last_log, "refusing to publish /edited.pem"));
    ck_assert_ptr_nonnull(strstr(last_log, "private key"));
    stir_fetch_result_clear(&r);
    /* refused again from the memo, still with the reason logged */
    last_log[0] = '\0';
    ck_assert_int_eq(get("/edited.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 404);
    ck_assert_ptr_nonnull(strstr(last_log, "private key"));
    stir_fetch_result_clear(&r);
    /* the chain alone again, but shorter: served, with a new ETag */
    put("edited.pem", good, glen - 1);
    ck_assert_int_eq(get("/edited.pem", &r, 0, &err), STIR_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(r.len, glen - 1);
    ck_assert_str_ne(r.etag, etag);
    stir_fetch_result_clear(&r);
    free(both);
    free(key);
    free(good);
}
END_TEST

START_TEST(test_no_path_traversal)
{
    static const char *paths[] = {"/%2e%2e/etc/passwd.pem", "/.hidden.pem", "/good.pem/",
                                  "/tls/tls-key.pem", "/good.txt", "/a//good.pem"};
    stir_fetch_result r;
    stir_error_t err;

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        ck_assert_int_eq(get(paths[i], &r, 0, &err), STIR_OK);
        ck_assert_msg(r.status == 404, "%s: %ld", paths[i], r.status);
        stir_fetch_result_clear(&r);
    }
}
END_TEST

START_TEST(test_fetch_size_cap)
{
    stir_fetch_result r;
    stir_error_t err;

    ck_assert_int_eq(get("/good.pem", &r, 500, &err), STIR_E_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err.text, "exceeds 500 bytes"));
    ck_assert_ptr_null(r.body);
}
END_TEST

START_TEST(test_untrusted_tls_certificate)
{
    stir_fetch_opts o;
    stir_fetch_result r;
    char url[300];
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    o.ports[0] = stir_x5u_host_port(host);
    o.n_ports = 1;
    o.allow_addresses[0] = "127.0.0.1";
    o.n_allow = 1;
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/good.pem", stir_x5u_host_port(host));
    ck_assert_int_eq(stir_fetch(url, &o, &r, &err), STIR_E_FETCH);
    ck_assert_ptr_nonnull(strstr(err.text, "certificate"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x5u_host");
    TCase *tc = tcase_create("host");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serves_a_chain);
    tcase_add_test(tc, test_refuses_to_publish);
    tcase_add_test(tc, test_changed_file_is_checked_again);
    tcase_add_test(tc, test_no_path_traversal);
    tcase_add_test(tc, test_fetch_size_cap);
    tcase_add_test(tc, test_untrusted_tls_certificate);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
