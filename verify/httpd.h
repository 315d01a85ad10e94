/*
 * A libmicrohttpd daemon on ADDR:PORT, plain or TLS, shared by the x5u
 * host, the verification service and the ACME server. Internal.
 */
#ifndef STIR_HTTPD_H
#define STIR_HTTPD_H

#include <microhttpd.h>

#include "stirkit/error.h"

typedef struct skit_httpd skit_httpd;

#define SKIT_HTTPD_MAX_CONNECTIONS 512
#define SKIT_HTTPD_PER_IP 64         /* default connections from one address */
#define SKIT_HTTPD_REQUEST_SECONDS 10

/* Where and how a daemon listens. */
typedef struct {
    const char *listen;        /* "127.0.0.1:8443", "[::1]:0", "0.0.0.0:443"; port 0: any */
    const char *tls_cert_file; /* PEM; with tls_key_file, TLS (GnuTLS in libmicrohttpd) */
    const char *tls_key_file;
    unsigned max_conn_per_ip;  /* 1..SKIT_HTTPD_MAX_CONNECTIONS; 0 = SKIT_HTTPD_PER_IP */
    unsigned request_seconds;  /* the headers, then the body, each within this;
                                * 0 = SKIT_HTTPD_REQUEST_SECONDS */
} skit_httpd_conf;

/*
 * Starts a daemon as conf says, serving handler(cls, ...). At most
 * SKIT_HTTPD_MAX_CONNECTIONS connections at once and max_conn_per_ip from
 * one address (more are closed unanswered). A request's headers must
 * arrive within request_seconds of the connection's start (or of the
 * previous request's end), and its body within request_seconds of its
 * headers, however slowly they trickle in; otherwise the connection is
 * closed (httpd_guard.h), unless its bytes wait behind a busy thread. A
 * connection whose client left before its request arrived whole is
 * closed within half a second. Idle connections close after
 * SKIT_HTTPD_REQUEST_SECONDS. A path holding %00 is left undecoded, so it
 * names nothing. *port receives the bound port. Stop with skit_httpd_stop.
 * Errors: STIR_E_INVALID_ARG (bad listen address, only one TLS file, a
 * per-address limit over the total), STIR_E_IO (unreadable TLS file,
 * cannot bind), STIR_E_NOMEM.
 */
stir_status skit_httpd_start(const skit_httpd_conf *conf, MHD_AccessHandlerCallback handler,
                             void *cls, skit_httpd **out, unsigned short *port,
                             stir_error_t *err);

/* Stops the daemon (closing its connections) and frees it; NULL is fine. */
void skit_httpd_stop(skit_httpd *h);

/* Queues a response of body (copied) with status and Content-Type. */
enum MHD_Result skit_httpd_reply(struct MHD_Connection *c, unsigned status,
                                 const char *content_type, const void *body, size_t len);

#define SKIT_HTTP_MAX_HEADERS 8

/* A request as the body-collecting front hands it over. */
typedef struct {
    const char *method;
    const char *url;          /* the path */
    const char *body;         /* NUL-terminated; "" when none */
    size_t len;
    const char *content_type; /* the Content-Type header, or NULL */
} skit_http_request;

/* A response the handler fills: status, body (malloc'd, freed by the
 * front), content_type (static), and extra headers (values malloc'd). */
typedef struct {
    unsigned status;
    char *body;
    const char *content_type;
    const char *header_names[SKIT_HTTP_MAX_HEADERS];
    char *header_values[SKIT_HTTP_MAX_HEADERS];
    int n_headers;
} skit_http_response;

/* Adds a header (value copied); silently ignores more than the maximum. */
void skit_http_add_header(skit_http_response *r, const char *name, const char *value);

/* A request handler: called once per request with the whole body. */
typedef void (*skit_http_fn)(void *cls, const skit_http_request *req, skit_http_response *res);

/* What a body-collecting server calls; the caller owns it and keeps it
 * alive while the daemon runs. */
typedef struct {
    skit_http_fn fn;
    void *cls;
    size_t max_body; /* larger bodies get 413 without calling fn */
    /* Fills the 413 answer (req has no body); NULL: a small JSON error. */
    skit_http_fn too_large;
} skit_http_simple;

/* Starts a daemon (as skit_httpd_start) calling srv->fn once per request. */
stir_status skit_httpd_start_simple(const skit_httpd_conf *conf, skit_http_simple *srv,
                                    skit_httpd **out, unsigned short *port, stir_error_t *err);

#endif
