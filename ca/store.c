/*
 * The CA's state in SQLite (WAL): issued certificates, revocations and the
 * CRL number. The only file that speaks SQL; every change is one
 * transaction. Callers hold the stir_ca lock.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>
#include <sqlite3.h>

#include "stirkit/cert.h"

#include "ca_int.h"
#include "error_int.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS certificates ("
    " serial TEXT PRIMARY KEY,"          /* upper-case hex, no leading zeros */
    " subject TEXT NOT NULL,"
    " profile TEXT NOT NULL,"
    " tnauthlist TEXT NOT NULL,"
    " is_ca INTEGER NOT NULL,"
    " not_before INTEGER NOT NULL,"
    " not_after INTEGER NOT NULL,"
    " issued_at INTEGER NOT NULL,"
    " der BLOB NOT NULL,"
    " revoked_at INTEGER,"
    " reason INTEGER);"
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES ('schema_version', 1), ('crl_number', 0);";

static stir_status db_fail(sqlite3 *db, stir_error_t *err, const char *what)
{
    return skit_fail(err, STIR_E_IO, "CA database: %s: %s", what, sqlite3_errmsg(db));
}

stir_status skit_sqlite_open(const char *path, const char *ddl, const char *what,
                             sqlite3 **out, stir_error_t *err)
{
    sqlite3 *db = NULL;
    stir_status st;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        st = skit_fail(err, STIR_E_IO, "cannot open %s database %.200s: %s", what, path,
                       db != NULL ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return st;
    }
    sqlite3_busy_timeout(db, 10000); /* other processes share it (the CLI, the ACME server) */
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(db, ddl, NULL, NULL, NULL) != SQLITE_OK) {
        st = skit_fail(err, STIR_E_IO, "%s database %.200s: setting up: %s", what, path,
                       sqlite3_errmsg(db));
        sqlite3_close(db);
        return st;
    }
    *out = db;
    return STIR_OK;
}

stir_status skit_store_open(const char *path, sqlite3 **out, stir_error_t *err)
{
    return skit_sqlite_open(path, schema, "CA", out, err);
}

void skit_store_close(sqlite3 *db)
{
    sqlite3_close(db);
}

/* Runs BEGIN IMMEDIATE; the write lock is taken at once. */
static stir_status begin(sqlite3 *db, stir_error_t *err)
{
    return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK
               ? STIR_OK
               : db_fail(db, err, "starting a transaction");
}

