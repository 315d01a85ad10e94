/*
 * stirkit/acme.h - an ACME server (RFC 8555) for delegate certificates:
 * TNAuthList identifiers (RFC 9448 §3) authorized by tkauth-01 challenges
 * answered with Authority Tokens (RFC 9447), validated for real
 * (stirkit/tkauth.h), and certificates issued by a stirkit CA
 * (stirkit/ca.h) only inside its scope (RFC 9060 §8.1).
 */
#ifndef STIRKIT_ACME_H
#define STIRKIT_ACME_H

#include <stdint.h>

#include "stirkit/error.h"
#include "stirkit/tkauth.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reuse of an Authority Token's jti (RFC 9447 §3.3 allows reuse until exp). */
typedef enum stir_acme_jti_policy {
    STIR_JTI_SAME_ACCOUNT = 0, /* reusable, by the account it was first used by (default) */
    STIR_JTI_SINGLE_USE = 1    /* each jti validates one challenge */
} stir_acme_jti_policy;

/* Server settings; stir_acme_config_load reads them from a file. */
typedef struct stir_acme_config {
    char *listen;            /* "ADDR:PORT" (listen) */
    char *base_url;          /* external URL of the directory's root, no trailing '/'
                              * (base_url); default http(s)://LISTEN-ADDR:PORT */
    char *tls_cert, *tls_key;/* HTTPS for the ACME endpoints (tls_cert, tls_key) */
    char *ca_dir;            /* a stirkit CA directory (ca_dir) */
    char *database;          /* ACME state, SQLite (database; default ca_dir/acme.db) */
    char *ta_anchors;        /* PEM trust anchors of token authorities (ta_anchors) */
    char *terms_of_service;  /* URL; when set, newAccount needs agreement (terms_of_service) */
    stir_acme_jti_policy jti_policy; /* jti_policy = same-account | single-use */
    int64_t clock_skew;      /* seconds for token exp/nbf (clock_skew; 60) */
    int cert_days;           /* validity of issued certificates (cert_days; 0 = the CA's) */
    int bound_by_token_exp;  /* notAfter <= the token's exp (bound_validity_by_token; yes) */
    int64_t order_lifetime;  /* seconds (order_lifetime; 604800) */
    /* Token-authority x5u fetch policy (ta_allow_address, ta_allow_port, ta_tls_ca). */
    char *ta_allow_address;
    int ta_allow_port;
    char *ta_tls_ca;
    size_t max_body;         /* request body cap in bytes (max_body; 65536) */
    unsigned max_conn_per_ip;/* connections from one address at once (max_conn_per_ip;
                              * 1..512, 0 = 64) */
} stir_acme_config;

/*
 * Reads a key = value config file ('#' comments), paths relative to its
 * directory. Keys as named above. Errors: STIR_E_IO, STIR_E_MALFORMED
 * naming the line. Free with stir_acme_config_clear.
 */
stir_status stir_acme_config_load(const char *path, stir_acme_config *c, stir_error_t *err);
void stir_acme_config_clear(stir_acme_config *c);

typedef struct stir_acme_server stir_acme_server;

/*
 * Starts the server in background threads: opens the CA and the database,
 * loads the token-authority anchors. c is copied. Errors: STIR_E_INVALID_ARG
 * (missing listen, ca_dir or ta_anchors), STIR_E_IO, and the CA's errors.
 */
stir_status stir_acme_server_start(const stir_acme_config *c, stir_acme_server **out,
                                   stir_error_t *err);
unsigned short stir_acme_server_port(const stir_acme_server *s);
/* The directory URL clients start from. */
const char *stir_acme_server_directory(const stir_acme_server *s);
void stir_acme_server_stop(stir_acme_server *s);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_ACME_H */
