/* Unit tests: the x5u fetch policy (URL rules, RFC 6890 addresses, refusal at connect). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <check.h>

#include "stirkit/fetch.h"
#include "testutil.h"

static const struct {
    const char *url;
    stir_status want;
    const char *why;
} urls[] = {
    {"https://cert.example.org/passport.pem", STIR_OK, NULL},
    {"https://cert.example.org:443/a.pem", STIR_OK, NULL},
    {"https://cert.example.org:8443/a.pem", STIR_OK, NULL}, /* Asterisk #1271 */
    {"https://[2001:db8::1]:8443/a.pem", STIR_OK, NULL},
    {"HTTPS://cert.example.org/a.pem", STIR_OK, NULL},
    {"http://cert.example.org/a.pem", STIR_E_REFUSED, "is not https"},
    {"ftp://cert.example.org/a.pem", STIR_E_REFUSED, "is not https"},
    {"https://cert.example.org:8080/a.pem", STIR_E_REFUSED, "port 8080"},
    {"https://user@cert.example.org/a.pem", STIR_E_REFUSED, "userinfo"},
    {"https://user:pw@cert.example.org/a.pem", STIR_E_REFUSED, "userinfo"},
    {"https://cert.example.org/a.pem?x=1", STIR_E_REFUSED, "a query"},
    {"https://cert.example.org/a.pem#frag", STIR_E_REFUSED, "a fragment"},
    {"not a url", STIR_E_MALFORMED, "is not a URL"},
    {"https://", STIR_E_MALFORMED, "is not a URL"},
};

START_TEST(test_url_policy)
{
    stir_error_t err;
    stir_status st = stir_fetch_check_url(urls[_i].url, NULL, &err);

    ck_assert_msg(st == urls[_i].want, "%s: status %d (%s)", urls[_i].url, st, err.text);
    if (urls[_i].why != NULL)
        ck_assert_msg(strstr(err.text, urls[_i].why) != NULL, "%s: got '%s'", urls[_i].url,
                      err.text);
}
END_TEST

START_TEST(test_configured_ports)
{
    stir_fetch_opts o;
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    o.ports[0] = 9443;
    o.n_ports = 1;
    ck_assert_int_eq(stir_fetch_check_url("https://a.example/x.pem", &o, &err), STIR_E_REFUSED);
    ck_assert_int_eq(stir_fetch_check_url("https://a.example:9443/x.pem", &o, &err), STIR_OK);
}
END_TEST

static const struct {
    const char *addr;
    int special;
} addrs[] = {
    {"127.0.0.1", 1}, {"127.255.0.9", 1}, {"10.1.2.3", 1}, {"172.16.0.1", 1},
    {"172.31.255.255", 1}, {"172.32.0.1", 0}, {"192.168.1.1", 1}, {"169.254.169.254", 1},
    {"100.64.0.1", 1}, {"100.128.0.1", 0}, {"0.0.0.0", 1}, {"192.0.2.7", 1},
    {"198.18.0.1", 1}, {"198.20.0.1", 0}, {"224.0.0.1", 1}, {"255.255.255.255", 1},
    {"8.8.8.8", 0}, {"93.184.216.34", 0}, {"::1", 1}, {"::", 1}, {"fe80::1", 1},
    {"fc00::1", 1}, {"fd12:3456::1", 1}, {"ff02::1", 1}, {"2001:db8::1", 1},
    {"::ffff:127.0.0.1", 1}, {"::ffff:10.0.0.1", 1}, {"::ffff:8.8.8.8", 0},
    {"2606:4700::1111", 0}, {"64:ff9b::10.0.0.1", 1}, {"64:ff9b:1::a00:1", 1},
    {"fec0::1", 1}, {"not-an-ip", -1},
};

START_TEST(test_special_addresses)
{
    ck_assert_msg(stir_address_is_special(addrs[_i].addr) == addrs[_i].special, "%s",
                  addrs[_i].addr);
}
END_TEST

/* A listener on loopback that accepts and closes, on an ephemeral port. */
static int listener(unsigned short *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof(a);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(listen(s, 4), 0);
    getsockname(s, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return s;
}

START_TEST(test_loopback_refused_at_connect)
{
    unsigned short port;
    int s = listener(&port);
    char url[64];
    stir_fetch_opts o;
    stir_fetch_result r;
    stir_error_t err;

    memset(&o, 0, sizeof(o));
    o.ports[0] = port;
    o.n_ports = 1;
    o.timeout_ms = 500;
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/chain.pem", port);
    ck_assert_int_eq(stir_fetch(url, &o, &r, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "127.0.0.1, a special-purpose address"));
    snprintf(url, sizeof(url), "https://localhost:%u/chain.pem", port);
    ck_assert_int_eq(stir_fetch(url, &o, &r, &err), STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "special-purpose address"));
    /* Allowed: the connection is made, the TLS handshake fails. */
    o.allow_addresses[0] = "127.0.0.1";
    o.n_allow = 1;
    snprintf(url, sizeof(url), "https://127.0.0.1:%u/chain.pem", port);
    ck_assert_int_eq(stir_fetch(url, &o, &r, &err), STIR_E_FETCH);
    ck_assert_ptr_nonnull(strstr(err.text, "failed"));
    close(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fetch");
    TCase *tc = tcase_create("policy");

    tcase_add_loop_test(tc, test_url_policy, 0, sizeof(urls) / sizeof(urls[0]));
    tcase_add_test(tc, test_configured_ports);
    tcase_add_loop_test(tc, test_special_addresses, 0, sizeof(addrs) / sizeof(addrs[0]));
    tcase_add_test(tc, test_loopback_refused_at_connect);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
