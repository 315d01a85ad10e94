/*
 * stirkit/lint.h - the certificate-chain linter: every rule of a profile
 * run on every certificate of a PEM bundle and on the bundle as a chain,
 * reported as findings with a stable id, a severity and the source text
 * they come from.
 *
 * Profiles:
 *  - shaken: the SHAKEN certificate profile of ATIS-1000080 v005 §6.4.1
 *    (and the US SHAKEN CP where it adds to it), plus the RFC 5280,
 *    RFC 8226 and chain rules below;
 *  - delegate: STIR certificate delegation (RFC 9060): TNAuthList allowed
 *    on CA certificates and required on every delegate, TN ranges and
 *    numbers allowed, every delegation step encompassed, delegating
 *    certificates CAs with keyCertSign, a delegate's validity inside its
 *    parent's; plus the RFC 5280, RFC 8226 and chain rules. The ATIS
 *    profile rules do not apply.
 * Chain rules (both profiles): leaf first and each certificate certifying
 * the one before it (RFC 8555 §9.1, RFC 9060 §7), AKID/SKID linkage,
 * signatures, duplicates, unrelated certificates, the root present or
 * absent, members expired or not yet valid at the lint time, mixed key
 * types, issuers that are not CAs, pathLenConstraint.
 *
 * Effective dates: each rule has the date its text took effect (and, for a
 * rule a later version replaced, the date it stopped). A rule checked on
 * each certificate (all certificate rules, and the chain rules about one
 * certificate and its issuer) applies to a certificate whose notBefore
 * lies in that window, so older certificates are judged by the rules of
 * their time; a rule on the bundle as a whole applies by the newest
 * notBefore in the bundle; an x5u response rule by the lint time.
 * testdata/lint-rules.md lists every rule.
 */
#ifndef STIRKIT_LINT_H
#define STIRKIT_LINT_H

#include <stddef.h>
#include <stdint.h>

#include "stirkit/encompass.h"
#include "stirkit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The rule set to lint against. */
typedef enum stir_lint_profile {
    STIR_LINT_PROFILE_SHAKEN = 0,  /* ATIS-1000080 v005 */
    STIR_LINT_PROFILE_DELEGATE = 1 /* RFC 9060 */
} stir_lint_profile;

/* Bit of a profile in stir_lint_rule_info.profiles. */
#define STIR_LINT_PROFILE_BIT(p) (1u << (unsigned)(p))

/* How bad a finding is. Ordered: a larger value is worse. */
typedef enum stir_lint_severity {
    STIR_LINT_NOTICE = 0,  /* worth knowing; not a defect ("n_" ids) */
    STIR_LINT_WARNING = 1, /* breaks a SHOULD, or a [recalled] rule ("w_" ids) */
    STIR_LINT_ERROR = 2    /* breaks a MUST / shall ("e_" ids) */
} stir_lint_severity;

/*
 * Parses "shaken" or "delegate" into *out. STIR_OK; STIR_E_INVALID_ARG
 * naming the accepted values (err filled) for anything else or NULL.
 */
stir_status stir_lint_profile_from_name(const char *name, stir_lint_profile *out,
                                        stir_error_t *err);

/* "shaken" or "delegate" ("unknown" for other values). Static. */
const char *stir_lint_profile_name(stir_lint_profile profile);

/* "notice", "warning" or "error" ("unknown" for other values). Static. */
const char *stir_lint_severity_name(stir_lint_severity severity);

/*
 * One finding. Every pointer is borrowed and valid only during the
 * callback that receives it; copy what you keep.
 *  id:       stable rule id, "e_..." / "w_..." / "n_..." by severity;
 *  position: 0-based position of the certificate in the file (its PEM
 *            block number, counting every block), or -1 for a finding
 *            about the bundle, the chain or the HTTP response as a whole;
 *  subject:  the certificate's subject in RFC 2253 form ("" when position
 *            is -1 or the block does not decode);
 *  source:   the document and section or version the rule comes from,
 *            e.g. "ATIS-1000080 v005 §6.4.1", "RFC 9060 §4";
 *  text:     one sentence, no trailing newline, saying what is wrong.
 */
typedef struct stir_lint_finding {
    const char *id;
    stir_lint_severity severity;
    int position;
    const char *subject;
    const char *source;
    const char *text;
} stir_lint_finding;

/*
 * Receives each finding, in order: by position (file order), chain-level
 * findings (position -1) last, and by rule order within a position.
 */
typedef void (*stir_lint_cb)(const stir_lint_finding *finding, void *arg);

/* Counts of findings per severity. */
typedef struct stir_lint_summary {
    size_t errors;
    size_t warnings;
    size_t notices;
} stir_lint_summary;

/* Options. Zero-initialise, then set what you need. */
typedef struct stir_lint_opts {
    stir_lint_profile profile;
    int64_t at;                 /* lint time, seconds since 1970-01-01 UTC:
                                 * members expired or not yet valid then are
                                 * reported */
    stir_spc_policy spc_policy; /* delegate encompassing of TNs under a
                                 * parent's SPC; 0 = trust-issuer */
    unsigned char reserved[32]; /* zero */
} stir_lint_opts;

