/*
 * stirkit/identity.h - the SIP Identity header field (RFC 8224 §4), which
 * carries a PASSporT (RFC 8225) and where to find the signer's credential:
 *
 *     Identity: <jws>;info=<https://cert.example.org/sp.pem>;alg=ES256;ppt=shaken
 *
 * Thread safety: no shared state; a parsed stir_identity is plain data.
 */
#ifndef STIRKIT_IDENTITY_H
#define STIRKIT_IDENTITY_H

#include <stddef.h>

#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest Identity header field value (bytes) stirkit parses or builds. */
#define STIR_IDENTITY_MAX_LEN 8192

/*
 * A parsed Identity header field value. Allocated only by
 * stir_identity_parse and freed with stir_identity_free; the caller reads
 * the fields and must not change or free them. Strings are NUL-terminated
 * and owned by the struct.
 *
 * jws:     the signed-identity-digest as received: a PASSporT in full form
 *          "header.payload.signature" or compact form "..signature"
 *          (RFC 8225 §7); never NULL. Its characters are base64url or base64
 *          (erratum 6499) and '.'; stir_passport_decode then requires
 *          base64url (RFC 7515).
 * info:    the ident-info URI without its angle brackets, or NULL when the
 *          info parameter is absent (not a parse error: a verifier answers
 *          436 Bad Identity Info, RFC 8224 §6.2.2).
 * alg:     the alg parameter, or NULL when absent (RFC 8224 §4.1: ES256 is
 *          then implied).
 * ppt:     the ppt parameter with any quotes removed ("shaken" for both
 *          ppt=shaken and ppt="shaken"), or NULL when absent.
 * compact: 1 when jws is in compact form, else 0.
 */
typedef struct stir_identity {
    char *jws;
    char *info;
    char *alg;
    char *ppt;
    int compact;
} stir_identity;

/*
 * Parses an Identity header field value (after "Identity:"), RFC 8224 §4:
 *     signed-identity-digest *( SEMI param ), param = name [ EQUAL value ]
 * The digest is 1*(ALPHA / DIGIT / "-" / "_" / "+" / "/" / "."); parameters
 * come in any order, names case-insensitive; info's value is <absoluteURI>;
 * values are tokens or quoted-strings (ppt="shaken" is read as shaken);
 * unknown (generic) parameters are ignored; linear white space (SP, HTAB,
 * CRLF followed by SP/HTAB) is allowed around ';', '=' and at both ends.
 *
 * value/len borrowed (len bytes; need not be NUL-terminated). *out: new,
 * free with stir_identity_free; NULL on failure.
 * Errors: STIR_E_INVALID_ARG (NULL); STIR_E_TOO_LARGE (len above
 * STIR_IDENTITY_MAX_LEN); STIR_E_MALFORMED with a sentence naming what is
 * wrong (an empty digest, an unterminated '<' or quoted-string, info not in
 * angle brackets or not an absolute URI, a parameter without a value or
 * given twice, any other byte where the grammar allows none); STIR_E_NOMEM.
 */
stir_status stir_identity_parse(const char *value, size_t len, stir_identity **out,
                                stir_error_t *err);

/* Frees a parsed header. NULL is fine. */
void stir_identity_free(stir_identity *id);

/*
 * Builds the full-form Identity header field value
 *     <jws>;info=<info>;alg=ES256[;ppt=<ppt>]
 * (RFC 8224 §4; RFC 8588 §7 for ppt=shaken). jws: a PASSporT in full or
 * compact form (base64url and '.'); info: an absolute URI (normally the
 * PASSporT's x5u), without angle brackets; ppt: a token such as "shaken",
 * or NULL to omit the parameter. All borrowed. *out: new NUL-terminated
 * string, free with free().
 * Errors: STIR_E_INVALID_ARG (NULL jws, info or out); STIR_E_MALFORMED (jws
 * empty or holding a character outside base64url and '.', info not an
 * absolute URI or holding space, '<', '>' or '"', ppt not a token);
 * STIR_E_TOO_LARGE (result above STIR_IDENTITY_MAX_LEN); STIR_E_NOMEM.
 */
stir_status stir_identity_build(const char *jws, const char *info, const char *ppt, char **out,
                                stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_IDENTITY_H */
