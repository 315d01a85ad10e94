/* Starting libmicrohttpd daemons on an address, plain or TLS. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>

#include <openssl/crypto.h>

#include "error_int.h"
#include "httpd.h"
#include "httpd_guard.h"

/* Parses "A.B.C.D:PORT" or "[V6]:PORT" into ss. */
static stir_status parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len,
                                stir_error_t *err)
{
    char host[64];
    const char *colon;
    char *end;
    unsigned long port;
    size_t hl;

    memset(ss, 0, sizeof(*ss));
    if (listen == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "no listen address (ADDR:PORT)");
    colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen)
        return skit_fail(err, STIR_E_INVALID_ARG, "listen address '%.80s' is not ADDR:PORT",
                         listen);
    port = strtoul(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || port > 65535)
        return skit_fail(err, STIR_E_INVALID_ARG, "listen address '%.80s' has a bad port", listen);
    hl = (size_t)(colon - listen);
    if (listen[0] == '[' && hl > 2 && listen[hl - 1] == ']') {
        listen++;
        hl -= 2;
    }
    if (hl >= sizeof(host))
        return skit_fail(err, STIR_E_INVALID_ARG, "listen address '%.80s' is too long", listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)ss)->sin_port = htons((unsigned short)port);
        *len = sizeof(struct sockaddr_in);
        return STIR_OK;
    }
    if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((unsigned short)port);
        *len = sizeof(struct sockaddr_in6);
        return STIR_OK;
    }
    return skit_fail(err, STIR_E_INVALID_ARG,
                     "listen address '%.80s' needs a numeric IPv4 or [IPv6] address", listen);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 1048576 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

/*
 * Percent-decodes a request path, except one holding %00: a NUL would cut
 * the path short in every handler ("/chain.pem%00.txt" would name
 * "/chain.pem"), so that path stays undecoded and matches nothing.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri)
{
    (void)cls;
    (void)c;
    if (strstr(uri, "%00") != NULL)
        return strlen(uri);
    return MHD_http_unescape(uri);
}

struct skit_httpd {
    struct MHD_Daemon *daemon;
    skit_httpd_guard *guard;
    MHD_AccessHandlerCallback handler;
    void *cls;
    MHD_RequestCompletedCallback done; /* or NULL */
};

/* Tells the guard where the request is, then hands it to the handler. */
static enum MHD_Result guarded(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_len, void **state)
{
    skit_httpd *h = cls;

    if (*state == NULL)
        skit_httpd_guard_phase(c, SKIT_GUARD_HEADERS_IN);
    else if (*upload_len == 0)
        skit_httpd_guard_phase(c, SKIT_GUARD_BODY_IN);
    return h->handler(h->cls, c, url, method, version, upload, upload_len, state);
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why)
{
    skit_httpd *h = cls;

    skit_httpd_guard_phase(c, SKIT_GUARD_DONE);
    if (h->done != NULL)
        h->done(h->cls, c, state, why);
}

static stir_status start(const skit_httpd_conf *conf, MHD_AccessHandlerCallback handler,
                         void *cls, MHD_RequestCompletedCallback done, skit_httpd **out,
                         unsigned short *port, stir_error_t *err)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    char *cert = NULL, *key = NULL;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    unsigned per_ip = conf->max_conn_per_ip ? conf->max_conn_per_ip : SKIT_HTTPD_PER_IP;
    unsigned seconds = conf->request_seconds ? conf->request_seconds : SKIT_HTTPD_REQUEST_SECONDS;
    skit_httpd *h;
    const union MHD_DaemonInfo *info;
    stir_status st = parse_listen(conf->listen, &ss, &sslen, err);

    *out = NULL;
    if (st != STIR_OK)
        return st;
    if ((conf->tls_cert_file == NULL) != (conf->tls_key_file == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG, "TLS needs both a certificate and a key file");
    if (per_ip > SKIT_HTTPD_MAX_CONNECTIONS)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "at most %u connections per address (%u in all), not %u",
                         SKIT_HTTPD_MAX_CONNECTIONS, SKIT_HTTPD_MAX_CONNECTIONS, per_ip);
    if (conf->tls_cert_file != NULL) {
        cert = slurp(conf->tls_cert_file);
        key = slurp(conf->tls_key_file);
        if (cert == NULL || key == NULL) {
            free(cert);
            free(key);
            return skit_fail(err, STIR_E_IO, "cannot read the TLS certificate %.200s or key %.200s",
                             conf->tls_cert_file, conf->tls_key_file);
        }
        flags |= MHD_USE_TLS;
    }
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h = calloc(1, sizeof(*h));
    if (h == NULL || (h->guard = skit_httpd_guard_new(seconds)) == NULL) {
        free(h);
        h = NULL;
        st = skit_fail(err, STIR_E_NOMEM, "cannot start a server: out of memory or threads");
        goto done;
    }
    h->handler = handler;
    h->cls = cls;
    h->done = done;
    h->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, guarded, h,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)8,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SKIT_HTTPD_REQUEST_SECONDS,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SKIT_HTTPD_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_NOTIFY_CONNECTION, skit_httpd_guard_notify, h->guard,
        MHD_OPTION_NOTIFY_COMPLETED, completed, h,
        cert != NULL ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, key,
        MHD_OPTION_HTTPS_MEM_CERT, cert,
        MHD_OPTION_END);
    if (h->daemon == NULL) {
        skit_httpd_stop(h);
        h = NULL;
        st = skit_fail(err, STIR_E_IO, "cannot listen on %.80s%s (address in use, or a bad TLS "
                       "certificate or key)", conf->listen, cert != NULL ? " with TLS" : "");
        goto done;
    }
    info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (port != NULL)
        *port = info != NULL ? info->port : 0;
    *out = h;
