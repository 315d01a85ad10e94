/*
 * The verification service (RFC 8224 §6.2, RFC 9060 §4, ATIS-1000074
 * §5.3): one Identity header at a time, then the verdict over all.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "stirkit/verifier.h"
#include "chain_int.h"
#include "error_int.h"
#include "passport_int.h"
#include "x5u_cache.h"

struct stir_verifier {
    stir_verifier_opts opts;
    skit_x5u_cache cache;
};

stir_verifier *stir_verifier_new(const stir_verifier_opts *opts, stir_error_t *err)
{
    stir_verifier *v;

    if (opts == NULL || opts->trust == NULL) {
        skit_fail(err, STIR_E_INVALID_ARG, "a verifier needs trust anchors");
        return NULL;
    }
    if (stir_global_init(err) != STIR_OK)
        return NULL;
    v = calloc(1, sizeof(*v));
    if (v == NULL) {
        skit_fail(err, STIR_E_NOMEM, "out of memory");
        return NULL;
    }
    v->opts = *opts;
    if (v->opts.max_age <= 0)
        v->opts.max_age = 60;
    skit_x5u_cache_init(&v->cache, opts->cache_entries);
    return v;
}

void stir_verifier_free(stir_verifier *v)
{
    if (v == NULL)
        return;
    skit_x5u_cache_clear(&v->cache);
    free(v);
}

void stir_verifier_get_stats(stir_verifier *v, stir_verifier_stats *out)
{
    pthread_mutex_lock(&v->cache.lock);
    *out = v->cache.stats;
    pthread_mutex_unlock(&v->cache.lock);
}

/* Sets the outcome of res; returns 0 so callers can `return outcome(...)`. */
static int outcome(stir_vs_result *res, stir_vs_code code, const char *fmt, ...)
{
    va_list ap;

    res->code = code;
    res->valid = code == STIR_VS_OK;
    res->sip_code = stir_vs_sip_code(code);
    res->reason = stir_vs_reason(code);
    res->verstat = stir_vs_verstat(code);
    va_start(ap, fmt);
    vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
    va_end(ap);
    skit_utf8_sanitize(res->detail);
    return 0;
}

/* The canonical form of a From/To value when it is a TN, else NULL. */
static const char *as_tn(const char *value, char buf[STIR_TN_BUF_SIZE])
{
    return stir_tn_canonicalize(value, buf, STIR_TN_BUF_SIZE, NULL) == STIR_OK ? buf : NULL;
}

/* orig must be the From identity, dest must hold the To identity. */
static int check_parties(const stir_passport *p, const char *from, const char *to,
                         stir_vs_result *res)
{
    char a[STIR_TN_BUF_SIZE], b[STIR_TN_BUF_SIZE];
    stir_passport_idtype type;
    const char *orig = stir_passport_get0_orig(p, &type), *want;

    if (from != NULL) {
        want = type == STIR_PASSPORT_ID_TN ? as_tn(from, a) : from;
        if (want == NULL || orig == NULL ||
            strcmp(type == STIR_PASSPORT_ID_TN ? as_tn(orig, b) ? b : orig : orig, want) != 0)
            return outcome(res, STIR_VS_ORIG_MISMATCH,
                           "orig '%.60s' is not the caller '%.60s'", orig ? orig : "", from);
    }
    if (to != NULL) {
        const char *tn = as_tn(to, a);
        stir_passport_idtype kind = tn != NULL ? STIR_PASSPORT_ID_TN : STIR_PASSPORT_ID_URI;
        size_t n = stir_passport_dest_count(p, kind);

        for (size_t i = 0; i < n; i++) {
            const char *d = stir_passport_get0_dest(p, kind, i);

            if (kind == STIR_PASSPORT_ID_TN ? (as_tn(d, b) && strcmp(b, tn) == 0)
                                            : strcmp(d, to) == 0)
                return 1;
        }
        return outcome(res, STIR_VS_DEST_MISMATCH, "dest does not hold the callee '%.60s'", to);
    }
    return 1;
}

static void fill_claims(const stir_passport *p, stir_vs_result *res)
{
    stir_passport_idtype type;
    const char *orig = stir_passport_get0_orig(p, &type), *attest = stir_passport_get0_attest(p);
    size_t used = 0;

    snprintf(res->orig, sizeof(res->orig), "%s", orig != NULL ? orig : "");
    skit_utf8_sanitize(res->orig);
    snprintf(res->attest, sizeof(res->attest), "%s",
             attest != NULL && strlen(attest) == 1 ? attest : "");
    res->dest[0] = '\0';
    for (int k = 0; k < 2; k++) {
        stir_passport_idtype t = k == 0 ? STIR_PASSPORT_ID_TN : STIR_PASSPORT_ID_URI;

        for (size_t i = 0; i < stir_passport_dest_count(p, t) && used < sizeof(res->dest); i++)
            used += (size_t)snprintf(res->dest + used, sizeof(res->dest) - used, "%s%s",
                                     used ? "," : "", stir_passport_get0_dest(p, t, i));
    }
    skit_utf8_sanitize(res->dest);
}

