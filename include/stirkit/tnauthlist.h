/*
 * stirkit/tnauthlist.h - the TNAuthList certificate extension (RFC 8226 §9,
 * Appendix A): strict DER decoding and encoding of all three TNEntry arms.
 *
 *   TNAuthorizationList ::= SEQUENCE SIZE (1..MAX) OF TNEntry
 *   TNEntry ::= CHOICE { spc [0] ServiceProviderCode,
 *                        range [1] TelephoneNumberRange,
 *                        one [2] TelephoneNumber }      -- EXPLICIT tags
 *   TelephoneNumberRange ::= SEQUENCE { start TelephoneNumber,
 *                                       count INTEGER (2..MAX), ... }
 *   TelephoneNumber ::= IA5String (SIZE (1..15)) (FROM ("0123456789#*"))
 */
#ifndef STIRKIT_TNAUTHLIST_H
#define STIRKIT_TNAUTHLIST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest TelephoneNumber, in characters (RFC 8226 Appendix A). */
#define STIR_TN_MAX_LEN 15
/* Most entries a parsed or built TNAuthList may hold. */
#define STIR_TNAL_MAX_ENTRIES 1000000
/* Longest SPC accepted, in bytes (RFC 8226 sets none; this bounds memory). */
#define STIR_SPC_MAX_LEN 256
/* Buffer size that always fits stir_tnentry_format() output. */
#define STIR_TNENTRY_TEXT_SIZE (STIR_SPC_MAX_LEN + 32)

typedef enum stir_tnentry_type {
    STIR_TNENTRY_SPC = 0,   /* spc   [0] ServiceProviderCode  */
    STIR_TNENTRY_RANGE = 1, /* range [1] TelephoneNumberRange */
    STIR_TNENTRY_ONE = 2    /* one   [2] TelephoneNumber      */
} stir_tnentry_type;

/*
 * One TNEntry. value is the SPC, the range's start TN, or the TN; a
 * NUL-terminated string owned by the list. count is the number of TNs in a
 * range (>= 2; start + count - 1 keeps start's digit count), 0 otherwise.
 */
typedef struct stir_tnentry {
    stir_tnentry_type type;
    const char *value;
    uint64_t count;
} stir_tnentry;

/* A TNAuthList: an ordered list of TNEntry values. Opaque. */
typedef struct stir_tnauthlist stir_tnauthlist;

/* A new empty list (encoding it fails until an entry is added); NULL on OOM. */
stir_tnauthlist *stir_tnauthlist_new(void);

/* Frees the list and its strings. NULL is fine. */
void stir_tnauthlist_free(stir_tnauthlist *tnal);

/*
 * Append entries. Each copies its string and checks it as the parser does:
 * spc: 1..STIR_SPC_MAX_LEN IA5 characters, no NUL; tn/start: 1..15 of
 * [0-9#*]; range: start all digits, count >= 2, start + count - 1 within
 * start's digit count. Errors: STIR_E_INVALID_ARG (NULL), STIR_E_MALFORMED
 * (the value breaks a rule; err says which), STIR_E_TOO_LARGE (more than
 * STIR_TNAL_MAX_ENTRIES), STIR_E_NOMEM. On error the list is unchanged.
 */
stir_status stir_tnauthlist_add_spc(stir_tnauthlist *tnal, const char *spc,
                                    stir_error_t *err);
stir_status stir_tnauthlist_add_range(stir_tnauthlist *tnal, const char *start,
                                      uint64_t count, stir_error_t *err);
stir_status stir_tnauthlist_add_one(stir_tnauthlist *tnal, const char *tn,
                                    stir_error_t *err);

/*
 * Appends an entry written as text: "spc:CODE", "range:START:COUNT" (COUNT
 * decimal) or "one:TN". Errors as the add functions, and STIR_E_MALFORMED
 * for an unknown kind or a bad COUNT.
 */
stir_status stir_tnauthlist_add_text(stir_tnauthlist *tnal, const char *entry,
                                     stir_error_t *err);

/* Number of entries. 0 for NULL. */
size_t stir_tnauthlist_count(const stir_tnauthlist *tnal);

/* Entry i (0-based), borrowed from the list; NULL when i is out of range. */
const stir_tnentry *stir_tnauthlist_get0_entry(const stir_tnauthlist *tnal,
                                               size_t i);

/*
 * Writes entry e as one line of text, "spc 1234", "range 12125551000 1000"
 * or "one 12125551824", into buf (n bytes, NUL-terminated, truncated if
 * short). Returns buf.
 */
char *stir_tnentry_format(const stir_tnentry *e, char *buf, size_t n);

/*
 * Decodes a DER TNAuthorizationList (the extnValue contents of the
 * 1.3.6.1.5.5.7.1.26 extension, or an application/tnauthlist body).
 * Strict: DER only (the re-encoding must equal the input), at least one
 * entry, EXPLICIT context tags, IA5String TNs of 1..15 [0-9#*], non-empty
 * IA5 SPC, INTEGER count >= 2, a range's last TN has its start's digit count,
 * no bytes after the SEQUENCE.
 *
 * der/len: the DER bytes (borrowed). *out: a new list the caller frees with
 * stir_tnauthlist_free; set only on success.
 * Errors: STIR_E_MALFORMED (err->text names the rule and the entry,
 * err->offset the byte where it was found when known), STIR_E_TOO_LARGE,
 * STIR_E_INVALID_ARG, STIR_E_NOMEM.
 */
stir_status stir_tnauthlist_parse(const unsigned char *der, size_t len,
                                  stir_tnauthlist **out, stir_error_t *err);

/*
 * Encodes the list as DER (RFC 8226 Appendix A, EXPLICIT tags) in entry
 * order. *der is allocated with OPENSSL_malloc; free with OPENSSL_free.
 * Errors: STIR_E_MALFORMED (empty list), STIR_E_NOMEM, STIR_E_INTERNAL.
 */
stir_status stir_tnauthlist_encode(const stir_tnauthlist *tnal,
                                   unsigned char **der, size_t *len,
                                   stir_error_t *err);

/*
 * Reads the TNAuthList extension of a certificate (borrowed) and parses it
 * as stir_tnauthlist_parse does. *out is a new list the caller frees.
 * Errors: STIR_E_NO_TNAUTHLIST (no such extension), STIR_E_MALFORMED (bad
 * DER, or the extension appears more than once), others as parse.
 */
stir_status stir_tnauthlist_from_cert(const X509 *cert, stir_tnauthlist **out,
                                      stir_error_t *err);

/*
 * Reads the TNAuthList from a CSR's extensionRequest attribute (PKCS #10,
 * RFC 2986). Same ownership and errors as stir_tnauthlist_from_cert.
 */
stir_status stir_tnauthlist_from_csr(const X509_REQ *csr, stir_tnauthlist **out,
                                     stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_TNAUTHLIST_H */
