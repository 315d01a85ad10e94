/*
 * ACME state in SQLite (WAL): accounts, orders with their one authorization
 * and challenge, certificates, used Authority Token jtis. Every change is
 * one statement or one transaction. The only file of acme/ that speaks SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "acme_int.h"
#include "ca_int.h"
#include "error_int.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, jwk TEXT NOT NULL,"
    " thumb TEXT NOT NULL UNIQUE, contact TEXT NOT NULL, status TEXT NOT NULL,"
    " created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, account TEXT NOT NULL,"
    " status TEXT NOT NULL, identifier TEXT NOT NULL, expires INTEGER NOT NULL, error TEXT,"
    " cert TEXT NOT NULL DEFAULT '', authz_status TEXT NOT NULL, token TEXT NOT NULL UNIQUE,"
    " chall_status TEXT NOT NULL, chall_error TEXT, validated INTEGER NOT NULL DEFAULT 0,"
    " grant_ca INTEGER NOT NULL DEFAULT 0, grant_exp INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS orders_by_account ON orders (account);"
    "CREATE TABLE IF NOT EXISTS certs (id TEXT PRIMARY KEY, order_id TEXT NOT NULL,"
    " account TEXT NOT NULL, serial TEXT NOT NULL UNIQUE, pem TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS jtis (jti TEXT PRIMARY KEY, account TEXT NOT NULL,"
    " exp INTEGER NOT NULL);";

static stir_status db_fail(sqlite3 *db, stir_error_t *err, const char *what)
{
    return skit_fail(err, STIR_E_IO, "ACME database: %s: %s", what, sqlite3_errmsg(db));
}

stir_status skit_acme_db_open(const char *path, sqlite3 **out, stir_error_t *err)
{
    return skit_sqlite_open(path, schema, "ACME", out, err);
}

void skit_acme_db_close(sqlite3 *db)
{
    sqlite3_close(db);
}

void skit_acct_clear(skit_acct *a)
{
    free(a->jwk);
    free(a->contact);
    memset(a, 0, sizeof(*a));
}

void skit_order_clear(skit_order *o)
{
    free(o->identifier);
    free(o->error);
    free(o->chall_error);
    memset(o, 0, sizeof(*o));
}

static void col_copy(sqlite3_stmt *q, int i, char *dst, size_t n)
{
    const unsigned char *v = sqlite3_column_text(q, i);

    snprintf(dst, n, "%s", v != NULL ? (const char *)v : "");
}

static char *col_dup(sqlite3_stmt *q, int i)
{
    const unsigned char *v = sqlite3_column_text(q, i);

    return v != NULL ? strdup((const char *)v) : NULL;
}

/* Runs sql with text parameters (NULL binds NULL); one row into fn, if any. */
static stir_status run(sqlite3 *db, const char *sql, const char *const *params, int n,
                       void (*row)(sqlite3_stmt *q, void *arg), void *arg, stir_error_t *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    stir_status st = STIR_OK;

    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = params[i] != NULL ? sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC)
                               : sqlite3_bind_null(q, i + 1);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && row != NULL)
        row(q, arg);
    else if (rc == SQLITE_DONE && row != NULL)
        st = STIR_E_NOT_FOUND;
    else if (rc == SQLITE_CONSTRAINT)
        st = skit_fail(err, STIR_E_ALREADY, "ACME database: %s", sqlite3_errmsg(db));
    else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        st = db_fail(db, err, "a query failed");
    sqlite3_finalize(q);
    if (st == STIR_E_NOT_FOUND)
        skit_fail(err, STIR_E_NOT_FOUND, "no such object");
    return st;
}

static void acct_row(sqlite3_stmt *q, void *arg)
{
    skit_acct *a = arg;

    col_copy(q, 0, a->id, sizeof(a->id));
    a->jwk = col_dup(q, 1);
    col_copy(q, 2, a->thumb, sizeof(a->thumb));
    a->contact = col_dup(q, 3);
    col_copy(q, 4, a->status, sizeof(a->status));
}

stir_status skit_acct_by_thumb(sqlite3 *db, const char *thumb, skit_acct *a, stir_error_t *err)
{
    const char *p[1] = {thumb};

    memset(a, 0, sizeof(*a));
    return run(db, "SELECT id, jwk, thumb, contact, status FROM accounts WHERE thumb = ?", p, 1,
               acct_row, a, err);
}

