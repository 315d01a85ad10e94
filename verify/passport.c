/*
 * PASSporT (RFC 8225) with the SHAKEN extension (RFC 8588): signing,
 * decoding of the full and compact forms, claim and freshness checks, and
 * ES256 verification over the received segments.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "stirkit/base64.h"
#include "stirkit/passport.h"
#include "stirkit/tn.h"
#include "error_int.h"
#include "es256.h"
#include "jose.h"
#include "passport_int.h"

struct stir_passport {
    char *tbs;            /* signing input: header segment "." payload segment */
    size_t tbs_len;       /* bytes of tbs, without the NUL */
    unsigned char *sig;   /* decoded signature segment */
    size_t sig_len;
    json_t *header;       /* decoded header object (owned reference) */
    json_t *claims;       /* decoded payload object (owned reference) */
    int compact;          /* 1: built by stir_passport_decode_compact */
};

/* ---- small helpers ---------------------------------------------------------- */

/* Printable ASCII without space: what a URI (RFC 3986) may hold. */
static int is_uri_text(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return 0;
    return 1;
}

static int starts_with_nocase(const char *s, const char *prefix)
{
    for (; *prefix != '\0'; s++, prefix++) {
        char c = *s;

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *prefix)
            return 0;
    }
    return 1;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 4122 string form: 8-4-4-4-12 hex digits, either case. */
