/*
 * Internal parts of the linter: the rule descriptor every rule file
 * defines, the lint context rules read, and the helpers they share.
 * Not installed.
 */
#ifndef STIR_LINT_INT_H
#define STIR_LINT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "stirkit/chain.h"
#include "stirkit/lint.h"
#include "stirkit/tnauthlist.h"
#include "error_int.h"

/* Profile masks for descriptors. */
#define SKIT_LINT_SHAKEN STIR_LINT_PROFILE_BIT(STIR_LINT_PROFILE_SHAKEN)
#define SKIT_LINT_DELEGATE STIR_LINT_PROFILE_BIT(STIR_LINT_PROFILE_DELEGATE)
#define SKIT_LINT_BOTH (SKIT_LINT_SHAKEN | SKIT_LINT_DELEGATE)

/*
 * Effective dates, seconds since 1970 (00:00 UTC). The document dates are
 * their publication dates; the ATIS and CP dates as recorded in
 * martinisecurity/zlint v3/util/time.go [S].
 */
#define SKIT_DATE_RFC5280 INT64_C(1209600000)     /* 2008-05-01 */
#define SKIT_DATE_RFC8226 INT64_C(1517443200)     /* 2018-02-01 */
#define SKIT_DATE_RFC8555 INT64_C(1551398400)     /* 2019-03-01 */
#define SKIT_DATE_RFC9060 INT64_C(1630454400)     /* 2021-09-01 */
#define SKIT_DATE_ATIS_V003 INT64_C(1599177600)   /* 2020-09-04 */
#define SKIT_DATE_ATIS_V004 INT64_C(1634515200)   /* 2021-10-18 */
#define SKIT_DATE_ATIS_V005 INT64_C(1670803200)   /* 2022-12-12 */
#define SKIT_DATE_US_CP_1_3 INT64_C(1629244800)   /* 2021-08-18 */
#define SKIT_DATE_US_CP_1_4 INT64_C(1686009600)   /* 2023-06-06 */

/* Size of subject and other name buffers. */
#define SKIT_LINT_NAME_SIZE 256
/* Longest finding text kept. */
#define SKIT_LINT_TEXT_SIZE 640

/* What a certificate is, for the profile rules. */
typedef enum skit_lint_role {
    SKIT_ROLE_LEAF = 0,         /* not a CA (basicConstraints cA absent or FALSE) */
    SKIT_ROLE_INTERMEDIATE = 1, /* cA TRUE, not self-issued */
    SKIT_ROLE_ROOT = 2          /* self-issued, cA TRUE (or no basicConstraints) */
} skit_lint_role;

/* A certificate of the bundle as the rules see it. Filled by the engine. */
typedef struct skit_lint_cert {
    X509 *x;                    /* borrowed from the context */
    int index;                  /* index among the bundle's certificates */
    int position;               /* PEM block number in the file */
    char subject[SKIT_LINT_NAME_SIZE];
    skit_lint_role role;
    int is_ca;                  /* basicConstraints cA TRUE */
    int self_issued;            /* subject equals issuer name */
    int dup_of;                 /* index of an earlier identical certificate, or -1 */
    /* Its issuer in the bundle, by AKID/SKID link (stir_chain_from_pem) or,
     * failing that, by name: an index, or -1. linked: 1 when the AKID/SKID
     * link holds (skit_cert_names_issuer). */
    int up;
    int linked;
    int on_path;                /* 1 when on the leaf's path (ctx->path) */
    stir_tnauthlist *tnal;      /* its TNAuthList, NULL when absent or bad */
    stir_status tnal_status;    /* STIR_OK, STIR_E_NO_TNAUTHLIST or the parse error */
    char tnal_error[STIR_ERROR_TEXT_SIZE];
    int64_t not_before, not_after;
} skit_lint_cert;

struct skit_lint_rule;

/* One finding kept until the run ends (sorted, then reported). */
typedef struct skit_lint_kept {
    const struct skit_lint_rule *rule;
    int position;
    size_t seq;
    char *subject;
    char *text;
} skit_lint_kept;

/* The state of one lint run. Rules read it and report through it. */
typedef struct skit_lint_ctx {
    const stir_lint_opts *opts;
    skit_lint_cert *certs;      /* n certificates, file order */
    size_t n;
    int first_position;         /* position of the first certificate */
    stir_chain *chain;          /* NULL when the bundle does not link */
    char chain_error[STIR_ERROR_TEXT_SIZE];
    int path[STIR_CHAIN_MAX_DEPTH]; /* indexes from the leaf up (see up) */
    size_t path_len;            /* 0 when the bundle does not link */
    int64_t newest_not_before;
    const stir_lint_http *http; /* the x5u response, or NULL */
    /* Findings. */
    const struct skit_lint_rule *current;
    skit_lint_kept *kept;
    size_t n_kept, cap_kept;
    int oom;
} skit_lint_ctx;

/* When a rule runs: on each certificate, once on the bundle, or on an x5u
 * response. */