stir_status skit_acct_by_id(sqlite3 *db, const char *id, skit_acct *a, stir_error_t *err)
{
    const char *p[1] = {id};

    memset(a, 0, sizeof(*a));
    return run(db, "SELECT id, jwk, thumb, contact, status FROM accounts WHERE id = ?", p, 1,
               acct_row, a, err);
}

stir_status skit_acct_insert(sqlite3 *db, const skit_acct *a, int64_t now, stir_error_t *err)
{
    char created[24];
    const char *p[6] = {a->id, a->jwk, a->thumb, a->contact, a->status, created};

    snprintf(created, sizeof(created), "%lld", (long long)now);
    return run(db, "INSERT INTO accounts (id, jwk, thumb, contact, status, created)"
                   " VALUES (?,?,?,?,?,?)", p, 6, NULL, NULL, err);
}

stir_status skit_acct_update(sqlite3 *db, const skit_acct *a, stir_error_t *err)
{
    const char *p[5] = {a->jwk, a->thumb, a->contact, a->status, a->id};

    return run(db, "UPDATE accounts SET jwk = ?, thumb = ?, contact = ?, status = ? WHERE id = ?",
               p, 5, NULL, NULL, err);
}

json_t *skit_acct_orders(sqlite3 *db, const char *account)
{
    sqlite3_stmt *q = NULL;
    json_t *list = json_array();

    if (sqlite3_prepare_v2(db, "SELECT id FROM orders WHERE account = ? ORDER BY rowid", -1, &q,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, account, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW)
            json_array_append_new(list, json_string((const char *)sqlite3_column_text(q, 0)));
    }
    sqlite3_finalize(q);
    return list;
}

#define ORDER_COLUMNS                                                                          \
    "id, account, status, identifier, expires, error, cert, authz_status, token, chall_status," \
    " chall_error, validated, grant_ca, grant_exp"

static void order_row(sqlite3_stmt *q, void *arg)
{
    skit_order *o = arg;

    col_copy(q, 0, o->id, sizeof(o->id));
    col_copy(q, 1, o->account, sizeof(o->account));
    col_copy(q, 2, o->status, sizeof(o->status));
    o->identifier = col_dup(q, 3);
    o->expires = sqlite3_column_int64(q, 4);
    o->error = col_dup(q, 5);
    col_copy(q, 6, o->cert, sizeof(o->cert));
    col_copy(q, 7, o->authz_status, sizeof(o->authz_status));
    col_copy(q, 8, o->token, sizeof(o->token));
    col_copy(q, 9, o->chall_status, sizeof(o->chall_status));
    o->chall_error = col_dup(q, 10);
    o->validated = sqlite3_column_int64(q, 11);
    o->grant_ca = sqlite3_column_int(q, 12);
    o->grant_exp = sqlite3_column_int64(q, 13);
}

stir_status skit_order_by_id(sqlite3 *db, const char *id, skit_order *o, stir_error_t *err)
{
    const char *p[1] = {id};

    memset(o, 0, sizeof(*o));
    return run(db, "SELECT " ORDER_COLUMNS " FROM orders WHERE id = ?", p, 1, order_row, o, err);
}

stir_status skit_order_by_token(sqlite3 *db, const char *token, skit_order *o, stir_error_t *err)
{
    const char *p[1] = {token};

    memset(o, 0, sizeof(*o));
    return run(db, "SELECT " ORDER_COLUMNS " FROM orders WHERE token = ?", p, 1, order_row, o,
               err);
}

/* The order's numbers as text parameters. */
static void order_numbers(const skit_order *o, char expires[24], char validated[24],
                          char ca[4], char gexp[24])
{
    snprintf(expires, 24, "%lld", (long long)o->expires);
    snprintf(validated, 24, "%lld", (long long)o->validated);
    snprintf(ca, 4, "%d", o->grant_ca != 0);
    snprintf(gexp, 24, "%lld", (long long)o->grant_exp);
}