static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (size_t i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!is_hex(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int is_attest(const char *s)
{
    return (s[0] == 'A' || s[0] == 'B' || s[0] == 'C') && s[1] == '\0';
}

/* ---- signing ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sets obj[key] to the string val; 0 on success, -1 on OOM. val is ASCII here. */
static int set_string(json_t *obj, const char *key, const char *val)
{
    return json_object_set_new(obj, key, json_string(val));
}

/*
 * Builds the sorted dest array of n entries. tn: canonicalise each entry;
 * otherwise each must be URI text. what: "dest tn" / "dest uri".
 */
static stir_status build_dest_array(const char *const *in, size_t n, int tn, json_t **out,
                                    stir_error_t *err)
{
    const char *what = tn ? "dest tn" : "dest uri";
    char(*canon)[STIR_TN_BUF_SIZE] = NULL;
    const char **sorted;
    json_t *arr;
    stir_status st = STIR_OK;

    if (in == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "%s: NULL array of %zu entries", what, n);
    sorted = calloc(n, sizeof(*sorted));
    if (tn)
        canon = calloc(n, sizeof(*canon));
    if (sorted == NULL || (tn && canon == NULL)) {
        free(sorted);
        free(canon);
        return skit_fail(err, STIR_E_NOMEM, "out of memory building %s", what);
    }
    for (size_t i = 0; i < n && st == STIR_OK; i++) {
        if (in[i] == NULL) {
            st = skit_fail(err, STIR_E_INVALID_ARG, "%s entry %zu is NULL", what, i + 1);
        } else if (tn) {
            st = stir_tn_canonicalize(in[i], canon[i], sizeof(canon[i]), err);
            if (st != STIR_OK)
                skit_error_prefix(err, st, "%s entry %zu: ", what, i + 1);
            sorted[i] = canon[i];
        } else if (!is_uri_text(in[i])) {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "%s entry %zu is empty or holds a space or non-ASCII byte", what,
                           i + 1);
        } else {
            sorted[i] = in[i];
        }
    }
    if (st == STIR_OK) {
        /* RFC 8225 §5.2.1: identity strings in lexicographic order. */
        qsort(sorted, n, sizeof(*sorted), cmp_str);
        arr = json_array();
        for (size_t i = 0; arr != NULL && i < n; i++)
            if (json_array_append_new(arr, json_string(sorted[i])) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        if (arr == NULL)
            st = skit_fail(err, STIR_E_NOMEM, "out of memory building %s", what);
        else
            *out = arr;
    }
    free(sorted);
    free(canon);
    return st;
}

/* Checks the caller's claims and builds the header and payload objects. */
static stir_status build_objects(const stir_passport_claims *c, json_t **hdr_out,
                                 json_t **pay_out, stir_error_t *err)
{
    char orig[STIR_TN_BUF_SIZE];
    json_t *hdr = NULL, *pay = NULL, *o = NULL, *dest = NULL, *arr = NULL;
    stir_status st;
    int shaken;

    if ((c->orig_tn == NULL) == (c->orig_uri == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "exactly one of orig tn and orig uri must be given (RFC 8225 §5.2.1)");
    if (c->n_dest_tn == 0 && c->n_dest_uri == 0)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "dest needs at least one tn or uri (RFC 8225 §5.2.1)");
    if (c->n_dest_tn > STIR_PASSPORT_MAX_LEN / 4 || c->n_dest_uri > STIR_PASSPORT_MAX_LEN / 4)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "%zu dest entries cannot fit a PASSporT of at most %d bytes",
                         c->n_dest_tn > c->n_dest_uri ? c->n_dest_tn : c->n_dest_uri,
                         STIR_PASSPORT_MAX_LEN);
    if (c->x5u == NULL || !starts_with_nocase(c->x5u, "https://") || !is_uri_text(c->x5u) ||
        strlen(c->x5u) <= strlen("https://"))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "x5u must be an https URL of the signer's certificate chain");
    shaken = c->ppt != NULL;
    if (shaken && strcmp(c->ppt, "shaken") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "ppt '%.32s' is not supported; stirkit signs base PASSporTs and "
                         "ppt 'shaken'", c->ppt);
    if (!shaken && (c->attest != NULL || c->origid != NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "attest and origid belong to ppt 'shaken' (RFC 8588), but ppt is NULL");
    if (shaken && (c->attest == NULL || c->origid == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "ppt 'shaken' needs both attest and origid (RFC 8588 §4, §5)");
    if (shaken && !is_attest(c->attest))
        return skit_fail(err, STIR_E_MALFORMED,
                         "attest '%.8s' is not A, B or C (RFC 8588 §4)", c->attest);
    if (shaken && !is_uuid(c->origid))
        return skit_fail(err, STIR_E_MALFORMED,
                         "origid '%.40s' is not a UUID (8-4-4-4-12 hex digits, RFC 8588 §5)",
                         c->origid);
    if (c->orig_tn != NULL) {
        st = stir_tn_canonicalize(c->orig_tn, orig, sizeof(orig), err);
        if (st != STIR_OK)
            return skit_error_prefix(err, st, "orig tn: ");
    } else if (!is_uri_text(c->orig_uri)) {
        return skit_fail(err, STIR_E_MALFORMED,
                         "orig uri is empty or holds a space or non-ASCII byte");
    }

    hdr = json_object();
    pay = json_object();
    if (hdr == NULL || pay == NULL)
        goto nomem;
    /* o and dest are borrowed once pay holds them; freeing pay frees them. */
    o = json_object();
    if (json_object_set_new(pay, "orig", o) != 0)
        goto nomem;
    dest = json_object();
    if (json_object_set_new(pay, "dest", dest) != 0)
        goto nomem;
    if (set_string(hdr, "alg", "ES256") != 0 || set_string(hdr, "typ", "passport") != 0 ||
        set_string(hdr, "x5u", c->x5u) != 0 || (shaken && set_string(hdr, "ppt", c->ppt) != 0))
        goto nomem;
    if (json_object_set_new(pay, "iat", json_integer((json_int_t)c->iat)) != 0)
        goto nomem;
    if (c->orig_tn != NULL ? set_string(o, "tn", orig) : set_string(o, "uri", c->orig_uri))
        goto nomem;
    if (shaken && (set_string(pay, "attest", c->attest) != 0 ||
                   set_string(pay, "origid", c->origid) != 0))
        goto nomem;
    if (c->n_dest_tn > 0) {
        st = build_dest_array(c->dest_tn, c->n_dest_tn, 1, &arr, err);
        if (st != STIR_OK)
            goto fail;
        if (json_object_set_new(dest, "tn", arr) != 0)
            goto nomem;
    }
    if (c->n_dest_uri > 0) {
        st = build_dest_array(c->dest_uri, c->n_dest_uri, 0, &arr, err);
        if (st != STIR_OK)
            goto fail;
        if (json_object_set_new(dest, "uri", arr) != 0)
            goto nomem;
    }
    *hdr_out = hdr;
    *pay_out = pay;
    return STIR_OK;

nomem:
    st = skit_fail(err, STIR_E_NOMEM, "out of memory building the PASSporT");
fail:
    json_decref(hdr);
    json_decref(pay);
    return st;
}

stir_status stir_passport_sign(const stir_passport_claims *c, EVP_PKEY *key, char **jws,
                               stir_error_t *err)
{
    json_t *hdr = NULL, *pay = NULL;
    stir_status st;

    if (c == NULL || key == NULL || jws == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL claims, key or output");
    st = skit_es256_check_key(key, err);
    if (st != STIR_OK)
        return st;
    st = build_objects(c, &hdr, &pay, err);
    if (st == STIR_OK)
        st = skit_jws_compact_es256(hdr, pay, key, STIR_PASSPORT_MAX_LEN, "PASSporT", jws, err);
    json_decref(hdr);
    json_decref(pay);
    return st;
}

/* ---- decoding ------------------------------------------------------------------ */

void stir_passport_free(stir_passport *p)
{
    if (p == NULL)
        return;
    free(p->tbs);
    free(p->sig);
    json_decref(p->header);
    json_decref(p->claims);
    free(p);
}

/* An ES256 (or alg-less) PASSporT must carry a 64-byte signature. */
static stir_status check_sig_len(const json_t *header, size_t sig_len, stir_error_t *err)
{
    const json_t *alg = json_object_get(header, "alg");

    if (json_is_string(alg) && strcmp(json_string_value(alg), "ES256") != 0)
        return STIR_OK; /* stir_passport_check reports the unsupported alg */
    if (sig_len != SKIT_ES256_SIG_LEN)
        return skit_fail(err, STIR_E_MALFORMED,
                         "PASSporT signature is %zu bytes; an ES256 JWS signature is %d bytes "
                         "of raw r||s (RFC 7518 §3.4), never DER", sig_len, SKIT_ES256_SIG_LEN);
    return STIR_OK;
}

/*
 * Assembles the passport, taking tbs, header and claims (freed on failure
 * too), and decoding the signature segment.
 */
static stir_status assemble(char *tbs, size_t tbs_len, json_t *header, json_t *claims,
                            const char *sig64, size_t sig64_len, int compact,
                            stir_passport **out, stir_error_t *err)
{
    stir_passport *p = calloc(1, sizeof(*p));
    stir_status st;

    if (p == NULL) {
        free(tbs);
        json_decref(header);
        json_decref(claims);
        return skit_fail(err, STIR_E_NOMEM, "out of memory decoding a PASSporT");
    }
    p->tbs = tbs;
    p->tbs_len = tbs_len;
    p->header = header;
    p->claims = claims;
    p->compact = compact;
    st = skit_jws_segment_decode(sig64, sig64_len, "PASSporT signature", &p->sig, &p->sig_len,
                                 err);
    if (st == STIR_OK)
        st = check_sig_len(header, p->sig_len, err);
    if (st != STIR_OK) {
        stir_passport_free(p);
        return st;
    }
    *out = p;
    return STIR_OK;
}

/* Common entry checks; refuses NUL bytes, which strict base64url would too. */
static stir_status check_input(const char *s, size_t len, const char *what, stir_error_t *err)
{
    const char *nul;

    if (len > STIR_PASSPORT_MAX_LEN)
        return skit_fail(err, STIR_E_TOO_LARGE, "%s of %zu bytes exceeds the %d-byte limit",
                         what, len, STIR_PASSPORT_MAX_LEN);
    nul = memchr(s, '\0', len);
    if (nul != NULL)
        return skit_fail(err, STIR_E_MALFORMED, "%s holds a NUL byte at position %zu", what,
                         (size_t)(nul - s) + 1);
    return STIR_OK;
}

stir_status stir_passport_decode(const char *jws, size_t len, stir_passport **out,
                                 stir_error_t *err)
{
    const char *d1, *d2;
    json_t *header = NULL, *claims = NULL;
    size_t dots = 0;
    char *tbs;
    stir_status st;

    if (out != NULL)
        *out = NULL;
    if (jws == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT or output");
    st = check_input(jws, len, "PASSporT", err);
    if (st != STIR_OK)
        return st;
    for (size_t i = 0; i < len; i++)
        dots += jws[i] == '.';
    if (dots != 2)
        return skit_fail(err, STIR_E_MALFORMED,
                         "PASSporT has %zu segment(s); a JWS compact serialisation has 3 "
                         "(header.payload.signature)", dots + 1);
    d1 = memchr(jws, '.', len);
    d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - jws));
    if (d1 == jws && d2 == d1 + 1)
        return skit_fail(err, STIR_E_MALFORMED,
                         "PASSporT is in compact form ('..signature', RFC 8225 §7); its header "
                         "and claims must be reconstructed by the caller");
    st = skit_jws_segment_object(jws, (size_t)(d1 - jws), "PASSporT header", &header, err);
    if (st != STIR_OK)
        return st;
    st = skit_jws_segment_object(d1 + 1, (size_t)(d2 - d1 - 1), "PASSporT payload", &claims,
                                 err);
    if (st != STIR_OK) {
        json_decref(header);
        return st;
    }
    tbs = malloc((size_t)(d2 - jws) + 1);
    if (tbs == NULL) {
        json_decref(header);
        json_decref(claims);
        return skit_fail(err, STIR_E_NOMEM, "out of memory decoding a PASSporT");
    }
    memcpy(tbs, jws, (size_t)(d2 - jws));
    tbs[d2 - jws] = '\0';
    return assemble(tbs, (size_t)(d2 - jws), header, claims, d2 + 1,
                    len - (size_t)(d2 + 1 - jws), 0, out, err);
}

stir_status stir_passport_decode_compact(const char *compact, size_t len, const json_t *header,
                                         const json_t *claims, stir_passport **out,
                                         stir_error_t *err)
{
    char *h64 = NULL, *p64 = NULL, *tbs;
    json_t *hcopy, *ccopy;
    size_t hlen, plen;
    stir_status st;

    if (out != NULL)
        *out = NULL;
    if (compact == NULL || header == NULL || claims == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL compact PASSporT, header, claims or output");
    st = check_input(compact, len, "compact PASSporT", err);
    if (st != STIR_OK)
        return st;
    if (len < 2 || compact[0] != '.' || compact[1] != '.')
        return skit_fail(err, STIR_E_MALFORMED,
                         "compact PASSporT must be '..' followed by the signature (RFC 8225 §7)");
    if (memchr(compact + 2, '.', len - 2) != NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "compact PASSporT has more than 3 segments");
    if (!json_is_object(header))
        return skit_fail(err, STIR_E_MALFORMED,
                         "PASSporT header supplied for the compact form is a JSON %s, not an "
                         "object", skit_json_kind(header));
    if (!json_is_object(claims))
        return skit_fail(err, STIR_E_MALFORMED,
                         "PASSporT claims supplied for the compact form are a JSON %s, not an "
                         "object", skit_json_kind(claims));
    st = skit_jws_segment(header, "PASSporT", "header", &h64, err);
    if (st == STIR_OK)
        st = skit_jws_segment(claims, "PASSporT", "payload", &p64, err);
    if (st != STIR_OK) {
        free(h64);
        return st;
    }
    hlen = strlen(h64);
    plen = strlen(p64);
    if (hlen + 1 + plen + len > STIR_PASSPORT_MAX_LEN) {
        free(h64);
        free(p64);
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "reconstructed PASSporT of %zu bytes exceeds the %d-byte limit",
                         hlen + 1 + plen + len, STIR_PASSPORT_MAX_LEN);
    }
    tbs = malloc(hlen + 1 + plen + 1);
    hcopy = json_deep_copy(header);
    ccopy = json_deep_copy(claims);
    if (tbs == NULL || hcopy == NULL || ccopy == NULL) {
        free(h64);
        free(p64);
        free(tbs);
        json_decref(hcopy);
        json_decref(ccopy);
        return skit_fail(err, STIR_E_NOMEM, "out of memory decoding a PASSporT");
    }
    memcpy(tbs, h64, hlen);
    tbs[hlen] = '.';
    memcpy(tbs + hlen + 1, p64, plen + 1);
    free(h64);
    free(p64);
    return assemble(tbs, hlen + 1 + plen, hcopy, ccopy, compact + 2, len - 2, 1, out, err);
}

int stir_passport_is_compact(const stir_passport *p)
{
    return p != NULL && p->compact;
}

/* ---- reading ------------------------------------------------------------------ */

json_t *stir_passport_get0_header(const stir_passport *p)
{
    return p != NULL ? p->header : NULL;
}

json_t *stir_passport_get0_claims(const stir_passport *p)
{
    return p != NULL ? p->claims : NULL;
}

static const char *get_string(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key)); /* NULL unless a string */
}

