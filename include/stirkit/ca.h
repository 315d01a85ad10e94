/*
 * stirkit/ca.h - an issuing STI-CA for delegate certificates (RFC 9060 §5):
 * issues only inside the issuer's TNAuthList scope, revokes, publishes
 * CRLs (RFC 5280 §5). A CA instance lives in one directory:
 *
 *   DIR/ca.conf     key = value settings (see stir_ca_open)
 *   DIR/issuer.pem  the issuing CA certificate first, then its ancestors
 *   DIR/ca.key      the private key, when the CA generated it (mode 0600)
 *   DIR/ca.db       SQLite state (WAL): issued certificates, revocations,
 *                   the CRL number
 *
 * All times are seconds since 1970-01-01 UTC and are passed in by the
 * caller. A stir_ca handle may be shared by threads: every state change is
 * one SQLite transaction taken under the handle's lock.
 */
#ifndef STIRKIT_CA_H
#define STIRKIT_CA_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "stirkit/encompass.h"
#include "stirkit/error.h"
#include "stirkit/tnauthlist.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stir_ca stir_ca;

/* Certificate profiles. */
typedef enum stir_ca_profile {
    /* RFC 9060 delegate certificates: spc, ranges and numbers; CA
     * delegates allowed; CA keyUsage keyCertSign + cRLSign. */
    STIR_PROFILE_DELEGATE = 0,
    /* ATIS-1000080 SHAKEN: exactly one SPC of [0-9A-Z]; an end-entity's
     * CN is "SHAKEN <SPC>"; CA keyUsage keyCertSign only. */
    STIR_PROFILE_SHAKEN = 1
} stir_ca_profile;

/* "delegate" or "shaken" into *out; else STIR_E_INVALID_ARG. */
stir_status stir_ca_profile_from_name(const char *name, stir_ca_profile *out,
                                      stir_error_t *err);
const char *stir_ca_profile_name(stir_ca_profile profile);

/* Options of stir_ca_init. Zero-initialise, then set what you need. */
typedef struct stir_ca_init_opts {
    /* New self-signed root: its subject, "/C=US/O=Example/CN=Example CA"
     * or "CN=Example CA,O=Example,C=US". Ignored when adopting. */
    const char *subject;
    const stir_tnauthlist *tnauthlist; /* root's TNAuthList, or NULL (none) */
    int days;                          /* root validity; 0 = 3650 */
    /* Adopting an existing CA instead: its PEM chain (CA certificate
     * first) and an OSSL_STORE URI or path of its private key. */
    const char *issuer_cert_file;
    const char *issuer_key_uri;
    int64_t now;
    unsigned char reserved[32];
} stir_ca_init_opts;

/*
 * Creates a CA directory (created if missing; refused if it already holds
 * ca.conf): either a new self-signed P-256 root (ecdsa-with-SHA256, SKID,
 * critical basicConstraints cA, critical keyUsage keyCertSign+cRLSign, the
 * optional TNAuthList) with a key in DIR/ca.key, or an adopted CA whose
 * certificate must be a CA and match the key (checked by a test
 * signature). Writes ca.conf with defaults and an empty database.
 * Errors: STIR_E_INVALID_ARG (missing subject, or only one of the adopt
 * options), STIR_E_MALFORMED (bad DN, unreadable chain), STIR_E_REFUSED (not
 * a CA, key does not match, directory in use), STIR_E_IO, STIR_E_INTERNAL.
 */
stir_status stir_ca_init(const char *dir, const stir_ca_init_opts *opts,
                         stir_error_t *err);

/*
 * Opens the CA in dir: reads ca.conf, whose keys are (paths relative to
 * dir; # starts a comment):
 *   issuer_cert   issuer chain file                 (issuer.pem)
 *   key_uri       OSSL_STORE URI or path of the key (ca.key); a "pkcs11:"
 *                 URI works when openssl_conf activates pkcs11-provider
 *   openssl_conf  OpenSSL config loaded into the CA's own library context
 *                 (optional; keeps an HSM provider away from TLS)
 *   database      SQLite file                        (ca.db)
 *   profile       default profile, delegate|shaken   (delegate)
 *   spc_policy    trust-issuer|reject                (trust-issuer)
 *   default_days  validity of issued certificates    (90)
 *   policy_oid    certificatePolicies OID to add     (none)
 *   crl_url       CRL distribution point URL to add  (none)
 *   crl_days      nextUpdate - thisUpdate of CRLs    (7)
 * loads the chain and the key (checking they match) and opens the
 * database. *out: free with stir_ca_close.
 * Errors: STIR_E_IO (missing files, database), STIR_E_MALFORMED (bad
 * config line, named with its line number), STIR_E_REFUSED (key does not
 * match the certificate), STIR_E_INTERNAL.
 */
stir_status stir_ca_open(const char *dir, stir_ca **out, stir_error_t *err);

/* Closes the CA. NULL is fine. */
void stir_ca_close(stir_ca *ca);

/* The issuing CA certificate (borrowed). */
X509 *stir_ca_get0_cert(const stir_ca *ca);

