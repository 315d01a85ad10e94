/*
 * stirkit/verifier.h - the STIR verification service (STI-VS, RFC 8224
 * §6.2, ATIS-1000074 §5.3): verifies the Identity header fields of a SIP
 * request against x5u chains fetched safely and cached, checks the chain
 * (path at the verification time and at iat, RFC 9060 encompassing at
 * every delegation step), the signature, the freshness of iat in both
 * directions, that orig lies within the signer's TNAuthList and matches
 * From, and that dest holds To; and maps the outcome to a SIP response
 * code, reason phrase and verstat.
 */
#ifndef STIRKIT_VERIFIER_H
#define STIRKIT_VERIFIER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stirkit/chain.h"
#include "stirkit/encompass.h"
#include "stirkit/error.h"
#include "stirkit/fetch.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The verstat value for the caller's identity (3GPP TS 24.229). */
typedef enum stir_verstat {
    STIR_VERSTAT_NO_VALIDATION = 0, /* "No-TN-Validation" */
    STIR_VERSTAT_PASSED = 1,        /* "TN-Validation-Passed" */
    STIR_VERSTAT_FAILED = 2         /* "TN-Validation-Failed" */
} stir_verstat;

/* Verification outcomes. Append-only. stir_vs_code_name gives the stable
 * machine name; stir_vs_sip_code and stir_vs_reason the SIP mapping. */
typedef enum stir_vs_code {
    STIR_VS_OK = 0,                  /* 200, TN-Validation-Passed */
    STIR_VS_NO_IDENTITY = 1,         /* 428 Use Identity Header */
    STIR_VS_PPT_UNSUPPORTED = 2,     /* 428: only unsupported ppt values arrived */
    STIR_VS_IDENTITY_MALFORMED = 3,  /* 438 Invalid Identity Header */
    STIR_VS_INFO_MISSING = 4,        /* 436 Bad Identity Info */
    STIR_VS_INFO_MISMATCH = 5,       /* 436: info differs from x5u */
    STIR_VS_X5U_REFUSED = 6,         /* 436: x5u breaks the fetch policy */
    STIR_VS_X5U_FETCH_FAILED = 7,    /* 436: fetch failed, non-200, not a chain */
    STIR_VS_ALG_UNSUPPORTED = 8,     /* 437 Unsupported Credential */
    STIR_VS_CHAIN_UNTRUSTED = 9,     /* 437: path validation, issuer not found */
    STIR_VS_SIGNER_IS_CA = 10,       /* 437: the signer certificate is a CA */
    STIR_VS_NOT_ENCOMPASSED = 11,    /* 437: a delegation step exceeds its parent */
    STIR_VS_NO_TNAUTHLIST = 12,      /* 437: the signer has no TNAuthList */
    STIR_VS_PASSPORT_MALFORMED = 13, /* 438 Invalid PASSporT: claims, compact form */
    STIR_VS_SIGNATURE_INVALID = 14,  /* 438 */
    STIR_VS_ORIG_NOT_AUTHORIZED = 15,/* 438: orig outside the signer's TNAuthList */
    STIR_VS_ORIG_MISMATCH = 16,      /* 438: orig is not the From number */
    STIR_VS_DEST_MISMATCH = 17,      /* 438: dest does not hold the To number */
    STIR_VS_STALE = 18,              /* 403 Stale Date: iat too old */
    STIR_VS_FUTURE = 19              /* 403 Stale Date: iat in the future */
} stir_vs_code;

/* "ok", "no_identity", ... (stable, for JSON). */
const char *stir_vs_code_name(stir_vs_code code);
/* 200, 403, 428, 436, 437 or 438. */
int stir_vs_sip_code(stir_vs_code code);
/* The RFC 8224 §13 reason phrase ("Stale Date", ...); "OK" for STIR_VS_OK. */
const char *stir_vs_reason(stir_vs_code code);
/* The verstat a code yields (ATIS-1000082 practice). */
stir_verstat stir_vs_verstat(stir_vs_code code);
/* "TN-Validation-Passed", "TN-Validation-Failed", "No-TN-Validation". */
const char *stir_verstat_name(stir_verstat verstat);