const char *stir_passport_get0_x5u(const stir_passport *p)
{
    return p != NULL ? get_string(p->header, "x5u") : NULL;
}

const char *stir_passport_get0_ppt(const stir_passport *p)
{
    return p != NULL ? get_string(p->header, "ppt") : NULL;
}

const char *stir_passport_get0_attest(const stir_passport *p)
{
    return p != NULL ? get_string(p->claims, "attest") : NULL;
}

const char *stir_passport_get0_origid(const stir_passport *p)
{
    return p != NULL ? get_string(p->claims, "origid") : NULL;
}

stir_status stir_passport_get_iat(const stir_passport *p, int64_t *iat, stir_error_t *err)
{
    const json_t *v;

    if (p == NULL || iat == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT or iat output");
    v = json_object_get(p->claims, "iat");
    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "claim 'iat' is missing (RFC 8225 §5.1.1)");
    if (!json_is_integer(v))
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'iat' is a JSON %s; RFC 8225 §5.1.1 needs an integer "
                         "NumericDate (RFC 8588 erratum 6656)", skit_json_kind(v));
    *iat = (int64_t)json_integer_value(v);
    return STIR_OK;
}

static const char *idtype_key(stir_passport_idtype type)
{
    return type == STIR_PASSPORT_ID_TN ? "tn" : type == STIR_PASSPORT_ID_URI ? "uri" : NULL;
}