static stir_status finish(sqlite3 *db, stir_status st, stir_error_t *err)
{
    if (st == STIR_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = db_fail(db, err, "committing");
    if (st != STIR_OK)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

stir_status skit_store_add_cert(sqlite3 *db, X509 *cert, const char *profile,
                                const char *tnauthlist, int64_t now, stir_error_t *err)
{
    sqlite3_stmt *q = NULL;
    char *serial = skit_serial_hex(X509_get0_serialNumber(cert));
    char subject[512];
    unsigned char *der = NULL;
    int dlen = i2d_X509(cert, &der), rc;
    int64_t nb, na;
    stir_status st;

    if (serial == NULL || dlen <= 0) {
        OPENSSL_free(serial);
        OPENSSL_free(der);
        return skit_fail(err, STIR_E_NOMEM, "out of memory recording a certificate");
    }
    nb = skit_time_to_unix(X509_get0_notBefore(cert));
    na = skit_time_to_unix(X509_get0_notAfter(cert));
    st = begin(db, err);
    if (st == STIR_OK) {
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO certificates (serial, subject, profile, tnauthlist,"
                                " is_ca, not_before, not_after, issued_at, der)"
                                " VALUES (?,?,?,?,?,?,?,?,?)",
                                -1, &q, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(q, 1, serial, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 2, stir_name_format(X509_get_subject_name(cert), subject,
                                                     sizeof(subject)), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(q, 3, profile, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 4, tnauthlist, -1, SQLITE_STATIC);
            sqlite3_bind_int(q, 5, X509_check_ca(cert) != 0);
            sqlite3_bind_int64(q, 6, nb);
            sqlite3_bind_int64(q, 7, na);
            sqlite3_bind_int64(q, 8, now);
            sqlite3_bind_blob(q, 9, der, dlen, SQLITE_STATIC);
            rc = sqlite3_step(q);
        }
        if (rc == SQLITE_CONSTRAINT)
            st = skit_fail(err, STIR_E_ALREADY, "serial %s is already in the CA database", serial);
        else if (rc != SQLITE_DONE)
            st = db_fail(db, err, "recording a certificate");
        sqlite3_finalize(q);
        st = finish(db, st, err);
    }
    OPENSSL_free(serial);
    OPENSSL_free(der);
    return st;
}

stir_status skit_store_revoke(sqlite3 *db, const char *serial, int reason, int64_t now,
                              stir_error_t *err)
{
    sqlite3_stmt *q = NULL;
    stir_status st = begin(db, err);
    int rc;

    if (st != STIR_OK)
        return st;
    rc = sqlite3_prepare_v2(db, "SELECT revoked_at FROM certificates WHERE serial = ?", -1, &q,
                            NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, serial, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_DONE)
        st = skit_fail(err, STIR_E_NOT_FOUND, "no certificate with serial %s was issued by this CA",
                       serial);
    else if (rc != SQLITE_ROW)
        st = db_fail(db, err, "looking up a serial");
    else if (sqlite3_column_type(q, 0) != SQLITE_NULL)
        st = skit_fail(err, STIR_E_ALREADY, "certificate %s is already revoked", serial);
    sqlite3_finalize(q);
    q = NULL;
    if (st == STIR_OK) {
        rc = sqlite3_prepare_v2(db, "UPDATE certificates SET revoked_at = ?, reason = ?"
                                    " WHERE serial = ?", -1, &q, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(q, 1, now);
            sqlite3_bind_int(q, 2, reason);
            sqlite3_bind_text(q, 3, serial, -1, SQLITE_STATIC);
            rc = sqlite3_step(q);
        }
        if (rc != SQLITE_DONE)
            st = db_fail(db, err, "recording a revocation");
        sqlite3_finalize(q);
    }
    return finish(db, st, err);
}

stir_status skit_store_crl(sqlite3 *db, int64_t *crl_number,
                           int (*fn)(const char *serial, int64_t revoked_at, int reason,
                                     void *arg),
                           void *arg, stir_error_t *err)
{
    sqlite3_stmt *q = NULL;
    stir_status st = begin(db, err);
    int rc;

    if (st != STIR_OK)
        return st;
    rc = sqlite3_exec(db, "UPDATE meta SET value = value + 1 WHERE name = 'crl_number'", NULL,
                      NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = 'crl_number'", -1, &q,
                                NULL);
    if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        *crl_number = sqlite3_column_int64(q, 0);
    else
        st = db_fail(db, err, "taking the next CRL number");
    sqlite3_finalize(q);
    q = NULL;
    if (st == STIR_OK) {
        rc = sqlite3_prepare_v2(db, "SELECT serial, revoked_at, reason FROM certificates"
                                    " WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial",
                                -1, &q, NULL);
        while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            if (fn((const char *)sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1),
                   sqlite3_column_int(q, 2), arg) != 0) {
                st = skit_fail(err, STIR_E_NOMEM, "out of memory building the CRL");
                break;
            }
            rc = SQLITE_OK;
        }
        if (st == STIR_OK && rc != SQLITE_DONE)
            st = db_fail(db, err, "reading revocations");
        sqlite3_finalize(q);
    }
    return finish(db, st, err);
}

stir_status skit_store_list(sqlite3 *db, int (*fn)(const stir_ca_record *r, void *arg),
                            void *arg, stir_error_t *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT serial, subject, profile, tnauthlist, is_ca, not_before,"
                                " not_after, issued_at, revoked_at, reason FROM certificates"
                                " ORDER BY issued_at, rowid",
                                -1, &q, NULL);

    while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        stir_ca_record r;
        int revoked = sqlite3_column_type(q, 8) != SQLITE_NULL;

        r.serial = (const char *)sqlite3_column_text(q, 0);
        r.subject = (const char *)sqlite3_column_text(q, 1);
        r.profile = (const char *)sqlite3_column_text(q, 2);
        r.tnauthlist = (const char *)sqlite3_column_text(q, 3);
        r.ca = sqlite3_column_int(q, 4);
        r.not_before = sqlite3_column_int64(q, 5);
        r.not_after = sqlite3_column_int64(q, 6);
        r.issued_at = sqlite3_column_int64(q, 7);
        r.revoked_at = revoked ? sqlite3_column_int64(q, 8) : 0;
        r.reason = revoked ? sqlite3_column_int(q, 9) : -1;
        rc = fn(&r, arg) != 0 ? SQLITE_DONE : SQLITE_OK;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? STIR_OK : db_fail(db, err, "listing certificates");
}
