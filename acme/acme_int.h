/* The ACME server's insides, shared by the files of acme/. Not installed. */
#ifndef STIR_ACME_INT_H
#define STIR_ACME_INT_H

#include <pthread.h>
#include <stdint.h>

#include <jansson.h>

#include "stirkit/acme.h"
#include "stirkit/ca.h"
#include "stirkit/chain.h"

struct sqlite3;

#define SKIT_ID_LEN 23 /* 16 random bytes in base64url, and NUL */

/* ---- store.c: ACME state in SQLite (accounts, orders, authzs, certs, jtis) ---- */
typedef struct {
    char id[SKIT_ID_LEN];
    char *jwk;             /* JSON text */
    char thumb[48];        /* RFC 7638 thumbprint, base64url */
    char *contact;         /* JSON array text */
    char status[16];       /* valid | deactivated | revoked */
} skit_acct;

typedef struct {
    char id[SKIT_ID_LEN];
    char account[SKIT_ID_LEN];
    char status[16];       /* pending | ready | processing | valid | invalid */
    char *identifier;      /* base64url DER TNAuthList */
    int64_t expires;
    char *error;           /* problem JSON text, or NULL */
    char cert[SKIT_ID_LEN];/* "" until issued */
    /* the authorization (one per order: one TNAuthList identifier) */
    char authz_status[16]; /* pending | valid | invalid | deactivated */
    char token[SKIT_ID_LEN];
    char chall_status[16]; /* pending | valid | invalid */
    char *chall_error;     /* problem JSON text, or NULL */
    int64_t validated;
    int grant_ca;
    int64_t grant_exp;
} skit_order;

void skit_acct_clear(skit_acct *a);
void skit_order_clear(skit_order *o);

stir_status skit_acme_db_open(const char *path, struct sqlite3 **db, stir_error_t *err);
void skit_acme_db_close(struct sqlite3 *db);
/* STIR_E_NOT_FOUND when absent. */
stir_status skit_acct_by_thumb(struct sqlite3 *db, const char *thumb, skit_acct *a,
                               stir_error_t *err);
stir_status skit_acct_by_id(struct sqlite3 *db, const char *id, skit_acct *a, stir_error_t *err);
stir_status skit_acct_insert(struct sqlite3 *db, const skit_acct *a, int64_t now,
                             stir_error_t *err);
stir_status skit_acct_update(struct sqlite3 *db, const skit_acct *a, stir_error_t *err);
/* Order ids of an account, as a JSON array of strings (new reference). */
json_t *skit_acct_orders(struct sqlite3 *db, const char *account);

stir_status skit_order_insert(struct sqlite3 *db, const skit_order *o, stir_error_t *err);
stir_status skit_order_by_id(struct sqlite3 *db, const char *id, skit_order *o,
                             stir_error_t *err);
stir_status skit_order_by_token(struct sqlite3 *db, const char *id, skit_order *o,
                                stir_error_t *err);
/* Writes back status, error, authz and challenge fields and cert. */
stir_status skit_order_update(struct sqlite3 *db, const skit_order *o, stir_error_t *err);

/* Stores an issued certificate chain for an order, and the order valid, in one transaction. */
stir_status skit_cert_insert(struct sqlite3 *db, const char *id, skit_order *o,
                             const char *serial, const char *pem, stir_error_t *err);
/* The PEM chain and owner of certificate id (*pem malloc'd). */
stir_status skit_cert_get(struct sqlite3 *db, const char *id, char **pem, char account[SKIT_ID_LEN],
                          stir_error_t *err);
/* The PEM chain (*pem malloc'd) and owning account of the certificate with
 * serial (upper-case hex). */
stir_status skit_cert_by_serial(struct sqlite3 *db, const char *serial, char **pem,
                                char account[SKIT_ID_LEN], stir_error_t *err);

/* jti bookkeeping: STIR_OK when this use is allowed under policy (and records it). */
stir_status skit_jti_use(struct sqlite3 *db, const char *jti, const char *account, int64_t exp,
                         stir_acme_jti_policy policy, stir_error_t *err);

/* ---- nonce.c: single-use anti-replay nonces (RFC 8555 §6.5), in memory ---- */
typedef struct skit_nonces skit_nonces;
skit_nonces *skit_nonces_new(size_t max);
void skit_nonces_free(skit_nonces *n);
/* A fresh nonce into out (base64url of 16 random bytes). */
void skit_nonce_new(skit_nonces *n, char out[SKIT_ID_LEN]);
/* 1 when nonce was issued and not yet used; consumes it. */
int skit_nonce_use(skit_nonces *n, const char *nonce);

/* A random id (base64url of 16 random bytes). */
void skit_random_id(char out[SKIT_ID_LEN]);

#endif