const char *stir_passport_get0_orig(const stir_passport *p, stir_passport_idtype *type)
{
    const json_t *orig = p != NULL ? json_object_get(p->claims, "orig") : NULL;
    const char *s = NULL;
    stir_passport_idtype t = STIR_PASSPORT_ID_NONE;

    if (json_is_object(orig) && json_object_size(orig) == 1) {
        if ((s = get_string(orig, "tn")) != NULL)
            t = STIR_PASSPORT_ID_TN;
        else if ((s = get_string(orig, "uri")) != NULL)
            t = STIR_PASSPORT_ID_URI;
    }
    if (type != NULL)
        *type = t;
    return s;
}

static const json_t *dest_array(const stir_passport *p, stir_passport_idtype type)
{
    const char *key = idtype_key(type);
    const json_t *dest = p != NULL ? json_object_get(p->claims, "dest") : NULL;
    const json_t *arr = key != NULL && json_is_object(dest) ? json_object_get(dest, key) : NULL;

    return json_is_array(arr) ? arr : NULL;
}

size_t stir_passport_dest_count(const stir_passport *p, stir_passport_idtype type)
{
    return json_array_size(dest_array(p, type)); /* 0 for NULL */
}

const char *stir_passport_get0_dest(const stir_passport *p, stir_passport_idtype type, size_t i)
{
    return json_string_value(json_array_get(dest_array(p, type), i));
}

