/*
 * stirkit/chain.h - STIR certificate chains: linking a bundle by AKID/SKID,
 * RFC 5280 path validation with OpenSSL, and the RFC 9060 encompassing walk.
 */
#ifndef STIRKIT_CHAIN_H
#define STIRKIT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "stirkit/cert.h"
#include "stirkit/encompass.h"
#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- trust anchors ---------------------------------------------------- */

/* A set of trust anchors (certificates). Opaque. */
typedef struct stir_trust stir_trust;

/* A new empty set; NULL on OOM. */
stir_trust *stir_trust_new(void);

/* Frees the set. NULL is fine. */
void stir_trust_free(stir_trust *trust);

/*
 * Adds every certificate of a PEM bundle (read as stir_pem_read_certs does)
 * as a trust anchor. Any certificate may be an anchor, not only a
 * self-signed root. Errors as stir_pem_read_certs (a bundle that does not
 * read adds nothing), STIR_E_NOMEM, STIR_E_INTERNAL.
 */
stir_status stir_trust_add_pem(stir_trust *trust, const char *pem, size_t len,
                               stir_error_t *err);

/* Adds one anchor; the set takes its own reference (cert stays the caller's). */
stir_status stir_trust_add_cert(stir_trust *trust, X509 *cert, stir_error_t *err);

/* Number of anchors. */
size_t stir_trust_count(const stir_trust *trust);

/* ---- chains ----------------------------------------------------------- */

/* Most certificates linked into one chain (leaf up). */
#define STIR_CHAIN_MAX_DEPTH 16

/* A certificate bundle with its certificates linked leaf first. Opaque. */
typedef struct stir_chain stir_chain;

/*
 * Reads a PEM bundle (see stir_pem_read_certs) and links each certificate to
 * its issuer in the bundle, whatever the file order: the issuer's subject
 * equals the certificate's issuer name and, when the certificate has an
 * Authority Key Identifier keyIdentifier, the issuer's Subject Key
 * Identifier equals it (RFC 5280 §4.2.1.1; RFC 9060 §7). Among equal
 * candidates the one whose key verifies the signature wins. The leaf is the
 * certificate no other certifies (an end-entity one when there is a choice).
 *
 * *out: new; free with stir_chain_free. Errors: those of
 * stir_pem_read_certs; STIR_E_MALFORMED when the bundle holds two
 * end-entity certificates, when its certificates certify each other in a
 * cycle, or when the chain is deeper than STIR_CHAIN_MAX_DEPTH.
 */
stir_status stir_chain_from_pem(const char *pem, size_t len, stir_chain **out,
                                stir_error_t *err);

/* Frees the chain. NULL is fine. */
void stir_chain_free(stir_chain *chain);

/* Certificates linked from the leaf up (depth 0 = leaf). */
size_t stir_chain_length(const stir_chain *chain);

/* The certificate at depth (borrowed), or NULL when out of range. */
X509 *stir_chain_get0_cert(const stir_chain *chain, size_t depth);

/* Position (0-based) in the file of the certificate at depth. */
size_t stir_chain_file_index(const stir_chain *chain, size_t depth);

/* Certificates in the file, linked or not. */
size_t stir_chain_bundle_count(const stir_chain *chain);

/* 1 when the file's first certificate is the leaf. */
int stir_chain_leaf_first(const stir_chain *chain);

/* Options of stir_chain_check. Zero-initialise, then set what you need. */
typedef struct stir_check_opts {
    int64_t at;                 /* verification time, seconds since 1970-01-01 UTC */
    stir_spc_policy spc_policy; /* SPC parent with TN child (encompass.h) */
    const char *tn;             /* canonical TN the leaf must cover, or NULL */
    unsigned char reserved[32]; /* zero */
} stir_check_opts;

/*
 * Checks a chain for a STIR verifier or relying party:
 *  1. every chain certificate's TNAuthList decodes strictly (RFC 8226);
 *  2. the top certificate is self-issued, is itself an anchor, or has an
 *     issuer among the anchors;
 *  3. OpenSSL validates the path (RFC 5280 §6) to an anchor at opts->at
 *     (partial chains to any anchor accepted; a critical TNAuthList is
 *     understood);
 *  4. the leaf has a TNAuthList;
 *  5. walking the validated path from the leaf up, every certificate with a
 *     TNAuthList is encompassed (RFC 9060 §4) by the nearest ancestor that
 *     has one; certificates without one place no limit;
 *  6. opts->tn, when set, lies within the leaf's TNAuthList.
 * The first failure decides. chain and trust are borrowed.
 *
 * anchor: optional; on success, when the anchor the path ended at is not in
 * the bundle, *anchor receives a new reference to it (free with X509_free),
 * else NULL.
 * Returns STIR_OK; or the failure: STIR_E_MALFORMED, STIR_E_ISSUER_NOT_FOUND,
 * STIR_E_PATH_INVALID, STIR_E_NO_TNAUTHLIST, STIR_E_NOT_ENCOMPASSED,
 * STIR_E_TN_NOT_AUTHORIZED - with err->depth the failing certificate's
 * depth and err->text naming it (subject) and, for encompassing, the entry;
 * STIR_E_INVALID_ARG; STIR_E_NOMEM; STIR_E_INTERNAL.
 */
stir_status stir_chain_check(const stir_chain *chain, const stir_trust *trust,
                             const stir_check_opts *opts, X509 **anchor,
                             stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_CHAIN_H */
