/* The ACME server's request context and handlers. Internal. */
#ifndef STIR_ACME_SERVER_INT_H
#define STIR_ACME_SERVER_INT_H

#include <openssl/evp.h>

#include "acme_int.h"
#include "httpd.h"
#include "jws.h"

struct stir_acme_server {
    stir_acme_config cfg;
    char base[512];          /* external base URL, no trailing '/' */
    stir_ca *ca;
    struct sqlite3 *db;
    stir_trust *ta_anchors;
    stir_tkauth_policy policy;
    skit_nonces *nonces;
    pthread_mutex_t lock;    /* one request's state changes at a time */
    skit_http_simple http;
    skit_httpd *httpd;
    unsigned short port;
    char directory[600];
};

/* One authenticated request. */
typedef struct {
    stir_acme_server *s;
    const skit_http_request *req;
    skit_http_response *res;
    skit_jws jws;
    skit_acct acct;          /* the requesting account (kid requests) */
    EVP_PKEY *key;           /* the key that signed the request */
    int64_t now;
} skit_acme_ctx;

/* Problem document (RFC 7807, RFC 8555 §6.7): type is the urn suffix. */
void skit_acme_problem(skit_acme_ctx *c, unsigned status, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A JSON answer (body stolen), with Location when location is not NULL. */
void skit_acme_json(skit_acme_ctx *c, unsigned status, json_t *body, const char *location);
/* base URL + formatted path into out. */
void skit_acme_url(const stir_acme_server *s, char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* RFC 3339 UTC time. */
json_t *skit_acme_time(int64_t t);

json_t *skit_acme_account_json(const stir_acme_server *s, const skit_acct *a);
json_t *skit_acme_order_json(const stir_acme_server *s, const skit_order *o);
json_t *skit_acme_authz_json(const stir_acme_server *s, const skit_order *o);
json_t *skit_acme_chall_json(const stir_acme_server *s, const skit_order *o);

/* Handlers; id is the path's object id. */
void skit_acme_new_account(skit_acme_ctx *c);
void skit_acme_account(skit_acme_ctx *c, const char *id, int orders);
void skit_acme_key_change(skit_acme_ctx *c);
void skit_acme_new_order(skit_acme_ctx *c);
void skit_acme_order(skit_acme_ctx *c, const char *id);
void skit_acme_authz(skit_acme_ctx *c, const char *id);
void skit_acme_chall(skit_acme_ctx *c, const char *id);
void skit_acme_finalize(skit_acme_ctx *c, const char *id);
void skit_acme_cert(skit_acme_ctx *c, const char *id);
void skit_acme_revoke(skit_acme_ctx *c);

/* Loads an order the requesting account owns; answers 404/403 itself and returns 0. */
int skit_acme_own_order(skit_acme_ctx *c, const char *id, skit_order *o);

#endif