/* ---- checks ------------------------------------------------------------------ */

/* A header parameter that must be a string; *out its value. */
static stir_status header_string(const json_t *hdr, const char *name, const char *rfc,
                                 const char **out, stir_error_t *err)
{
    const json_t *v = json_object_get(hdr, name);

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "header parameter '%s' is missing (%s)", name,
                         rfc);
    if (!json_is_string(v))
        return skit_fail(err, STIR_E_MALFORMED,
                         "header parameter '%s' is a JSON %s, not a string (%s)", name,
                         skit_json_kind(v), rfc);
    *out = json_string_value(v);
    return STIR_OK;
}

/* A tn claim value must already be canonical (RFC 8225 §5.2.1.1). */
static stir_status check_tn(const char *tn, const char *what, stir_error_t *err)
{
    char canon[STIR_TN_BUF_SIZE];
    stir_error_t sub;

    if (stir_tn_canonicalize(tn, canon, sizeof(canon), &sub) != STIR_OK)
        return skit_fail(err, STIR_E_MALFORMED, "claim '%s' tn is not a telephone number: %s",
                         what, sub.text);
    if (strcmp(canon, tn) != 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim '%s' tn '%.32s' is not canonical (RFC 8224 §8.3: digits, '#' "
                         "and '*' only, here '%s')", what, tn, canon);
    return STIR_OK;
}

static stir_status check_orig(const json_t *orig, stir_error_t *err)
{
    const char *key;
    json_t *v;

    if (orig == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "claim 'orig' is missing (RFC 8225 §5.2.1)");
    if (!json_is_object(orig))
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'orig' is a JSON %s; it must be an object {\"tn\":...} or "
                         "{\"uri\":...} (RFC 8225 §5.2.1)", skit_json_kind(orig));
    if (json_object_size(orig) != 1)
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'orig' has %zu members; it must have exactly one identity, tn "
                         "or uri (RFC 8225 §5.2.1)", json_object_size(orig));
    json_object_foreach((json_t *)orig, key, v) {
        if (strcmp(key, "tn") != 0 && strcmp(key, "uri") != 0)
            return skit_fail(err, STIR_E_MALFORMED,
                             "claim 'orig' holds '%.32s'; its identity must be tn or uri", key);
        if (!json_is_string(v))
            return skit_fail(err, STIR_E_MALFORMED, "claim 'orig' %s is a JSON %s, not a string",
                             key, skit_json_kind(v));
        if (strcmp(key, "tn") == 0)
            return check_tn(json_string_value(v), "orig", err);
        if (json_string_length(v) == 0)
            return skit_fail(err, STIR_E_MALFORMED, "claim 'orig' uri is empty");
    }
    return STIR_OK;
}

