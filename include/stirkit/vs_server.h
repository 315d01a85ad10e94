/*
 * stirkit/vs_server.h - the verification service over HTTP (an
 * ATIS-1000082-style JSON API), with an optional signing endpoint (STI-AS).
 *
 *   POST /v1/verify  {"identity":[HDR,...] or HDR, "from":TN?, "to":TN?, "time":UNIXTIME?}
 *     ("time" is the request's Date: more than date_window away from the
 *     server's clock gives 403 Stale Date; every check uses the server clock)
 *     -> 200 {"valid":bool,"sip_code":N,"reason":"...","code":"...","verstat":"...",
 *             "attest":"A","orig":"...","dest":"...","detail":"..."}
 *   POST /v1/sign    {"orig":TN, "dest":[TN,...] or TN, "attest":"A|B|C",
 *                     "origid":UUID?, "iat":UNIXTIME?}
 *     -> 200 {"identity":"...","jws":"..."}
 *
 * A bad request gets 400 {"error":"..."} naming what was wrong; the server
 * keeps serving. Bodies over 64 KiB get 413.
 */
#ifndef STIRKIT_VS_SERVER_H
#define STIRKIT_VS_SERVER_H

#include <stdint.h>

#include <openssl/evp.h>

#include "stirkit/error.h"
#include "stirkit/verifier.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stir_vs_server stir_vs_server;

typedef struct stir_vs_server_opts {
    const char *listen;           /* "ADDR:PORT"; port 0 picks one */
    const char *tls_cert_file;    /* with tls_key_file: HTTPS */
    const char *tls_key_file;
    stir_verifier *verifier;      /* borrowed; outlives the server */
    EVP_PKEY *sign_key;           /* borrowed; NULL disables /v1/sign */
    const char *sign_x5u;         /* the x5u of sign_key's chain */
    int64_t now;                  /* a fixed clock (tests, replays); 0 = the system clock */
    int64_t date_window;          /* the request "time" may differ from the clock by at
                                   * most this many seconds; 0 = 60 */
    unsigned max_conn_per_ip;     /* connections from one address at once, 1..512; 0 = 64 */
    unsigned char reserved[28];
} stir_vs_server_opts;

/* Starts serving in background threads. Errors: STIR_E_INVALID_ARG, STIR_E_IO. */
stir_status stir_vs_server_start(const stir_vs_server_opts *opts, stir_vs_server **out,
                                 stir_error_t *err);
unsigned short stir_vs_server_port(const stir_vs_server *s);
void stir_vs_server_stop(stir_vs_server *s);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_VS_SERVER_H */