done:
    if (key != NULL)
        OPENSSL_cleanse(key, strlen(key));
    free(cert);
    free(key);
    return st;
}

stir_status skit_httpd_start(const skit_httpd_conf *conf, MHD_AccessHandlerCallback handler,
                             void *cls, skit_httpd **out, unsigned short *port,
                             stir_error_t *err)
{
    return start(conf, handler, cls, NULL, out, port, err);
}

void skit_httpd_stop(skit_httpd *h)
{
    if (h == NULL)
        return;
    if (h->daemon != NULL)
        MHD_stop_daemon(h->daemon);
    skit_httpd_guard_free(h->guard);
    free(h);
}

/* ---- the body-collecting front ---------------------------------------- */

typedef struct {
    char *body;
    size_t len;
    int too_large;
} request_state;

/* 1 when the Content-Length header announces more than max bytes. */
static int announces_more_than(struct MHD_Connection *c, size_t max)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    char *end;
    unsigned long long n;

    if (cl == NULL)
        return 0;
    errno = 0;
    n = strtoull(cl, &end, 10);
    return end != cl && *end == '\0' && (errno == ERANGE || n > max);
}

/* Queues what the handler filled in, then frees its parts. */
static enum MHD_Result respond(struct MHD_Connection *c, skit_http_response *res)
{
    struct MHD_Response *r;
    enum MHD_Result ret;

    r = res->body != NULL ? MHD_create_response_from_buffer(strlen(res->body), res->body,
                                                            MHD_RESPMEM_MUST_FREE)
                          : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        free(res->body);
        ret = MHD_NO;
    } else {
        if (res->content_type != NULL)
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
        for (int i = 0; i < res->n_headers; i++)
            MHD_add_response_header(r, res->header_names[i], res->header_values[i]);
        ret = MHD_queue_response(c, res->status, r);
        MHD_destroy_response(r);
    }
    for (int i = 0; i < res->n_headers; i++)
        free(res->header_values[i]);
    return ret;
}

/* Calls fn (or, for a body over the limit, srv->too_large) and answers. */
static enum MHD_Result run(skit_http_simple *srv, struct MHD_Connection *c, const char *method,
                           const char *url, const request_state *rs)
{
    static const char too_large_json[] = "{\"error\":\"request body too large\"}";
    skit_http_request req;
    skit_http_response res;

    req.method = method;
    req.url = url;
    req.body = rs != NULL && rs->body != NULL && !rs->too_large ? rs->body : "";
    req.len = rs != NULL && !rs->too_large ? rs->len : 0;
    req.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    memset(&res, 0, sizeof(res));
    res.content_type = "application/json";
    if (rs != NULL && !rs->too_large) {
        res.status = 500;
        srv->fn(srv->cls, &req, &res);
    } else {
        res.status = MHD_HTTP_CONTENT_TOO_LARGE;
        if (srv->too_large != NULL)
            srv->too_large(srv->cls, &req, &res);
        else
            res.body = strdup(too_large_json);
    }
    return respond(c, &res);
}

static enum MHD_Result simple_handle(void *cls, struct MHD_Connection *c, const char *url,
                                     const char *method, const char *version, const char *upload,
                                     size_t *upload_len, void **state)
{
    skit_http_simple *srv = cls;
    request_state *rs = *state;

    (void)version;
    if (rs == NULL) {
        /* Refused before the body is read (libmicrohttpd then discards it
         * and closes the connection); a chunked body is counted as it comes. */
        if (announces_more_than(c, srv->max_body))
            return run(srv, c, method, url, NULL);
        rs = calloc(1, sizeof(*rs));
        if (rs == NULL)
            return MHD_NO;
        *state = rs;
        return MHD_YES;
    }
    if (*upload_len > 0) {
        if (!rs->too_large && rs->len + *upload_len <= srv->max_body) {
            char *p = realloc(rs->body, rs->len + *upload_len + 1);

            if (p == NULL)
                return MHD_NO;
            memcpy(p + rs->len, upload, *upload_len);
            rs->body = p;
            rs->len += *upload_len;
            p[rs->len] = '\0';
        } else {
            rs->too_large = 1;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    return run(srv, c, method, url, rs);
}

void skit_http_add_header(skit_http_response *r, const char *name, const char *value)
{
    char *v;

    if (r->n_headers == SKIT_HTTP_MAX_HEADERS || (v = strdup(value)) == NULL)
        return;
    r->header_names[r->n_headers] = name;
    r->header_values[r->n_headers++] = v;
}

static void simple_done(void *cls, struct MHD_Connection *c, void **state,
                        enum MHD_RequestTerminationCode why)
{
    request_state *rs = *state;

    (void)cls;
    (void)c;
    (void)why;
    if (rs != NULL) {
        free(rs->body);
        free(rs);
        *state = NULL;
    }
}

stir_status skit_httpd_start_simple(const skit_httpd_conf *conf, skit_http_simple *srv,
                                    skit_httpd **out, unsigned short *port, stir_error_t *err)
{
    return start(conf, simple_handle, srv, simple_done, out, port, err);
}

enum MHD_Result skit_httpd_reply(struct MHD_Connection *c, unsigned status,
                                 const char *content_type, const void *body, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
                                                             MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ret;

    if (r == NULL)
        return MHD_NO;
    if (content_type != NULL)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}