static stir_status check_dest(const json_t *dest, stir_error_t *err)
{
    const char *key;
    json_t *arr;
    stir_status st;

    if (dest == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "claim 'dest' is missing (RFC 8225 §5.2.1)");
    if (!json_is_object(dest))
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'dest' is a JSON %s; it must be an object of tn and/or uri "
                         "arrays (RFC 8225 §5.2.1)", skit_json_kind(dest));
    if (json_object_size(dest) == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'dest' is empty; it needs a tn or uri array (RFC 8225 §5.2.1)");
    json_object_foreach((json_t *)dest, key, arr) {
        int tn = strcmp(key, "tn") == 0;

        if (!tn && strcmp(key, "uri") != 0)
            return skit_fail(err, STIR_E_MALFORMED,
                             "claim 'dest' holds '%.32s'; only tn and uri arrays are accepted",
                             key);
        if (!json_is_array(arr))
            return skit_fail(err, STIR_E_MALFORMED,
                             "claim 'dest' %s is a JSON %s, not an array (RFC 8225 §5.2.1)", key,
                             skit_json_kind(arr));
        if (json_array_size(arr) == 0)
            return skit_fail(err, STIR_E_MALFORMED, "claim 'dest' %s array is empty", key);
        for (size_t i = 0; i < json_array_size(arr); i++) {
            const json_t *v = json_array_get(arr, i);

            if (!json_is_string(v))
                return skit_fail(err, STIR_E_MALFORMED,
                                 "claim 'dest' %s entry %zu is a JSON %s, not a string", key,
                                 i + 1, skit_json_kind(v));
            if (tn) {
                st = check_tn(json_string_value(v), "dest", err);
                if (st != STIR_OK)
                    return st;
            } else if (json_string_length(v) == 0) {
                return skit_fail(err, STIR_E_MALFORMED, "claim 'dest' uri entry %zu is empty",
                                 i + 1);
            }
        }
    }
    return STIR_OK;
}

/* RFC 8588 §4, §5: attest and origid of a SHAKEN PASSporT. */
static stir_status check_shaken(const json_t *claims, stir_error_t *err)
{
    const json_t *attest = json_object_get(claims, "attest");
    const json_t *origid = json_object_get(claims, "origid");

    if (attest == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "claim 'attest' is missing (RFC 8588 §4)");
    if (!json_is_string(attest))
        return skit_fail(err, STIR_E_MALFORMED, "claim 'attest' is a JSON %s, not a string",
                         skit_json_kind(attest));
    if (!is_attest(json_string_value(attest)))
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'attest' is '%.8s'; it must be A, B or C (RFC 8588 §4)",
                         json_string_value(attest));
    if (origid == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "claim 'origid' is missing (RFC 8588 §5)");
    if (!json_is_string(origid))
        return skit_fail(err, STIR_E_MALFORMED, "claim 'origid' is a JSON %s, not a string",
                         skit_json_kind(origid));
    if (!is_uuid(json_string_value(origid)))
        return skit_fail(err, STIR_E_MALFORMED,
                         "claim 'origid' '%.40s' is not a UUID (8-4-4-4-12 hex digits, "
                         "RFC 8588 §5)", json_string_value(origid));
    return STIR_OK;
}

