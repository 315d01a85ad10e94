/*
 * A libmicrohttpd daemon on ADDR:PORT, plain or TLS, shared by the x5u
 * host, the verification service and the ACME server. Internal.
 */
#ifndef STIR_HTTPD_H
#define STIR_HTTPD_H

#include <microhttpd.h>

#include "stirkit/error.h"

/*
 * Starts a daemon on listen ("127.0.0.1:8443", "[::1]:0", "0.0.0.0:443";
 * port 0 picks a free one) serving handler(cls, ...). With tls_cert_file
 * and tls_key_file (PEM), it speaks TLS (GnuTLS inside libmicrohttpd).
 * At most 512 connections at once; idle ones close after 10 s (a client
 * that trickles bytes is not idle). A path holding %00 is left undecoded,
 * so it names nothing. *port receives the bound port.
 * Errors: STIR_E_INVALID_ARG (bad listen address, only one TLS file),
 * STIR_E_IO (unreadable TLS file, cannot bind).
 */
stir_status skit_httpd_start(const char *listen, const char *tls_cert_file,
                             const char *tls_key_file, MHD_AccessHandlerCallback handler,
                             void *cls, struct MHD_Daemon **out, unsigned short *port,
                             stir_error_t *err);

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
} skit_http_simple;

/* Starts a daemon (as skit_httpd_start) calling srv->fn once per request. */
stir_status skit_httpd_start_simple(const char *listen, const char *tls_cert_file,
                                    const char *tls_key_file, skit_http_simple *srv,
                                    struct MHD_Daemon **out, unsigned short *port,
                                    stir_error_t *err);

#endif