stir_status skit_order_insert(sqlite3 *db, const skit_order *o, stir_error_t *err)
{
    char expires[24], validated[24], ca[4], gexp[24];
    const char *p[14] = {o->id, o->account, o->status, o->identifier, expires, o->error, o->cert,
                         o->authz_status, o->token, o->chall_status, o->chall_error, validated,
                         ca, gexp};

    order_numbers(o, expires, validated, ca, gexp);
    return run(db, "INSERT INTO orders (" ORDER_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               p, 14, NULL, NULL, err);
}

stir_status skit_order_update(sqlite3 *db, const skit_order *o, stir_error_t *err)
{
    char expires[24], validated[24], ca[4], gexp[24];
    const char *p[10] = {o->status, o->error, o->cert, o->authz_status, o->chall_status,
                         o->chall_error, validated, ca, gexp, o->id};

    order_numbers(o, expires, validated, ca, gexp);
    return run(db, "UPDATE orders SET status = ?, error = ?, cert = ?, authz_status = ?,"
                   " chall_status = ?, chall_error = ?, validated = ?, grant_ca = ?,"
                   " grant_exp = ? WHERE id = ?", p, 10, NULL, NULL, err);
}

stir_status skit_cert_insert(sqlite3 *db, const char *id, skit_order *o, const char *serial,
                             const char *pem, stir_error_t *err)
{
    const char *p[5] = {id, o->id, o->account, serial, pem};
    stir_status st;

    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, "starting a transaction");
    st = run(db, "INSERT INTO certs (id, order_id, account, serial, pem) VALUES (?,?,?,?,?)", p,
             5, NULL, NULL, err);
    if (st == STIR_OK) {
        snprintf(o->cert, sizeof(o->cert), "%s", id);
        snprintf(o->status, sizeof(o->status), "valid");
        st = skit_order_update(db, o, err);
    }
    if (st == STIR_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = db_fail(db, err, "committing");
    if (st != STIR_OK)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

typedef struct {
    char **pem;
    char *account;
} cert_out;

static void cert_row(sqlite3_stmt *q, void *arg)
{
    cert_out *c = arg;

    if (c->pem != NULL)
        *c->pem = col_dup(q, 0);
    col_copy(q, 1, c->account, SKIT_ID_LEN);
}

stir_status skit_cert_get(sqlite3 *db, const char *id, char **pem, char account[SKIT_ID_LEN],
                          stir_error_t *err)
{
    const char *p[1] = {id};
    cert_out c = {pem, account};

    return run(db, "SELECT pem, account FROM certs WHERE id = ?", p, 1, cert_row, &c, err);
}

stir_status skit_cert_by_serial(sqlite3 *db, const char *serial, char **pem,
                                char account[SKIT_ID_LEN], stir_error_t *err)
{
    const char *p[1] = {serial};
    cert_out c = {pem, account};

    return run(db, "SELECT pem, account FROM certs WHERE serial = ?", p, 1, cert_row, &c, err);
}

static void jti_row(sqlite3_stmt *q, void *arg)
{
    col_copy(q, 0, arg, SKIT_ID_LEN);
}

stir_status skit_jti_use(sqlite3 *db, const char *jti, const char *account, int64_t exp,
                         stir_acme_jti_policy policy, stir_error_t *err)
{
    const char *p[1] = {jti};
    char owner[SKIT_ID_LEN] = "", e[24];
    stir_status st = run(db, "SELECT account FROM jtis WHERE jti = ?", p, 1, jti_row, owner, NULL);

    if (st == STIR_OK) {
        if (policy == STIR_JTI_SINGLE_USE)
            return skit_fail(err, STIR_E_REFUSED,
                             "the Authority Token (jti %.64s) was already used, and this server "
                             "accepts each token once", jti);
        if (strcmp(owner, account) != 0)
            return skit_fail(err, STIR_E_REFUSED,
                             "the Authority Token (jti %.64s) was already used by another account",
                             jti);
        return STIR_OK;
    }
    if (st != STIR_E_NOT_FOUND)
        return db_fail(db, err, "looking up a jti");
    {
        const char *q[3] = {jti, account, e};

        snprintf(e, sizeof(e), "%lld", (long long)exp);
        return run(db, "INSERT INTO jtis (jti, account, exp) VALUES (?,?,?)", q, 3, NULL, NULL,
                   err);
    }
}
