/* The CA's insides, shared by the files of ca/. Not installed. */
#ifndef STIR_CA_INT_H
#define STIR_CA_INT_H

#include <pthread.h>
#include <stdint.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "stirkit/ca.h"
#include "chain_int.h"

/* The settings of ca.conf (stir_ca_open documents them). */
typedef struct {
    char *issuer_cert;
    char *key_uri;
    char *openssl_conf;
    char *database;
    stir_ca_profile profile;
    stir_spc_policy spc_policy;
    int default_days;
    char *policy_oid;
    char *crl_url;
    int crl_days;
} skit_ca_config;

struct sqlite3;

struct stir_ca {
    char *dir;
    skit_ca_config cfg;
    STACK_OF(X509) *chain;        /* issuing CA certificate first */
    stir_tnauthlist *scope;       /* nearest TNAuthList up the chain, or NULL */
    const char *scope_holder;     /* subject of its certificate */
    char scope_holder_buf[256];
    OSSL_LIB_CTX *libctx;         /* only when openssl_conf is set */
    EVP_PKEY *key;
    struct sqlite3 *db;
    pthread_mutex_t lock;         /* one transaction at a time */
};

/* ---- config.c ---- */
void skit_ca_config_defaults(skit_ca_config *c);
void skit_ca_config_clear(skit_ca_config *c);
/* Parses text (NUL-terminated) into c; errors name the line. */
stir_status skit_ca_config_parse(const char *text, skit_ca_config *c, stir_error_t *err);
/* dir/name, or name when it is absolute. malloc'd; NULL on OOM. */
char *skit_ca_path(const char *dir, const char *name);

/* ---- files.c ---- */
/* Reads a whole file (NUL-terminated, at most 4 MiB); free() it. */
stir_status skit_read_file(const char *path, char **buf, size_t *len, stir_error_t *err);
/* Creates path (which must not exist) with mode and writes data, synced. */
stir_status skit_write_file(const char *path, const char *data, size_t len, int mode,
                            stir_error_t *err);

/* ---- key.c ---- */
/* Loads a private key through OSSL_STORE (uri: "file:…", a path, "pkcs11:…"). */
stir_status skit_ca_load_key(OSSL_LIB_CTX *libctx, const char *uri, EVP_PKEY **out,
                             stir_error_t *err);
/* STIR_OK when key signs what cert's public key verifies (RFC 5280 key match). */
stir_status skit_ca_key_matches(EVP_PKEY *key, X509 *cert, stir_error_t *err);

/* ---- store.c: the only SQLite user ---- */
/* Opens (creating) a SQLite file in WAL mode with a busy timeout, and runs
 * schema. what names it in errors ("CA", "ACME"). STIR_E_IO. */
stir_status skit_sqlite_open(const char *path, const char *schema, const char *what,
                             struct sqlite3 **db, stir_error_t *err);
stir_status skit_store_open(const char *path, struct sqlite3 **db, stir_error_t *err);
void skit_store_close(struct sqlite3 *db);
/* Records an issued certificate; STIR_E_ALREADY when the serial exists. */
stir_status skit_store_add_cert(struct sqlite3 *db, X509 *cert, const char *profile,
                                const char *tnauthlist, int64_t now, stir_error_t *err);
stir_status skit_store_revoke(struct sqlite3 *db, const char *serial, int reason, int64_t now,
                              stir_error_t *err);
/* Increments and returns the CRL number; calls fn per revoked certificate,
 * all in one transaction. */
stir_status skit_store_crl(struct sqlite3 *db, int64_t *crl_number,
                           int (*fn)(const char *serial, int64_t revoked_at, int reason,
                                     void *arg),
                           void *arg, stir_error_t *err);
stir_status skit_store_list(struct sqlite3 *db,
                            int (*fn)(const stir_ca_record *r, void *arg), void *arg,
                            stir_error_t *err);

/* ---- names.c ---- */
/* Parses "/C=US/O=X/CN=Y" or "CN=Y,O=X,C=US" into a new X509_NAME. */
stir_status skit_parse_dn(const char *text, X509_NAME **out, stir_error_t *err);
/* A TNAuthList as "spc 1234; range 12125550000 100" (malloc'd). */
char *skit_tnauthlist_text(const stir_tnauthlist *tnal);
/* A serial as upper-case hex without leading zeros (malloc'd, OPENSSL_free). */
char *skit_serial_hex(const ASN1_INTEGER *serial);

/* ---- extensions.c ---- */
/* Adds ext_name = value (OpenSSL v3 config syntax) with issuer/subject context. */
stir_status skit_add_ext(X509 *cert, X509 *issuer, int nid, const char *value,
                         stir_error_t *err);
/* A random positive 127-bit serial: 16 octets, ≥ 64 bits of CSPRNG output
 * (RFC 5280 §4.1.2.2, ATIS-1000080). */
stir_status skit_set_random_serial(X509 *x, stir_error_t *err);
/* Adds the TNAuthList extension (non-critical) to cert. */
stir_status skit_add_tnauthlist(X509 *cert, const stir_tnauthlist *tnal, stir_error_t *err);

#endif
