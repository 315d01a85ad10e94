/*
 * The safe fetcher: libcurl under the x5u policy (RFC 8224 §7.2; peers.md
 * §3: SSRF, unbounded downloads, redirects, time).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "stirkit/fetch.h"
#include "error_int.h"
#include "fetch_int.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_code = CURLE_FAILED_INIT;

static void curl_init(void)
{
    curl_init_code = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t effective_max(const stir_fetch_opts *o)
{
    return o != NULL && o->max_bytes > 0 ? o->max_bytes : STIR_FETCH_DEFAULT_MAX_BYTES;
}

static int port_allowed(const stir_fetch_opts *o, unsigned long port)
{
    if (o == NULL || o->n_ports == 0)
        return port == 443 || port == 8443;
    for (size_t i = 0; i < o->n_ports && i < STIR_FETCH_MAX_PORTS; i++)
        if (o->ports[i] == port)
            return 1;
    return 0;
}

stir_status stir_fetch_check_url(const char *url, const stir_fetch_opts *opts,
                                 stir_error_t *err)
{
    static const struct {
        CURLUPart part;
        const char *name;
    } forbidden[] = {
        {CURLUPART_USER, "userinfo"},
        {CURLUPART_PASSWORD, "userinfo"},
        {CURLUPART_OPTIONS, "login options"},
        {CURLUPART_QUERY, "a query"},
        {CURLUPART_FRAGMENT, "a fragment"},
    };
    CURLU *u;
    char *scheme = NULL, *port = NULL, *host = NULL;
    stir_status st = STIR_OK;

    if (url == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL URL");
    u = curl_url();
    if (u == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory parsing a URL");
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
        curl_url_cleanup(u);
        return skit_fail(err, STIR_E_MALFORMED, "'%.200s' is not a URL", url);
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        strcasecmp(scheme, "https") != 0)
        st = skit_fail(err, STIR_E_REFUSED, "URL '%.200s' is not https", url);
    if (st == STIR_OK && (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
                          host[0] == '\0'))
        st = skit_fail(err, STIR_E_REFUSED, "URL '%.200s' has no host", url);
    for (size_t i = 0; st == STIR_OK && i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
        char *v = NULL;

        if (curl_url_get(u, forbidden[i].part, &v, 0) == CURLUE_OK && v != NULL)
            st = skit_fail(err, STIR_E_REFUSED, "URL '%.200s' carries %s, which is not allowed",
                           url, forbidden[i].name);
        curl_free(v);
    }
    if (st == STIR_OK) {
        unsigned long p = 443;

        if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
            p = strtoul(port, NULL, 10);
        if (!port_allowed(opts, p))
            st = skit_fail(err, STIR_E_REFUSED, "URL '%.200s' uses port %lu, which is not allowed",
                           url, p);
    }
    curl_free(scheme);
    curl_free(port);
    curl_free(host);
    curl_url_cleanup(u);
    return st;
}

typedef struct {
    const stir_fetch_opts *opts;
    stir_fetch_result *res;
    size_t max;
    int too_large;
    char refused[INET6_ADDRSTRLEN]; /* the special-purpose address refused */
} transfer;

static int allowed_address(const stir_fetch_opts *o, const unsigned char a[16])
{
    for (size_t i = 0; o != NULL && i < o->n_allow && i < STIR_FETCH_MAX_ALLOW; i++) {
        unsigned char b[16];

        if (o->allow_addresses[i] != NULL && skit_address_parse(o->allow_addresses[i], b) &&
            memcmp(a, b, 16) == 0)
            return 1;
    }
    return 0;
}

