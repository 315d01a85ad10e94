/*
 * stirkit/x5u_host.h - publishing x5u certificate chains over HTTPS
 * (RFC 8224 §7.2, RFC 9060 §7): each DIR/NAME.pem is served at /NAME.pem
 * as application/pem-certificate-chain (RFC 8555 §9.1) with Cache-Control
 * and an ETag. A file that holds a private key, is not strict PEM (RFC
 * 8555 §9.1: no text outside the blocks), or is not a valid certificate
 * chain is never served (404, and the log says why).
 */
#ifndef STIRKIT_X5U_HOST_H
#define STIRKIT_X5U_HOST_H

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stir_x5u_host stir_x5u_host;

typedef struct stir_x5u_host_opts {
    const char *root;          /* directory holding the *.pem chains */
    const char *listen;        /* "ADDR:PORT", "[V6]:PORT"; port 0 picks one */
    const char *tls_cert_file; /* PEM; with tls_key_file, serve HTTPS */
    const char *tls_key_file;
    int max_age;               /* Cache-Control max-age, seconds; 0 = 86400 */
    unsigned max_conn_per_ip;  /* connections from one address at once, 1..512; 0 = 64 */
    /* Called (from server threads) with one log line; NULL = silent. */
    void (*log)(void *arg, const char *line);
    void *log_arg;
    unsigned char reserved[28];
} stir_x5u_host_opts;

/*
 * Starts serving in background threads. GET and HEAD only; paths are
 * /NAME.pem or /DIR/NAME.pem made of [A-Za-z0-9_.-] segments not starting
 * with '.', so nothing outside root can be named. If-None-Match with the
 * current ETag gets 304. *out: stop with stir_x5u_host_stop.
 * Errors: STIR_E_INVALID_ARG (no root, bad listen address), STIR_E_IO
 * (root not a directory, cannot bind, unreadable TLS files).
 */
stir_status stir_x5u_host_start(const stir_x5u_host_opts *opts, stir_x5u_host **out,
                                stir_error_t *err);

/* The port the host listens on. */
unsigned short stir_x5u_host_port(const stir_x5u_host *host);

/* Stops serving and frees the host. NULL is fine. */
void stir_x5u_host_stop(stir_x5u_host *host);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_X5U_HOST_H */