/*
 * Lints a PEM certificate bundle (RFC 7468; read as stir_pem_read_certs
 * does, and linked as stir_chain_from_pem does) under opts->profile at
 * opts->at. Runs every certificate rule of the profile on every
 * certificate (a repeated certificate only once) and every chain rule on
 * the bundle. A bundle that does not link into one chain (two end-entity
 * certificates, a cycle), a PEM block that is not a certificate (a private
 * key) and a certificate block that does not decode (a serial number not
 * minimally encoded, bad DER) are findings, not failures, as long as one
 * certificate decodes.
 *
 * pem/len: the text (borrowed; need not be NUL-terminated). opts: borrowed.
 * cb/arg: called once per finding (cb may be NULL). summary: optional; set
 * to the counts per severity (zeroed first).
 * Returns STIR_OK when the bundle was linted, whatever it holds.
 * Errors: STIR_E_MALFORMED when the input is not a certificate bundle (no
 * certificate decodes, a damaged PEM block; err says why),
 * STIR_E_TOO_LARGE (more than STIR_BUNDLE_MAX_CERTS certificates or
 * STIR_BUNDLE_MAX_BYTES bytes), STIR_E_INVALID_ARG (NULL pem or opts, an
 * unknown profile), STIR_E_NOMEM, STIR_E_INTERNAL. On error no finding was
 * reported.
 */
stir_status stir_lint_bundle(const char *pem, size_t len, const stir_lint_opts *opts,
                             stir_lint_cb cb, void *arg, stir_lint_summary *summary,
                             stir_error_t *err);

/*
 * An x5u response to lint (RFC 8224 §7.2, RFC 8555 §9.1, ATIS-1000080 and
 * ATIS-1000074 hosting rules). The caller fetched it (stir_fetch) and
 * judged its URL (stir_fetch_check_url); this library does no I/O.
 */
typedef struct stir_lint_http {
    const char *url;           /* for messages; may be NULL */
    /* Why the URL breaks the x5u rules other than its port (not https,
     * userinfo, query, fragment, no host), or NULL when it does not. */
    const char *url_refusal;
    /* Why the URL's port breaks the x5u rules (not 443 or 8443), or NULL. */
    const char *port_refusal;
    int fetched;               /* 1 when the fields below hold a response */
    long status;               /* HTTP status code */
    const char *content_type;  /* Content-Type value, NULL when absent */
    const char *cache_control; /* Cache-Control value, NULL when absent */
    const char *body;          /* the body (borrowed), len bytes */
    size_t len;
    unsigned char reserved[32]; /* zero */
} stir_lint_http;

/*
 * Lints an x5u response: the URL rules, then, when fetched, the status
 * (200), the Content-Type (application/pem-certificate-chain), the
 * Cache-Control (present, max-age >= 86400), strict PEM (no text outside
 * the certificate blocks, RFC 7468 strict base64 lines), and then the body
 * as stir_lint_bundle does, its findings passed on with the same
 * callback. A 200 body that is not a certificate bundle is a finding. The
 * response rules apply by opts->at.
 *
 * resp, opts: borrowed. cb/arg/summary as stir_lint_bundle.
 * Returns STIR_OK when linted. Errors: STIR_E_INVALID_ARG (NULL resp or
 * opts, a body pointer missing for a non-empty len, an unknown profile),
 * STIR_E_NOMEM, STIR_E_INTERNAL; on error no finding was reported.
 */
stir_status stir_lint_x5u(const stir_lint_http *resp, const stir_lint_opts *opts,
                          stir_lint_cb cb, void *arg, stir_lint_summary *summary,
                          stir_error_t *err);

/* ---- the rule catalogue ---------------------------------------------------- */

/* What applies a rule, and when. Strings are static. */
typedef struct stir_lint_rule_info {
    const char *id;              /* "e_atis_version" ... */
    stir_lint_severity severity;
    unsigned profiles;           /* STIR_LINT_PROFILE_BIT()s it belongs to */
    const char *scope;           /* "certificate", "chain" or "x5u" */
    const char *source;          /* "ATIS-1000080 v005 §6.4.1" ... */
    int64_t effective;           /* seconds since 1970: applies from */
    int64_t ineffective;         /* applies before this; 0 = still in force */
    const char *description;     /* one sentence */
} stir_lint_rule_info;

/* Number of rules in the catalogue. */
size_t stir_lint_rule_count(void);

/*
 * Rule i (0-based, the order rules run in), static and borrowed; NULL when
 * i is out of range.
 */
const stir_lint_rule_info *stir_lint_rule_get0(size_t i);

/* The rule with this id, static and borrowed; NULL when there is none. */
const stir_lint_rule_info *stir_lint_rule_find(const char *id);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_LINT_H */