stir_status stir_passport_check(const stir_passport *p, stir_error_t *err)
{
    const char *typ, *alg, *x5u;
    const json_t *ppt;
    int64_t iat;
    stir_status st;

    if (p == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT");
    if ((st = header_string(p->header, "typ", "RFC 8225 §4.1", &typ, err)) != STIR_OK)
        return st;
    if (strcmp(typ, "passport") != 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "header parameter 'typ' is '%.32s'; a PASSporT has 'passport' "
                         "(RFC 8225 §4.1)", typ);
    if ((st = header_string(p->header, "alg", "RFC 8225 §4.2", &alg, err)) != STIR_OK)
        return st;
    if (strcmp(alg, "ES256") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "header parameter 'alg' is '%.32s'; only ES256 is supported "
                         "(RFC 8225 §4.2)", alg);
    ppt = json_object_get(p->header, "ppt");
    if (ppt != NULL && !json_is_string(ppt))
        return skit_fail(err, STIR_E_MALFORMED,
                         "header parameter 'ppt' is a JSON %s, not a string (RFC 8225 §8)",
                         skit_json_kind(ppt));
    if (ppt != NULL && strcmp(json_string_value(ppt), "shaken") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "header parameter 'ppt' is '%.32s'; only 'shaken' is supported, and "
                         "RFC 8225 §8 says to fail an unsupported ppt", json_string_value(ppt));
    if ((st = header_string(p->header, "x5u", "RFC 8225 §4.3", &x5u, err)) != STIR_OK)
        return st;
    if ((st = stir_passport_get_iat(p, &iat, err)) != STIR_OK)
        return st;
    if ((st = check_orig(json_object_get(p->claims, "orig"), err)) != STIR_OK)
        return st;
    if ((st = check_dest(json_object_get(p->claims, "dest"), err)) != STIR_OK)
        return st;
    if (ppt != NULL)
        return check_shaken(p->claims, err);
    return STIR_OK;
}

stir_status stir_passport_check_iat(const stir_passport *p, int64_t now, int64_t max_age,
                                    stir_error_t *err)
{
    int64_t iat;
    uint64_t diff;
    stir_status st;

    if (p == NULL || max_age < 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT or negative max_age");
    st = stir_passport_get_iat(p, &iat, err);
    if (st != STIR_OK)
        return st;
    /* Unsigned difference of the larger minus the smaller cannot overflow. */
    diff = iat <= now ? (uint64_t)now - (uint64_t)iat : (uint64_t)iat - (uint64_t)now;
    if (diff > (uint64_t)max_age)
        return skit_fail(err, STIR_E_STALE,
                         "iat %" PRId64 " is %" PRIu64 " s in the %s; the freshness window is "
                         "%" PRId64 " s (RFC 8224 §6.2.1)", iat, diff,
                         iat <= now ? "past" : "future", max_age);
    return STIR_OK;
}

stir_status skit_passport_verify_es256(const stir_passport *p, const skit_es256_key *k,
                                       stir_error_t *err)
{
    const char *alg = get_string(p->header, "alg");

    if (alg == NULL || strcmp(alg, "ES256") != 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "PASSporT alg is %s%.32s%s; only ES256 signatures are verified",
                         alg ? "'" : "", alg ? alg : "missing", alg ? "'" : "");
    return skit_es256_verify(k, p->tbs, p->tbs_len, p->sig, p->sig_len, err);
}

stir_status stir_passport_verify_signature(const stir_passport *p, EVP_PKEY *key,
                                           stir_error_t *err)
{
    skit_es256_key *k;
    stir_status st;

    if (p == NULL || key == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL PASSporT or key");
    k = skit_es256_key_new(key, err);
    if (k == NULL)
        return err != NULL ? err->code : STIR_E_UNSUPPORTED;
    st = skit_passport_verify_es256(p, k, err);
    skit_es256_key_free(k);
    return st;
}