/* The chain of e: path at now and at iat, encompassing; cached when it passes. */
static int check_chain(stir_verifier *v, skit_x5u_entry *e, int64_t now, int64_t iat,
                       stir_vs_result *res)
{
    static const struct {
        stir_status st;
        stir_vs_code code;
    } map[] = {
        {STIR_E_NOT_ENCOMPASSED, STIR_VS_NOT_ENCOMPASSED},
        {STIR_E_NO_TNAUTHLIST, STIR_VS_NO_TNAUTHLIST},
    };
    stir_check_opts co;
    stir_error_t err;
    X509 *anchor = NULL;
    int64_t from = 0, until = INT64_MAX;
    stir_status st;

    if (skit_x5u_cache_ok_at(&v->cache, e, now, iat))
        return 1;
    memset(&co, 0, sizeof(co));
    co.spc_policy = v->opts.spc_policy;
    co.at = now;
    st = stir_chain_check(e->chain, v->opts.trust, &co, &anchor, &err);
    if (st == STIR_OK && iat != now) {
        co.at = iat;
        st = stir_chain_check(e->chain, v->opts.trust, &co, NULL, &err);
        if (st != STIR_OK)
            skit_error_prefix(&err, st, "at iat %lld: ", (long long)iat);
    }
    if (st != STIR_OK) {
        stir_vs_code code = STIR_VS_CHAIN_UNTRUSTED;

        X509_free(anchor);
        for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
            if (map[i].st == st)
                code = map[i].code;
        return outcome(res, code, "%s", err.text);
    }
    /* The verdict holds while every certificate of the path is valid. */
    for (size_t d = 0; d <= stir_chain_length(e->chain); d++) {
        X509 *x = d < stir_chain_length(e->chain) ? stir_chain_get0_cert(e->chain, d) : anchor;
        int64_t nb, na;

        if (x == NULL)
            continue;
        nb = skit_time_to_unix(X509_get0_notBefore(x));
        na = skit_time_to_unix(X509_get0_notAfter(x));
        from = nb > from ? nb : from;
        until = na < until ? na : until;
    }
    X509_free(anchor);
    skit_x5u_cache_mark_ok(&v->cache, e, from, until);
    return 1;
}

