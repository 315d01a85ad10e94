/*
 * stirkit/fetch.h - fetching x5u certificate chains (RFC 8224 §7.2,
 * RFC 8225 §4.3) and token-authority certificates safely with libcurl:
 * https only, allowed ports only, no userinfo, query or fragment, no
 * redirects, a body size cap, a total time cap, and special-purpose
 * addresses (RFC 6890) refused when the socket opens, so a name that
 * resolves to 127.0.0.1 or 10.0.0.5 cannot be used to reach inside (SSRF).
 */
#ifndef STIRKIT_FETCH_H
#define STIRKIT_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STIR_FETCH_DEFAULT_MAX_BYTES 65536
#define STIR_FETCH_DEFAULT_TIMEOUT_MS 2000
#define STIR_FETCH_MAX_PORTS 8
#define STIR_FETCH_MAX_ALLOW 8

/* Fetch policy. Zero-initialise for the defaults. */
typedef struct stir_fetch_opts {
    size_t max_bytes;        /* body cap in bytes; 0 = 64 KiB */
    long timeout_ms;         /* total time cap; 0 = 2000 ms */
    /* Allowed ports; none given = 443 and 8443. */
    unsigned short ports[STIR_FETCH_MAX_PORTS];
    size_t n_ports;
    /* Addresses exempt from the special-purpose refusal, as numeric IPv4
     * or IPv6 text ("127.0.0.1", "::1"); for tests and private deployments. */
    const char *allow_addresses[STIR_FETCH_MAX_ALLOW];
    size_t n_allow;
    const char *ca_file;     /* PEM bundle trusted for TLS; NULL = the system's */
    unsigned char reserved[32];
} stir_fetch_opts;

/* A response. Strings are malloc'd and NUL-terminated, NULL when absent. */
typedef struct stir_fetch_result {
    long status;             /* HTTP status code */
    char *body;
    size_t len;              /* body bytes, without the terminating NUL */
    char *content_type;
    char *cache_control;
    char *expires;
    char *etag;
} stir_fetch_result;

/*
 * Checks url against the policy without fetching: scheme https, host
 * present, port allowed (443 when absent), no userinfo, query or fragment.
 * Errors: STIR_E_REFUSED naming the rule broken; STIR_E_MALFORMED (not a
 * URL); STIR_E_INVALID_ARG.
 */
stir_status stir_fetch_check_url(const char *url, const stir_fetch_opts *opts,
                                 stir_error_t *err);

/*
 * Fetches url with GET under the policy. Any status is returned in
 * out->status with the body; redirects are not followed (a 3xx is returned
 * as it is). Call stir_fetch_result_clear on out after a success.
 * Thread-safe; initialises libcurl once per process.
 * Errors: those of stir_fetch_check_url; STIR_E_REFUSED (the address is
 * special-purpose and not allowed, named); STIR_E_TOO_LARGE (body over the
 * cap); STIR_E_FETCH (resolution, connection, TLS, timeout - libcurl's
 * reason); STIR_E_NOMEM.
 */
stir_status stir_fetch(const char *url, const stir_fetch_opts *opts, stir_fetch_result *out,
                       stir_error_t *err);

/* Frees the strings of r and zeroes it. NULL is fine. */
void stir_fetch_result_clear(stir_fetch_result *r);

/*
 * 1 when the numeric address (IPv4 or IPv6 text) is in an RFC 6890
 * special-purpose block (loopback, private, link-local, CGN, documentation,
 * benchmarking, multicast, reserved, IPv4-mapped of those ...), 0 when it is
 * a global address, -1 when it is not an address.
 */
int stir_address_is_special(const char *addr);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_FETCH_H */
