/*
 * The lint engine: reads a PEM bundle (tolerating blocks that are not
 * certificates or do not decode, which become findings), describes every
 * certificate for the rules (role, issuer in the bundle, TNAuthList,
 * validity), links the bundle with stir_chain_from_pem (RFC 9060 §7), runs
 * the profile's rules by effective date, and hands the findings over in
 * file order.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "stirkit/lint.h"
#include "chain_int.h"
#include "lint_int.h"

/* ---- names ---------------------------------------------------------------- */

stir_status stir_lint_profile_from_name(const char *name, stir_lint_profile *out,
                                        stir_error_t *err)
{
    if (name != NULL && out != NULL) {
        if (strcmp(name, "shaken") == 0) {
            *out = STIR_LINT_PROFILE_SHAKEN;
            return STIR_OK;
        }
        if (strcmp(name, "delegate") == 0) {
            *out = STIR_LINT_PROFILE_DELEGATE;
            return STIR_OK;
        }
    }
    return skit_fail(err, STIR_E_INVALID_ARG,
                     "unknown lint profile '%.40s'; use 'shaken' (ATIS-1000080) or "
                     "'delegate' (RFC 9060)", name != NULL ? name : "(null)");
}

const char *stir_lint_profile_name(stir_lint_profile profile)
{
    switch (profile) {
    case STIR_LINT_PROFILE_SHAKEN: return "shaken";
    case STIR_LINT_PROFILE_DELEGATE: return "delegate";
    default: return "unknown";
    }
}

const char *stir_lint_severity_name(stir_lint_severity severity)
{
    switch (severity) {
    case STIR_LINT_NOTICE: return "notice";
    case STIR_LINT_WARNING: return "warning";
    case STIR_LINT_ERROR: return "error";
    default: return "unknown";
    }
}

/* ---- the catalogue ---------------------------------------------------------- */

size_t stir_lint_rule_count(void)
{
    return skit_lint_n_rules;
}

const stir_lint_rule_info *stir_lint_rule_get0(size_t i)
{
    return i < skit_lint_n_rules ? &skit_lint_rules[i]->info : NULL;
}

const stir_lint_rule_info *stir_lint_rule_find(const char *id)
{
    for (size_t i = 0; id != NULL && i < skit_lint_n_rules; i++)
        if (strcmp(skit_lint_rules[i]->info.id, id) == 0)
            return &skit_lint_rules[i]->info;
    return NULL;
}

/* ---- findings --------------------------------------------------------------- */

static void keep(skit_lint_ctx *ctx, const skit_lint_rule *rule, int position,
                 const char *subject, const char *fmt, va_list ap) STIR_PRINTF(5, 0);

static void keep(skit_lint_ctx *ctx, const skit_lint_rule *rule, int position,
                 const char *subject, const char *fmt, va_list ap)
{
    char text[SKIT_LINT_TEXT_SIZE];
    skit_lint_kept *k;

    if (ctx->oom || rule == NULL)
        return;
    vsnprintf(text, sizeof(text), fmt, ap);
    skit_utf8_trim_tail(text);
    if (ctx->n_kept == ctx->cap_kept) {
        size_t cap = ctx->cap_kept ? ctx->cap_kept * 2 : 16;
        skit_lint_kept *p = realloc(ctx->kept, cap * sizeof(*p));

        if (p == NULL) {
            ctx->oom = 1;
            return;
        }
        ctx->kept = p;
        ctx->cap_kept = cap;
    }
    k = &ctx->kept[ctx->n_kept];
    k->rule = rule;
    k->position = position;
    k->seq = ctx->n_kept;
    k->subject = strdup(subject != NULL ? subject : "");
    k->text = strdup(text);
    if (k->subject == NULL || k->text == NULL) {
        free(k->subject);
        free(k->text);
        ctx->oom = 1;
        return;
    }
    ctx->n_kept++;
}

void skit_lint_report(skit_lint_ctx *ctx, const skit_lint_cert *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    keep(ctx, ctx->current, c != NULL ? c->position : -1, c != NULL ? c->subject : "", fmt,
         ap);
    va_end(ap);
}

void skit_lint_report_rule(skit_lint_ctx *ctx, const skit_lint_rule *rule, int position,
                           const char *subject, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    keep(ctx, rule, position, subject, fmt, ap);
    va_end(ap);
}