/* An issuance request. Zero-initialise, then set what you need. */
typedef struct stir_ca_request {
    X509_REQ *csr;                    /* PKCS #10 request (borrowed) */
    const stir_tnauthlist *tnauthlist;/* requested scope; NULL = the CSR's */
    int ca;                           /* 1: a CA (delegating) certificate */
    int pathlen;                      /* CA only: pathLenConstraint, -1 none */
    int days;                         /* validity; 0 = default_days */
    int64_t not_after_max;            /* latest notAfter (an Authority Token's
                                       * exp): a longer validity is cut to it;
                                       * 0 = none */
    int profile;                      /* stir_ca_profile, or -1 = config's */
    int64_t now;
    unsigned char reserved[32];
} stir_ca_request;

/*
 * Issues a certificate for req (RFC 9060 §5; ATIS-1000080 for shaken).
 * Refuses, with a sentence naming the reason, when: the CSR signature does
 * not verify; its key is not EC P-256 or is the issuer's key; the CSR asks
 * for cA=TRUE without req->ca; no TNAuthList is requested, or the option's
 * and the CSR's differ; the requested TNAuthList is not encompassed by the
 * issuer's (the nearest in the issuer chain that has one; spc_policy as
 * configured), naming the entry; the profile's rules fail; a CA is
 * requested where the issuer's pathLenConstraint forbids it; the validity
 * would end after the issuer's notAfter, or not_after_max is already past.
 * The certificate: v3, random positive 127-bit serial (unique in the
 * database), issuer's subject as issuer, the CSR's subject, SKID (SHA-1 of
 * the key), AKID keyIdentifier = issuer SKID, critical basicConstraints and
 * keyUsage per role, certificatePolicies and CRL distribution point when
 * configured, the TNAuthList (non-critical); nothing else. Recorded in the
 * database in one transaction.
 * pem_chain (optional): malloc'd PEM, the new certificate first, then the
 * issuer chain without a self-signed root (application/pem-certificate-
 * chain, RFC 8555 §9.1). cert (optional): a new reference; X509_free.
 * Errors: STIR_E_REFUSED, STIR_E_MALFORMED (CSR unreadable, bad
 * TNAuthList), STIR_E_INVALID_ARG, STIR_E_IO, STIR_E_INTERNAL.
 */
stir_status stir_ca_issue(stir_ca *ca, const stir_ca_request *req,
                          char **pem_chain, X509 **cert, stir_error_t *err);

/*
 * Checks, without issuing, that tnal lies within the CA's scope (the
 * nearest TNAuthList up its issuer chain; RFC 9060 §4, spc_policy as
 * configured). STIR_OK, or STIR_E_REFUSED naming the entry outside.
 */
stir_status stir_ca_check_scope(const stir_ca *ca, const stir_tnauthlist *tnal,
                                stir_error_t *err);

/* 1 when the CSR's extensionRequest asks for basicConstraints cA=TRUE. */
int stir_csr_requests_ca(const X509_REQ *csr);

/* RFC 5280 §5.3.1 CRLReason names: unspecified, keyCompromise,
 * cACompromise, affiliationChanged, superseded, cessationOfOperation,
 * certificateHold, removeFromCRL, privilegeWithdrawn, aACompromise
 * (case-insensitive) into *reason; 7 does not exist. STIR_E_INVALID_ARG
 * for anything else. */
stir_status stir_crl_reason_from_name(const char *name, int *reason,
                                      stir_error_t *err);
/* The name of a reason code, or NULL. */
const char *stir_crl_reason_name(int reason);

/*
 * Revokes the certificate with serial (hex, case-insensitive, optional
 * leading zeros) at now with reason (RFC 5280 §5.3.1 code; 0..10, not 7).
 * Errors: STIR_E_NOT_FOUND (not issued here), STIR_E_ALREADY (already
 * revoked), STIR_E_INVALID_ARG (bad serial or reason), STIR_E_IO.
 */
stir_status stir_ca_revoke(stir_ca *ca, const char *serial, int reason,
                           int64_t now, stir_error_t *err);

/*
 * Signs a v2 CRL (RFC 5280 §5) of every revoked certificate: issuer name,
 * thisUpdate now, nextUpdate now + crl_days, AKID, the next CRL number
 * (monotonic, stored in the same transaction), reason codes (none for
 * unspecified). *crl: a new CRL; X509_CRL_free.
 * Errors: STIR_E_IO, STIR_E_INTERNAL.
 */
stir_status stir_ca_crl(stir_ca *ca, int64_t now, X509_CRL **crl,
                        stir_error_t *err);

/* One issued certificate, as listed. Strings are borrowed for the call. */
typedef struct stir_ca_record {
    const char *serial;     /* upper-case hex */
    const char *subject;    /* RFC 2253 */
    const char *profile;
    const char *tnauthlist; /* entries as text, "; "-separated */
    int ca;
    int64_t not_before, not_after, issued_at;
    int64_t revoked_at;     /* 0 when not revoked */
    int reason;             /* CRLReason, -1 when not revoked */
} stir_ca_record;

/*
 * Calls fn for every issued certificate in issue order; fn returns 0 to go
 * on. Errors: STIR_E_IO.
 */
stir_status stir_ca_list(stir_ca *ca, int (*fn)(const stir_ca_record *r, void *arg),
                         void *arg, stir_error_t *err);

/*
 * Loads a private key through OpenSSL OSSL_STORE: a path, a "file:" URI,
 * or a "pkcs11:" URI (RFC 7512) when a provider for it is configured.
 * *out: a new key; EVP_PKEY_free. Errors: STIR_E_IO naming the URI.
 */
stir_status stir_key_load(const char *uri, EVP_PKEY **out, stir_error_t *err);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_CA_H */