typedef enum skit_lint_scope {
    SKIT_SCOPE_CERT = 0,
    SKIT_SCOPE_CHAIN = 1,
    SKIT_SCOPE_X5U = 2,
    SKIT_SCOPE_READ = 3 /* reported by the engine while reading the bundle */
} skit_lint_scope;

/*
 * A rule: one static descriptor per rule, in the rule's file
 * (lib/lint/<source>/<name>.c). info.id carries the severity prefix. The
 * engine calls check_cert for each certificate the rule applies to (by
 * profile and effective date), check_chain once per bundle, check_x5u
 * once per response; the check reports with skit_lint_report.
 */
typedef struct skit_lint_rule {
    stir_lint_rule_info info;
    skit_lint_scope kind;
    void (*check_cert)(skit_lint_ctx *ctx, const skit_lint_cert *c);
    void (*check_chain)(skit_lint_ctx *ctx);
    void (*check_x5u)(skit_lint_ctx *ctx, const stir_lint_http *resp);
} skit_lint_rule;

/* The catalogue, in run order (lib/lint/registry.c). */
extern const skit_lint_rule *const skit_lint_rules[];
extern const size_t skit_lint_n_rules;

/* Every descriptor, skit_rule_<id> (the engine reports
 * skit_rule_e_bundle_not_certificate, _e_cert_undecodable,
 * _e_rfc5280_serial_not_minimal and _e_x5u_body_not_chain itself). */
#include "rules.h"

/*
 * 1 when the DER certificate der (len bytes, which OpenSSL refused) has a
 * serialNumber INTEGER that is not minimally encoded (X.690 §8.3.2), with
 * why (n bytes) completing "its serial number ..." ("INTEGER is not
 * minimally encoded: its leading octet 0x00 before 0x23 is redundant ...");
 * 0 otherwise (lib/lint/rfc5280/serial.c).
 */
int skit_lint_serial_not_minimal(const unsigned char *der, long len, char *why, size_t n);

/*
 * Reports a finding of the rule running now (ctx->current) about c (NULL:
 * the bundle, chain or response as a whole), with a printf-formatted
 * sentence.
 */
void skit_lint_report(skit_lint_ctx *ctx, const skit_lint_cert *c, const char *fmt, ...)
    STIR_PRINTF(3, 4);

/* Like skit_lint_report for a given rule and position (reading stage). */
void skit_lint_report_rule(skit_lint_ctx *ctx, const skit_lint_rule *rule, int position,
                           const char *subject, const char *fmt, ...) STIR_PRINTF(5, 6);

/* ---- helpers shared by rules (lib/lint/util.c) --------------------------- */

/* The certificate at index i, or NULL for -1 / out of range. */
const skit_lint_cert *skit_lint_cert_at(const skit_lint_ctx *ctx, int i);

/*
 * The extension with this NID: returns its count in x (0, 1, more) and,
 * when exactly one, sets *critical.
 */
int skit_lint_ext(const X509 *x, int nid, int *critical);

/*
 * The US SHAKEN CP minor version x.y the certificate asserts with a
 * 2.16.840.1.114569.1.1.y policy OID (1..4), or 0 when it asserts none.
 * With several, the highest.
 */
int skit_lint_shaken_cp(const X509 *x);

/*
 * 1 when c works under US SHAKEN CP v1.4, which allows P-384 / SHA-384 CAs
 * (CP v1.4 §6.1.5): c asserts the v1.4 OID or, for a root (which carries
 * no policy), a certificate it issued in the bundle does.
 */
int skit_lint_under_cp_1_4(const skit_lint_ctx *ctx, const skit_lint_cert *c);

/* The EC curve NID of x's key, or NID_undef when the key is not EC. */
int skit_lint_ec_curve(const X509 *x);

/* "EC P-256", "EC P-384", "RSA 2048", "Ed25519" ... into buf. */
char *skit_lint_key_name(const X509 *x, char *buf, size_t n);

/*
 * The first value of attribute nid in name as UTF-8 into buf (NUL-
 * terminated, truncated). Returns the number of such attributes.
 */
int skit_lint_name_attr(const X509_NAME *name, int nid, char *buf, size_t n);

/*
 * The nearest ancestor of c in the bundle (following up links) that
 * carries a TNAuthList extension (decoding or not), or NULL.
 */
const skit_lint_cert *skit_lint_tnal_parent(const skit_lint_ctx *ctx, const skit_lint_cert *c);

/* ISO 8601 UTC ("2025-01-01T00:00:00Z") of t into buf (>= 24 bytes). */
char *skit_lint_time_text(int64_t t, char *buf, size_t n);

/* keyUsage bits (X509_get_key_usage) as "digitalSignature, keyCertSign". */
char *skit_lint_ku_text(uint32_t ku, char *buf, size_t n);

/* 1 when needle occurs in hay, ASCII case ignored. */
int skit_lint_contains_nocase(const char *hay, const char *needle);

/* Upper-case hex of an OCTET STRING into buf (see stir_hex_format). */
char *skit_lint_hex(const ASN1_OCTET_STRING *s, char *buf, size_t n);

#endif