static int kept_cmp(const void *a, const void *b)
{
    const skit_lint_kept *x = a, *y = b;
    int px = x->position < 0 ? INT_MAX : x->position;
    int py = y->position < 0 ? INT_MAX : y->position;

    if (px != py)
        return px < py ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the kept findings and hands them to cb; fills summary. */
static void deliver(skit_lint_ctx *ctx, stir_lint_cb cb, void *arg, stir_lint_summary *summary)
{
    if (ctx->n_kept > 1)
        qsort(ctx->kept, ctx->n_kept, sizeof(*ctx->kept), kept_cmp);
    for (size_t i = 0; i < ctx->n_kept; i++) {
        const skit_lint_kept *k = &ctx->kept[i];
        stir_lint_finding f;

        f.id = k->rule->info.id;
        f.severity = k->rule->info.severity;
        f.position = k->position;
        f.subject = k->subject;
        f.source = k->rule->info.source;
        f.text = k->text;
        if (summary != NULL) {
            if (f.severity == STIR_LINT_ERROR)
                summary->errors++;
            else if (f.severity == STIR_LINT_WARNING)
                summary->warnings++;
            else
                summary->notices++;
        }
        if (cb != NULL)
            cb(&f, arg);
    }
}

static void ctx_free(skit_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_kept; i++) {
        free(ctx->kept[i].subject);
        free(ctx->kept[i].text);
    }
    free(ctx->kept);
    for (size_t i = 0; i < ctx->n; i++)
        stir_tnauthlist_free(ctx->certs[i].tnal);
    free(ctx->certs);
    stir_chain_free(ctx->chain);
}

/* ---- reading ---------------------------------------------------------------- */

/*
 * The tolerant reading, after stir_pem_read_certs refused the bundle: each
 * PEM block on its own. A block that is not a certificate, or whose
 * certificate does not decode, becomes a finding; the others are kept with
 * their block numbers. Fails (with the first reading's error, *first) when
 * a block is damaged or no certificate decodes.
 */
static stir_status read_tolerant(skit_lint_ctx *ctx, const char *pem, size_t len,
                                 const stir_error_t *first, STACK_OF(X509) *certs,
                                 int *positions, stir_error_t *err)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    stir_status st = STIR_OK;
    int block = 0;

    if (bio == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading PEM");
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long dlen = 0;
        X509 *x = NULL;
        stir_error_t e;
        char why[160];

        if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
            unsigned long code = ERR_peek_last_error();
            int end = ERR_GET_LIB(code) == ERR_LIB_PEM &&
                      ERR_GET_REASON(code) == PEM_R_NO_START_LINE;

            ERR_clear_error();
            if (!end) { /* a damaged block: not a bundle we can read */
                if (err != NULL)
                    *err = *first;
                st = first->code;
            }
            break;
        }
        if (strcmp(name, PEM_STRING_X509) != 0 && strcmp(name, PEM_STRING_X509_OLD) != 0) {
            if (strstr(name, "PRIVATE KEY") != NULL)
                skit_lint_report_rule(ctx, &skit_rule_e_bundle_not_certificate, block, "",
                                      "PEM block %d is a private key (%.40s); a certificate "
                                      "bundle must never carry one", block + 1, name);
            else
                skit_lint_report_rule(ctx, &skit_rule_e_bundle_not_certificate, block, "",
                                      "PEM block %d is '%.40s', not a CERTIFICATE",
                                      block + 1, name);
        } else if (header != NULL && header[0] != '\0') {
            skit_lint_report_rule(ctx, &skit_rule_e_cert_undecodable, block, "",
                                  "PEM block %d has RFC 1421 headers; a certificate block "
                                  "has none", block + 1);
        } else if (dlen <= 0 || data[0] != 0x30 ||
                   stir_cert_read(data, (size_t)dlen, &x, &e) != STIR_OK) {
            if (dlen > 0 && skit_lint_serial_not_minimal(data, dlen, why, sizeof(why)))
                skit_lint_report_rule(ctx, &skit_rule_e_rfc5280_serial_not_minimal, block, "",
                                      "the certificate in PEM block %d does not decode: its "
                                      "serial number %s", block + 1, why);
            else
                skit_lint_report_rule(ctx, &skit_rule_e_cert_undecodable, block, "",
                                      "the CERTIFICATE in PEM block %d does not decode: %s",
                                      block + 1,
                                      dlen > 0 && data[0] == 0x30 ? e.text
                                                                  : "it is not a DER SEQUENCE");
            x = NULL;
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (x != NULL) {
            if (sk_X509_num(certs) == STIR_BUNDLE_MAX_CERTS) {
                X509_free(x);
                st = skit_fail(err, STIR_E_TOO_LARGE, "bundle holds more than %d certificates",
                               STIR_BUNDLE_MAX_CERTS);
                break;
            }
            positions[sk_X509_num(certs)] = block;
            if (!sk_X509_push(certs, x)) {
                X509_free(x);
                st = skit_fail(err, STIR_E_NOMEM, "out of memory reading PEM");
                break;
            }
        }
        block++;
    }
    BIO_free(bio);
    if (st == STIR_OK && sk_X509_num(certs) == 0) {
        if (err != NULL)
            *err = *first;
        st = first->code;
    }
    return st;
}

