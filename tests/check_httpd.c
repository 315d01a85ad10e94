/*
 * Unit tests: the HTTP front the three servers share (verify/httpd.c and
 * verify/httpd_guard.c) - the request deadlines that close slowloris
 * connections (headers or body trickled in past the allowed time), the
 * per-address connection limit, keep-alive across several deadlines, a
 * handler slower than the deadline, and the 413 answer for a body over the
 * limit (the default one and a server's own). Raw sockets on 127.0.0.1
 * (and 127.0.0.2 for a second client address). The deadline here is 2 s;
 * every timing check leaves a margin of a second or more either way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "httpd.h"
#include "testutil.h"

#define DEADLINE 2 /* seconds */
#define PER_IP 4

static skit_httpd *httpd;
static unsigned short port;
static skit_http_simple srv;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

    nanosleep(&ts, NULL);
}

/* Echoes the body's length; POST /slow first waits DEADLINE + 1 s. */
static void handle(void *cls, const skit_http_request *req, skit_http_response *res)
{
    char buf[64];

    (void)cls;
    if (strcmp(req->url, "/slow") == 0)
        sleep(DEADLINE + 1);
    snprintf(buf, sizeof(buf), "{\"len\":%zu}", req->len);
    res->status = 200;
    res->body = strdup(buf);
}

static void own_413(void *cls, const skit_http_request *req, skit_http_response *res)
{
    (void)cls;
    (void)req;
    res->content_type = "application/problem+json";
    res->body = strdup("{\"type\":\"too-big\"}");
    skit_http_add_header(res, "X-Test", "own");
}

static void setup(void)
{
    skit_httpd_conf conf = {"127.0.0.1:0", NULL, NULL, PER_IP, DEADLINE};
    stir_error_t err;

    srv.fn = handle;
    srv.max_body = 1024;
    srv.too_large = NULL;
    ck_assert_int_eq(skit_httpd_start_simple(&conf, &srv, &httpd, &port, &err), STIR_OK);
}

static void teardown(void)
{
    skit_httpd_stop(httpd);
    httpd = NULL;
}

/* A connection from 127.0.0.FROM to the server. */
static int dial(int from)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)from);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void say(int fd, const char *s)
{
    ck_assert_int_eq(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t)strlen(s));
}

/*
 * Reads what arrives within wait_s seconds into buf (NUL-terminated):
 * returns 1 when the server closed the connection (EOF or reset), 0 when
 * it is still open. Stops early once buf holds a whole answer ending in '}'.
 */
static int hear(int fd, char *buf, size_t n, double wait_s)
{
    double until = now_s() + wait_s;
    size_t got = 0;

    buf[0] = '\0';
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int ms = (int)((until - now_s()) * 1000);
        ssize_t r;

        if (ms <= 0 || poll(&p, 1, ms) == 0)
            return 0;
        r = recv(fd, buf + got, n - 1 - got, 0);
        if (r <= 0)
            return 1;
        got += (size_t)r;
        buf[got] = '\0';
        if (got == n - 1 || (got > 0 && buf[got - 1] == '}'))
            return 0;
    }
}

static const char get_req[] = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";

/* 1 when a GET on fd gets its answer (the connection stays open). */
static int get_on(int fd, char *buf, size_t n)
{
    say(fd, get_req);
    hear(fd, buf, n, 5);
    return strstr(buf, "200 OK") != NULL && strstr(buf, "{\"len\":0}") != NULL;
}

/* The server answers from 127.0.0.FROM, at once or, with retry_s, within
 * that many seconds (while it notices a closed connection). */
static void served(int from, double retry_s)
{
    char buf[512];
    double until = now_s() + retry_s;
    int ok;

    for (;;) {
        int fd = dial(from);

        ok = get_on(fd, buf, sizeof(buf));
        close(fd);
        if (ok || now_s() >= until)
            break;
        pause_s(0.1);
    }
    ck_assert_msg(ok, "no answer from 127.0.0.%d: '%s'", from, buf);
}

START_TEST(test_trickled_headers_are_cut_off)
{
    static const char part[] = "GET /x HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa";
    char buf[256];
    double t0 = now_s();
    int fd = dial(1), closed = 0;

    /* A byte every 0.3 s: never idle, so only a deadline can end it. */
    for (size_t i = 0; i < sizeof(part) - 1 && !closed; i++) {
        if (send(fd, part + i, 1, MSG_NOSIGNAL) != 1)
            closed = 1;
        else
            closed = hear(fd, buf, sizeof(buf), 0.3);
        ck_assert_msg(buf[0] == '\0', "half a request got an answer: '%s'", buf);
    }
    ck_assert_msg(closed, "a connection trickling its headers was still open after %.1f s",
                  now_s() - t0);
    ck_assert_msg(now_s() - t0 >= DEADLINE - 0.5, "closed after %.1f s, before the deadline",
                  now_s() - t0);
    close(fd);
    served(1, 0);
}
END_TEST

