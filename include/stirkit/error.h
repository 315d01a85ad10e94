/*
 * stirkit/error.h - status codes and the error detail every call can fill.
 *
 * Every stirkit call returns a stir_status and, when the caller passes a
 * non-NULL stir_error_t, fills it with the same code and one sentence that
 * says what was wrong (naming the certificate, entry or byte offset).
 */
#ifndef STIRKIT_ERROR_H
#define STIRKIT_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Status codes, named by meaning. Append-only: a value, once published,
 * keeps its number forever.
 */
typedef enum stir_status {
    STIR_OK = 0,                /* success, or a positive verdict */
    STIR_E_INVALID_ARG = 1,     /* the caller passed NULL or an out-of-range value */
    STIR_E_NOMEM = 2,           /* an allocation failed */
    STIR_E_MALFORMED = 3,       /* input is not a valid object of the expected kind */
    STIR_E_NOT_ENCOMPASSED = 4, /* RFC 9060: a delegate's TNAuthList exceeds its parent's */
    STIR_E_NO_TNAUTHLIST = 5,   /* a certificate that needs a TNAuthList has none */
    STIR_E_ISSUER_NOT_FOUND = 6,/* an issuer is neither in the bundle nor a trust anchor */
    STIR_E_PATH_INVALID = 7,    /* RFC 5280 path validation failed */
    STIR_E_TN_NOT_AUTHORIZED = 8,/* a TN lies outside the certificate's TNAuthList */
    STIR_E_TOO_LARGE = 9,       /* input exceeds a documented limit */
    STIR_E_INTERNAL = 10,       /* an unexpected library failure (OpenSSL) */
    STIR_E_SIGNATURE = 11,      /* a signature does not verify */
    STIR_E_STALE = 12,          /* a time lies outside the accepted window */
    STIR_E_UNSUPPORTED = 13,    /* well-formed, but not accepted (alg, ppt, key type) */
    STIR_E_FETCH = 14,          /* fetching a resource (x5u) failed */
    STIR_E_REFUSED = 15,        /* a request refused by policy (the CA's scope) */
    STIR_E_IO = 16,             /* a file or database operation failed */
    STIR_E_NOT_FOUND = 17,      /* the named object does not exist */
    STIR_E_ALREADY = 18         /* the operation was already done (already revoked) */
} stir_status;

/* Size of stir_error_t.text, including the terminating NUL. */
#define STIR_ERROR_TEXT_SIZE 512

/*
 * Error detail. offset is the byte offset into DER input where the problem
 * was found, or -1; depth is the position in a chain (0 = leaf), or -1.
 * text is one NUL-terminated sentence without a trailing newline.
 */
typedef struct stir_error {
    stir_status code;
    long offset;
    int depth;
    char text[STIR_ERROR_TEXT_SIZE];
    unsigned char reserved[32]; /* for future fields; zero */
} stir_error_t;

/*
 * Static, human-readable name of a status ("TNAuthList not encompassed" ...).
 * Never NULL; unknown values give "unknown status".
 */
const char *stir_strerror(stir_status status);

/*
 * Short stable machine name of a status, as used in JSON output:
 * "ok", "malformed", "not_encompassed", "no_tnauthlist", "issuer_not_found",
 * "path_invalid", "tn_not_authorized", "invalid_argument", "no_memory",
 * "too_large", "internal", "signature_invalid", "stale", "unsupported",
 * "fetch_failed", "refused", "io_error", "not_found", "already_done".
 * Never NULL.
 */
const char *stir_status_name(stir_status status);

/* Resets err to {STIR_OK, -1, -1, ""}. err may be NULL. */
void stir_error_clear(stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_ERROR_H */