/* CURLOPT_OPENSOCKETFUNCTION: refuses special-purpose addresses. */
static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
    transfer *t = arg;
    unsigned char a[16];

    (void)purpose;
    if (sa->family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&sa->addr;

        memset(a, 0, 10);
        a[10] = a[11] = 0xff;
        memcpy(a + 12, &in->sin_addr, 4);
    } else if (sa->family == AF_INET6) {
        memcpy(a, &((const struct sockaddr_in6 *)&sa->addr)->sin6_addr, 16);
    } else {
        snprintf(t->refused, sizeof(t->refused), "(address family %d)", sa->family);
        return CURL_SOCKET_BAD;
    }
    if (skit_address_bytes_special(a) && !allowed_address(t->opts, a)) {
        if (sa->family == AF_INET)
            inet_ntop(AF_INET, a + 12, t->refused, sizeof(t->refused));
        else
            inet_ntop(AF_INET6, a, t->refused, sizeof(t->refused));
        return CURL_SOCKET_BAD;
    }
    return socket(sa->family, sa->socktype, sa->protocol);
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    transfer *t = arg;
    size_t len = size * n;
    char *p;

    if (t->res->len + len > t->max) {
        t->too_large = 1;
        return 0; /* aborts the transfer */
    }
    p = realloc(t->res->body, t->res->len + len + 1);
    if (p == NULL)
        return 0;
    memcpy(p + t->res->len, data, len);
    t->res->body = p;
    t->res->len += len;
    p[t->res->len] = '\0';
    return len;
}

/* Keeps the value of a header we care about (the last one wins). */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    static const struct {
        const char *name;
        size_t off;
    } wanted[] = {
        {"content-type", offsetof(stir_fetch_result, content_type)},
        {"cache-control", offsetof(stir_fetch_result, cache_control)},
        {"expires", offsetof(stir_fetch_result, expires)},
        {"etag", offsetof(stir_fetch_result, etag)},
    };
    transfer *t = arg;
    size_t len = size * n;

    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        size_t nl = strlen(wanted[i].name);
        char **slot = (char **)((char *)t->res + wanted[i].off);
        const char *v;
        size_t vl;

        if (len <= nl || data[nl] != ':' || strncasecmp(data, wanted[i].name, nl) != 0)
            continue;
        v = data + nl + 1;
        vl = len - nl - 1;
        while (vl > 0 && (*v == ' ' || *v == '\t'))
            v++, vl--;
        while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
            vl--;
        free(*slot);
        *slot = strndup(v, vl);
    }
    return len;
}

stir_status stir_fetch(const char *url, const stir_fetch_opts *opts, stir_fetch_result *out,
                       stir_error_t *err)
{
    transfer t;
    CURL *c;
    CURLcode rc;
    char errbuf[CURL_ERROR_SIZE] = "";
    long timeout = opts != NULL && opts->timeout_ms > 0 ? opts->timeout_ms
                                                        : STIR_FETCH_DEFAULT_TIMEOUT_MS;
    stir_status st;

    if (out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL fetch result");
    memset(out, 0, sizeof(*out));
    st = stir_fetch_check_url(url, opts, err);
    if (st != STIR_OK)
        return st;
    pthread_once(&curl_once, curl_init);
    if (curl_init_code != CURLE_OK)
        return skit_fail(err, STIR_E_INTERNAL, "libcurl did not initialise: %s",
                         curl_easy_strerror(curl_init_code));
    c = curl_easy_init();
    if (c == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory starting a fetch");
    memset(&t, 0, sizeof(t));
    t.opts = opts;
    t.res = out;
    t.max = effective_max(opts);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_PROXY, ""); /* no *_proxy environment: connect directly */
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t.max);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "stirkit/0.1");
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, NULL);
    if (opts != NULL && opts->ca_file != NULL)
        curl_easy_setopt(c, CURLOPT_CAINFO, opts->ca_file);
    rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_cleanup(c);
    if (t.refused[0] != '\0')
        st = skit_fail(err, STIR_E_REFUSED,
                       "%.200s resolves to %s, a special-purpose address (RFC 6890) that is "
                       "not allowed", url, t.refused);
    else if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED)
        st = skit_fail(err, STIR_E_TOO_LARGE, "%.200s: the body exceeds %zu bytes", url, t.max);
    else if (rc != CURLE_OK)
        st = skit_fail(err, STIR_E_FETCH, "fetching %.200s failed: %s", url,
                       errbuf[0] ? errbuf : curl_easy_strerror(rc));
    if (st != STIR_OK)
        stir_fetch_result_clear(out);
    return st;
}

void stir_fetch_result_clear(stir_fetch_result *r)
{
    if (r == NULL)
        return;
    free(r->body);
    free(r->content_type);
    free(r->cache_control);
    free(r->expires);
    free(r->etag);
    memset(r, 0, sizeof(*r));
}