/* The bundle's certificates (file order) and their block numbers. */
static stir_status read_bundle(skit_lint_ctx *ctx, const char *pem, size_t len,
                               STACK_OF(X509) **out, int *positions, stir_error_t *err)
{
    stir_error_t first;
    stir_status st = stir_pem_read_certs(pem, len, out, &first);

    if (st == STIR_OK) {
        for (int i = 0; i < sk_X509_num(*out); i++)
            positions[i] = i;
        return STIR_OK;
    }
    if (st != STIR_E_MALFORMED) {
        if (err != NULL)
            *err = first;
        return st;
    }
    *out = sk_X509_new_null();
    if (*out == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading PEM");
    st = read_tolerant(ctx, pem, len, &first, *out, positions, err);
    if (st != STIR_OK) {
        sk_X509_pop_free(*out, X509_free);
        *out = NULL;
    }
    return st;
}

/* ---- describing the bundle ---------------------------------------------------- */

/* PEM text of certs, for stir_chain_from_pem. malloc'd; NULL on OOM. */
static char *certs_pem(STACK_OF(X509) *certs, size_t *len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *mem, *out = NULL;
    long n;
    int ok = bio != NULL;

    for (int i = 0; ok && i < sk_X509_num(certs); i++)
        ok = PEM_write_bio_X509(bio, sk_X509_value(certs, i));
    n = ok ? BIO_get_mem_data(bio, &mem) : -1;
    if (n >= 0 && (out = malloc((size_t)n + 1)) != NULL) {
        memcpy(out, mem, (size_t)n);
        out[n] = '\0';
        *len = (size_t)n;
    }
    BIO_free(bio);
    return out;
}

static void describe_cert(skit_lint_cert *c, X509 *x, int index, int position)
{
    uint32_t flags = X509_get_extension_flags(x);
    int has_bc = (flags & EXFLAG_BCONS) != 0;
    stir_error_t e;

    c->x = x;
    c->index = index;
    c->position = position;
    stir_name_format(X509_get_subject_name(x), c->subject, sizeof(c->subject));
    c->is_ca = (flags & EXFLAG_CA) != 0;
    c->self_issued = skit_cert_self_issued(x);
    if (c->self_issued && (c->is_ca || !has_bc))
        c->role = SKIT_ROLE_ROOT;
    else
        c->role = c->is_ca ? SKIT_ROLE_INTERMEDIATE : SKIT_ROLE_LEAF;
    c->dup_of = -1;
    c->up = -1;
    c->tnal_status = stir_tnauthlist_from_cert(x, &c->tnal, &e);
    if (c->tnal_status != STIR_OK) {
        c->tnal = NULL;
        if (c->tnal_status != STIR_E_NO_TNAUTHLIST)
            snprintf(c->tnal_error, sizeof(c->tnal_error), "%s", e.text);
    }
    c->not_before = skit_time_to_unix(X509_get0_notBefore(x));
    c->not_after = skit_time_to_unix(X509_get0_notAfter(x));
    ERR_clear_error();
}

/*
 * The issuer of c in the bundle when the AKID/SKID link did not find one:
 * a certificate whose subject is c's issuer name, preferring one whose
 * key identifiers link and whose key verifies c's signature.
 */
static void find_by_name(skit_lint_ctx *ctx, skit_lint_cert *c)
{
    int best = -1, best_score = -1;

    for (size_t j = 0; j < ctx->n; j++) {
        skit_lint_cert *cand = &ctx->certs[j];
        EVP_PKEY *key;
        int score;

        if ((int)j == c->index || cand->dup_of >= 0 ||
            X509_NAME_cmp(X509_get_subject_name(cand->x), X509_get_issuer_name(c->x)) != 0)
            continue;
        key = X509_get0_pubkey(cand->x);
        score = 2 * skit_cert_names_issuer(cand->x, c->x) +
                (key != NULL && X509_verify(c->x, key) == 1);
        if (score > best_score) {
            best = (int)j;
            best_score = score;
        }
    }
    ERR_clear_error();
    c->up = best;
    c->linked = best >= 0 && best_score >= 2;
}

/* Links the bundle: chain, issuer links, the leaf's path. */
static stir_status link_bundle(skit_lint_ctx *ctx, STACK_OF(X509) *certs, stir_error_t *err)
{
    size_t len = 0;
    char *pem = certs_pem(certs, &len);
    stir_error_t e;
    stir_status st;

    if (pem == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory linking the bundle");
    st = stir_chain_from_pem(pem, len, &ctx->chain, &e);
    free(pem);
    if (st == STIR_E_NOMEM || st == STIR_E_INTERNAL || st == STIR_E_INVALID_ARG) {
        if (err != NULL)
            *err = e;
        return st;
    }
    if (st != STIR_OK) {
        ctx->chain = NULL;
        snprintf(ctx->chain_error, sizeof(ctx->chain_error), "%s", e.text);
    }
    for (size_t d = 0; d + 1 < stir_chain_length(ctx->chain); d++) {
        skit_lint_cert *c = &ctx->certs[stir_chain_file_index(ctx->chain, d)];

        c->up = (int)stir_chain_file_index(ctx->chain, d + 1);
        c->linked = 1;
    }
    for (size_t i = 0; i < ctx->n; i++) {
        skit_lint_cert *c = &ctx->certs[i];

        if (c->up < 0 && c->dup_of < 0 && !c->self_issued)
            find_by_name(ctx, c);
    }
    if (ctx->chain != NULL) {
        int i = (int)stir_chain_file_index(ctx->chain, 0);

        while (i >= 0 && ctx->path_len < STIR_CHAIN_MAX_DEPTH && !ctx->certs[i].on_path) {
            ctx->path[ctx->path_len++] = i;
            ctx->certs[i].on_path = 1;
            i = ctx->certs[i].up;
        }
    }
    return STIR_OK;
}

static stir_status describe_bundle(skit_lint_ctx *ctx, STACK_OF(X509) *certs,
                                   const int *positions, stir_error_t *err)
{
    ctx->n = (size_t)sk_X509_num(certs);
    ctx->certs = calloc(ctx->n, sizeof(*ctx->certs));
    if (ctx->certs == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory describing the bundle");
    ctx->first_position = positions[0];
    ctx->newest_not_before = INT64_MIN;
    for (size_t i = 0; i < ctx->n; i++) {
        skit_lint_cert *c = &ctx->certs[i];

        describe_cert(c, sk_X509_value(certs, (int)i), (int)i, positions[i]);
        for (size_t j = 0; j < i && c->dup_of < 0; j++)
            if (X509_cmp(ctx->certs[j].x, c->x) == 0)
                c->dup_of = (int)j;
        if (c->dup_of < 0 && c->not_before > ctx->newest_not_before)
            ctx->newest_not_before = c->not_before;
    }
    return link_bundle(ctx, certs, err);
}

/* ---- running rules ------------------------------------------------------------ */

static int applies_at(const skit_lint_rule *r, int64_t t)
{
    return t >= r->info.effective && (r->info.ineffective == 0 || t < r->info.ineffective);
}

static int in_profile(const skit_lint_rule *r, const stir_lint_opts *opts)
{
    return (r->info.profiles & STIR_LINT_PROFILE_BIT(opts->profile)) != 0;
}

static void run_bundle_rules(skit_lint_ctx *ctx)
{
    for (size_t r = 0; r < skit_lint_n_rules; r++) {
        const skit_lint_rule *rule = skit_lint_rules[r];

        if (!in_profile(rule, ctx->opts))
            continue;
        ctx->current = rule;
        if (rule->kind == SKIT_SCOPE_CERT && rule->check_cert != NULL) {
            for (size_t i = 0; i < ctx->n; i++) {
                const skit_lint_cert *c = &ctx->certs[i];

                if (c->dup_of < 0 && applies_at(rule, c->not_before))
                    rule->check_cert(ctx, c);
            }
        } else if (rule->kind == SKIT_SCOPE_CHAIN && rule->check_chain != NULL) {
            if (applies_at(rule, ctx->newest_not_before))
                rule->check_chain(ctx);
        }
    }
    ctx->current = NULL;
}

static int valid_opts(const stir_lint_opts *opts)
{
    return opts != NULL && (opts->profile == STIR_LINT_PROFILE_SHAKEN ||
                            opts->profile == STIR_LINT_PROFILE_DELEGATE);
}

/* Reads, describes and lints a bundle into ctx (findings kept, not sent). */
static stir_status lint_into(skit_lint_ctx *ctx, const char *pem, size_t len,
                             stir_error_t *err)
{
    STACK_OF(X509) *certs = NULL;
    int positions[STIR_BUNDLE_MAX_CERTS];
    stir_status st;

    st = stir_global_init(err);
    if (st != STIR_OK)
        return st;
    st = read_bundle(ctx, pem, len, &certs, positions, err);
    if (st != STIR_OK)
        return st;
    st = describe_bundle(ctx, certs, positions, err);
    if (st == STIR_OK) {
        run_bundle_rules(ctx);
        if (ctx->oom)
            st = skit_fail(err, STIR_E_NOMEM, "out of memory keeping lint findings");
    }
    /* The certificates stay referenced by nothing after the run. */
    for (size_t i = 0; i < ctx->n; i++)
        ctx->certs[i].x = NULL;
    sk_X509_pop_free(certs, X509_free);
    return st;
}

stir_status stir_lint_bundle(const char *pem, size_t len, const stir_lint_opts *opts,
                             stir_lint_cb cb, void *arg, stir_lint_summary *summary,
                             stir_error_t *err)
{
    skit_lint_ctx ctx;
    stir_status st;

    if (summary != NULL)
        memset(summary, 0, sizeof(*summary));
    if (pem == NULL || !valid_opts(opts))
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL bundle, NULL options or unknown profile");
    memset(&ctx, 0, sizeof(ctx));
    ctx.opts = opts;
    st = lint_into(&ctx, pem, len, err);
    if (st == STIR_OK)
        deliver(&ctx, cb, arg, summary);
    ctx_free(&ctx);
    return st;
}

/* ---- x5u responses ------------------------------------------------------------- */

stir_status stir_lint_x5u(const stir_lint_http *resp, const stir_lint_opts *opts,
                          stir_lint_cb cb, void *arg, stir_lint_summary *summary,
                          stir_error_t *err)
{
    skit_lint_ctx ctx;
    stir_status st = STIR_OK;

    if (summary != NULL)
        memset(summary, 0, sizeof(*summary));
    if (resp == NULL || !valid_opts(opts) || (resp->fetched && resp->body == NULL && resp->len > 0))
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL response, NULL options or unknown profile");
    memset(&ctx, 0, sizeof(ctx));
    ctx.opts = opts;
    ctx.http = resp;
    for (size_t r = 0; r < skit_lint_n_rules; r++) {
        const skit_lint_rule *rule = skit_lint_rules[r];

        if (rule->kind != SKIT_SCOPE_X5U || rule->check_x5u == NULL ||
            !in_profile(rule, opts) || !applies_at(rule, opts->at))
            continue;
        ctx.current = rule;
        rule->check_x5u(&ctx, resp);
    }
    ctx.current = NULL;
    if (resp->fetched && resp->status == 200) {
        stir_error_t e;
        static const char empty[] = "";

        st = lint_into(&ctx, resp->body != NULL ? resp->body : empty, resp->len, &e);
        if (st == STIR_E_MALFORMED || st == STIR_E_TOO_LARGE) {
            skit_lint_report_rule(&ctx, &skit_rule_e_x5u_body_not_chain, -1, "",
                                  "the body is not a certificate chain: %s", e.text);
            st = STIR_OK;
        } else if (st != STIR_OK && err != NULL) {
            *err = e;
        }
    }
    if (st == STIR_OK && ctx.oom)
        st = skit_fail(err, STIR_E_NOMEM, "out of memory keeping lint findings");
    if (st == STIR_OK)
        deliver(&ctx, cb, arg, summary);
    ctx_free(&ctx);
    return st;
}