/* Verifies one Identity header value into res. */
static void verify_one(stir_verifier *v, const char *hdr, const char *from, const char *to,
                       int64_t now, stir_vs_result *res)
{
    stir_identity *id = NULL;
    stir_passport *p = NULL;
    skit_x5u_entry *e = NULL;
    stir_error_t err;
    stir_status st;
    const char *x5u, *alg, *ppt;
    stir_passport_idtype type;
    const char *orig;
    int64_t iat = 0;

    memset(res, 0, sizeof(*res));
    if (stir_identity_parse(hdr, strlen(hdr), &id, &err) != STIR_OK) {
        outcome(res, STIR_VS_IDENTITY_MALFORMED, "%s", err.text);
        goto done;
    }
    if (id->ppt != NULL && strcmp(id->ppt, "shaken") != 0) {
        outcome(res, STIR_VS_PPT_UNSUPPORTED, "ppt '%.40s' is not supported (only shaken)",
                id->ppt);
        goto done;
    }
    if (id->alg != NULL && strcmp(id->alg, "ES256") != 0) {
        outcome(res, STIR_VS_ALG_UNSUPPORTED, "alg '%.40s' is not supported (only ES256)", id->alg);
        goto done;
    }
    if (id->info == NULL) {
        outcome(res, STIR_VS_INFO_MISSING, "the Identity header has no info parameter");
        goto done;
    }
    if (id->compact) {
        outcome(res, STIR_VS_PASSPORT_MALFORMED,
                "compact form (RFC 8225 §7) cannot be verified without the caller's header "
                "and claims; SHAKEN uses the full form");
        goto done;
    }
    if (stir_passport_decode(id->jws, strlen(id->jws), &p, &err) != STIR_OK) {
        outcome(res, STIR_VS_PASSPORT_MALFORMED, "%s", err.text);
        goto done;
    }
    alg = json_string_value(json_object_get(stir_passport_get0_header(p), "alg"));
    if (alg != NULL && strcmp(alg, "ES256") != 0) {
        outcome(res, STIR_VS_ALG_UNSUPPORTED, "PASSporT alg '%.40s' is not supported (only ES256)",
                alg);
        goto done;
    }
    st = stir_passport_check(p, &err);
    if (st != STIR_OK) {
        outcome(res, STIR_VS_PASSPORT_MALFORMED, "%s", err.text);
        goto done;
    }
    ppt = stir_passport_get0_ppt(p);
    if ((ppt == NULL) != (id->ppt == NULL) || (ppt != NULL && strcmp(ppt, id->ppt) != 0)) {
        outcome(res, STIR_VS_PASSPORT_MALFORMED,
                "the Identity ppt parameter (%.20s) and the PASSporT's ppt (%.20s) differ",
                id->ppt ? id->ppt : "none", ppt ? ppt : "none");
        goto done;
    }
    x5u = stir_passport_get0_x5u(p);
    if (strcmp(x5u, id->info) != 0) {
        outcome(res, STIR_VS_INFO_MISMATCH, "info <%.100s> is not the PASSporT's x5u %.100s",
                id->info, x5u);
        goto done;
    }
    stir_passport_get_iat(p, &iat, NULL);
    if (iat < now - v->opts.max_age || iat > now + v->opts.max_age) {
        /* Unsigned differences: iat comes from the network and may be extreme. */
        uint64_t off = iat < now ? (uint64_t)now - (uint64_t)iat : (uint64_t)iat - (uint64_t)now;

        outcome(res, iat < now ? STIR_VS_STALE : STIR_VS_FUTURE,
                "iat %lld is %llu s in the %s; the window is %lld s", (long long)iat,
                (unsigned long long)off, iat < now ? "past" : "future",
                (long long)v->opts.max_age);
        goto done;
    }
    if (!check_parties(p, from, to, res))
        goto done;
    e = skit_x5u_cache_get(&v->cache, x5u, now, &v->opts);
    if (e == NULL) {
        outcome(res, STIR_VS_X5U_FETCH_FAILED, "out of memory");
        goto done;
    }
    if (e->chain == NULL) {
        outcome(res, e->fail_code, "%s", e->fail_detail);
        goto done;
    }
    if (e->leaf_is_ca) {
        outcome(res, STIR_VS_SIGNER_IS_CA,
                "the signer certificate is a CA; only end-entity certificates sign PASSporTs");
        goto done;
    }
    if (!check_chain(v, e, now, iat, res))
        goto done;
    if (e->leaf_key == NULL) {
        outcome(res, STIR_VS_ALG_UNSUPPORTED, "%s", e->leaf_key_error);
        goto done;
    }
    if (skit_passport_verify_es256(p, e->leaf_key, &err) != STIR_OK) {
        outcome(res, STIR_VS_SIGNATURE_INVALID, "%s", err.text);
        goto done;
    }
    orig = stir_passport_get0_orig(p, &type);
    if (type != STIR_PASSPORT_ID_TN) {
        if (!(v->opts.spc_policy == STIR_SPC_POLICY_TRUST_ISSUER && e->leaf_tnal != NULL &&
              stir_tnauthlist_authorizes_tn(e->leaf_tnal, "0", v->opts.spc_policy, NULL) ==
                  STIR_OK)) {
            outcome(res, STIR_VS_ORIG_NOT_AUTHORIZED,
                    "orig is a URI; the signer's TNAuthList authorizes numbers");
            goto done;
        }
    } else if (stir_tnauthlist_authorizes_tn(e->leaf_tnal, orig, v->opts.spc_policy, &err) !=
               STIR_OK) {
        outcome(res, STIR_VS_ORIG_NOT_AUTHORIZED, "orig %s: %s", orig, err.text);
        goto done;
    }
    outcome(res, STIR_VS_OK, "");
done:
    if (p != NULL)
        fill_claims(p, res);
    skit_x5u_cache_release(&v->cache, e);
    stir_passport_free(p);
    stir_identity_free(id);
}

/* How far a failed header got: 428 < 436 < the rest (RFC 8224 §6.2.2). */
static int progress(int sip_code)
{
    return sip_code == 428 ? 0 : sip_code == 436 ? 1 : 2;
}

stir_status stir_verifier_verify(stir_verifier *v, const char *const *identity, size_t n,
                                 const char *from, const char *to, int64_t now,
                                 stir_vs_result *res)
{
    stir_vs_result one;
    int best = -1;

    if (v == NULL || res == NULL || (n > 0 && identity == NULL))
        return STIR_E_INVALID_ARG;
    memset(res, 0, sizeof(*res));
    outcome(res, STIR_VS_NO_IDENTITY, "the request carries no Identity header");
    for (size_t i = 0; i < n; i++) {
        verify_one(v, identity[i] != NULL ? identity[i] : "", from, to, now, &one);
        if (one.valid) {
            *res = one;
            return STIR_OK;
        }
        if (progress(one.sip_code) > best) {
            best = progress(one.sip_code);
            *res = one;
        }
    }
    return STIR_E_SIGNATURE;
}