START_TEST(test_trickled_body_is_cut_off)
{
    char buf[256];
    double t0;
    int fd = dial(1), closed = 0;

    say(fd, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
    t0 = now_s();
    for (int i = 0; i < 100 && !closed; i++) {
        if (send(fd, "b", 1, MSG_NOSIGNAL) != 1)
            closed = 1;
        else
            closed = hear(fd, buf, sizeof(buf), 0.3);
    }
    ck_assert_msg(closed, "a connection trickling its body was still open");
    ck_assert_msg(strstr(buf, "200") == NULL, "a cut-off body was answered: '%s'", buf);
    ck_assert_msg(now_s() - t0 < DEADLINE + 3, "closed only after %.1f s", now_s() - t0);
    close(fd);
}
END_TEST

START_TEST(test_silent_connection_is_closed)
{
    char buf[64];
    int fd = dial(1);

    ck_assert_msg(hear(fd, buf, sizeof(buf), DEADLINE + 3), "a silent connection stayed open");
    close(fd);
}
END_TEST

START_TEST(test_keep_alive_across_deadlines)
{
    char buf[512];
    int fd = dial(1);

    /* Three requests DEADLINE/2.5 s apart: the connection outlives one
     * deadline, but each request arrives within its own. */
    for (int i = 0; i < 3; i++) {
        say(fd, get_req);
        ck_assert_int_eq(hear(fd, buf, sizeof(buf), 3), 0);
        ck_assert_msg(strstr(buf, "{\"len\":0}") != NULL, "request %d: '%s'", i, buf);
        pause_s(DEADLINE * 0.4);
    }
    close(fd);
}
END_TEST

START_TEST(test_slow_handler_is_not_cut_off)
{
    char buf[512];
    int fd = dial(1);

    say(fd, "POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
    hear(fd, buf, sizeof(buf), DEADLINE + 4);
    ck_assert_msg(strstr(buf, "{\"len\":3}") != NULL, "slow handler's answer lost: '%s'", buf);
    close(fd);
}
END_TEST

START_TEST(test_per_address_limit)
{
    int fds[PER_IP], extra;
    char buf[256];

    /* Each of the four answered once, so the daemon holds all four. */
    for (int i = 0; i < PER_IP; i++) {
        fds[i] = dial(1);
        ck_assert_msg(get_on(fds[i], buf, sizeof(buf)), "connection %d: '%s'", i, buf);
    }
    extra = dial(1);
    say(extra, get_req);
    ck_assert_msg(hear(extra, buf, sizeof(buf), 2) == 1 && buf[0] == '\0',
                  "connection %d from one address was served: '%s'", PER_IP + 1, buf);
    close(extra);
    served(2, 0); /* another address is not locked out */
    close(fds[0]);
    served(1, 3); /* a freed slot is usable again */
    for (int i = 1; i < PER_IP; i++)
        close(fds[i]);
}
END_TEST

static void post_too_large(char *buf, size_t n)
{
    int fd = dial(1);

    say(fd, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
    hear(fd, buf, n, 3);
    close(fd);
}

START_TEST(test_too_large_default)
{
    char buf[512];

    post_too_large(buf, sizeof(buf));
    ck_assert_msg(strstr(buf, " 413 ") != NULL &&
                  strstr(buf, "{\"error\":\"request body too large\"}") != NULL, "'%s'", buf);
}
END_TEST

START_TEST(test_too_large_own_answer)
{
    char buf[512];

    srv.too_large = own_413;
    post_too_large(buf, sizeof(buf));
    ck_assert_msg(strstr(buf, " 413 ") != NULL && strstr(buf, "X-Test: own") != NULL &&
                  strstr(buf, "application/problem+json") != NULL &&
                  strstr(buf, "{\"type\":\"too-big\"}") != NULL, "'%s'", buf);
}
END_TEST

START_TEST(test_bad_conf)
{
    skit_httpd_conf conf = {"127.0.0.1:0", NULL, NULL, 513, 0};
    skit_httpd *h = NULL;
    stir_error_t err;

    ck_assert_int_eq(skit_httpd_start_simple(&conf, &srv, &h, NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_ptr_null(h);
    ck_assert_msg(strstr(err.text, "not 513") != NULL, "%s", err.text);
    conf.max_conn_per_ip = 0;
    conf.tls_cert_file = "cert.pem";
    ck_assert_int_eq(skit_httpd_start_simple(&conf, &srv, &h, NULL, &err), STIR_E_INVALID_ARG);
    ck_assert_msg(strstr(err.text, "both a certificate and a key") != NULL, "%s", err.text);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("httpd");
    TCase *tc = tcase_create("front");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_trickled_headers_are_cut_off);
    tcase_add_test(tc, test_trickled_body_is_cut_off);
    tcase_add_test(tc, test_silent_connection_is_closed);
    tcase_add_test(tc, test_keep_alive_across_deadlines);
    tcase_add_test(tc, test_slow_handler_is_not_cut_off);
    tcase_add_test(tc, test_per_address_limit);
    tcase_add_test(tc, test_too_large_default);
    tcase_add_test(tc, test_too_large_own_answer);
    tcase_add_test(tc, test_bad_conf);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