/* The result of verifying a request. */
typedef struct stir_vs_result {
    int valid;             /* 1 when an Identity header verified */
    stir_vs_code code;
    int sip_code;
    const char *reason;    /* static */
    stir_verstat verstat;
    char attest[2];        /* "A", "B", "C" or "" */
    char orig[256];        /* the PASSporT's orig (tn or uri), or "" */
    char dest[512];        /* its dest values, comma-separated, or "" */
    char detail[STIR_ERROR_TEXT_SIZE]; /* one sentence: what failed */
} stir_vs_result;

/*
 * The result as the JSON object of the HTTP API and `passport verify --json`:
 * {"valid","sip_code","reason","code","verstat","attest","orig","dest",
 * "detail"}. A new reference.
 */
json_t *stir_vs_result_json(const stir_vs_result *r);

/* A fetch function, for tests that serve x5u bodies without a network. */
typedef stir_status (*stir_fetch_fn)(void *arg, const char *url, const stir_fetch_opts *opts,
                                     stir_fetch_result *out, stir_error_t *err);

/* Verifier settings. Zero-initialise, then set what you need. */
typedef struct stir_verifier_opts {
    const stir_trust *trust;    /* trust anchors (borrowed; must outlive the verifier) */
    int64_t max_age;            /* iat window either way, seconds; 0 = 60 */
    stir_spc_policy spc_policy; /* SPC signer or parent with TNs */
    stir_fetch_opts fetch;      /* x5u policy (fetch.h) */
    size_t cache_entries;       /* chains cached; 0 = 1024 */
    int64_t min_ttl;            /* cache at least this long; 0 = 86400 (ATIS-1000074) */
    int64_t negative_ttl;       /* failed fetches cached; 0 = 30 */
    stir_fetch_fn fetch_fn;     /* NULL = stir_fetch */
    void *fetch_arg;
    unsigned char reserved[32];
} stir_verifier_opts;

typedef struct stir_verifier stir_verifier;

/* A new verifier; NULL (and err) on bad options or OOM. Thread-safe to use. */
stir_verifier *stir_verifier_new(const stir_verifier_opts *opts, stir_error_t *err);
void stir_verifier_free(stir_verifier *v);

/*
 * Verifies the n Identity header field values of a request at now
 * (seconds since 1970). from/to: the caller's and callee's numbers or URIs
 * (From/P-Asserted-Identity and To/Request-URI user parts); canonicalised
 * before comparing with orig/dest when they are TNs; NULL skips the check.
 * Several headers: the first that verifies wins; failing all, the result
 * reports the most advanced failure, 436 only when every header was 436
 * (RFC 8224 §6.2.2). Always fills res; returns STIR_OK when valid,
 * STIR_E_SIGNATURE for any negative verdict, STIR_E_INVALID_ARG.
 */
stir_status stir_verifier_verify(stir_verifier *v, const char *const *identity, size_t n,
                                 const char *from, const char *to, int64_t now,
                                 stir_vs_result *res);

/* Cache counters, for tests and the benchmark. */
typedef struct stir_verifier_stats {
    uint64_t fetches;  /* fetches made */
    uint64_t hits;     /* lookups answered from the cache */
    uint64_t misses;
} stir_verifier_stats;
void stir_verifier_get_stats(stir_verifier *v, stir_verifier_stats *out);

/*
 * Seconds to cache an x5u response at now (RFC 7234 §4.2.1, ATIS-1000074
 * §5.3.1): s-maxage, else max-age from cache_control, else expires (an
 * HTTP-date) - now; at least min_ttl; never past not_after (the earliest
 * certificate notAfter of the chain). NULL headers are absent.
 */
int64_t stir_x5u_ttl(const char *cache_control, const char *expires, int64_t now,
                     int64_t min_ttl, int64_t not_after);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_VERIFIER_H */
