/*
 * Unit tests: Authority Tokens (RFC 9447/9448) - minting with
 * stir_tkauth_mint (x5c and x5u forms) and validating with
 * stir_tkauth_validate: every step of RFC 9448 §6 / acme-ca.md §2.2 fails
 * with its own sentence, and the tolerated field forms (padded standard
 * base64 tkvalue, "TnAuthList", base64url fingerprint, SPKI fingerprint
 * behind a policy flag) pass. The token-authority PKI (a TA root and a TA
 * leaf, and a second root with its own leaf) is made here with the
 * OpenSSL API; x5u bodies come from an injected fetch function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "stirkit/tkauth.h"
#include "es256.h"
#include "jwk.h"
#include "testutil.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400
#define BASE "https://ta.test/"

/* vectors.md D1: one "12155551212" and spc "1234" as DER, and tkvalue forms. */
#define ID_HEX "300FA20D160B3132313535353531323132"
#define SPC_HEX "3008A006160431323334"
#define ID_B64URL "MA-iDRYLMTIxNTU1NTEyMTI"
#define ID_B64_PADDED "MA+iDRYLMTIxNTU1NTEyMTI="

/* vectors.md V5 A.1 private key; its public half is D3, the account key here. */
static const char a1_private_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi7q2TZvN9VDFg8Vy\n"
    "qCP06bETrR2v8MRvr89rn4i+UAahRANCAAQWfaj1HUETpoNCrOtp9KA8o0V79IuW\n"
    "ARKt9C1cFPkyd3FBP4SeiNZxQhDrD0tdBHls3/wFe8++K2FrPyQF9vuh\n"
    "-----END PRIVATE KEY-----\n";
/* vectors.md D3: the fingerprint forms of that key. */
#define D3_THUMBPRINT "I1-pNDvuRdW9pX8z5zAuH3M6OCS4IWaleMSWr6z1afY"
#define D3_FINGERPRINT                                                                          \
    "SHA256 23:5F:A9:34:3B:EE:45:D5:BD:A5:7F:33:E7:30:2E:1F:73:3A:38:24:B8:21:66:A5:78:C4:96:"  \
    "AF:AC:F5:69:F6"
#define D3_SPKI_FINGERPRINT                                                                     \
    "SHA256 89:E2:02:F9:8B:B2:3C:F6:EB:D3:80:DA:B9:07:8C:77:6F:80:3F:C8:28:1B:4A:89:75:0A:0E:09:" \
    "22:CB:D3:B7"

static EVP_PKEY *ta_root_key, *ta_key, *other_root_key, *other_ta_key, *ka_key;
static EVP_PKEY *acct_key, *other_acct_key;
static X509 *ta_root, *ta_leaf, *other_root, *other_leaf, *ka_leaf;
static char *ta_leaf_pem, *ta_chain_pem, *other_leaf_pem, *ka_leaf_pem;
static stir_trust *anchors, *no_anchors;
static unsigned char acct_thumb[32], other_thumb[32];
static int fetch_count;

/* ---- test PKI ----------------------------------------------------------------- */

static EVP_PKEY *p256(void)
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

    ck_assert_ptr_nonnull(k);
    return k;
}

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);

    ck_assert_ptr_nonnull(ext);
    ck_assert_int_eq(X509_add_ext(x, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

/* A P-256 certificate for key, signed by issuer (NULL: self-signed). */
static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
                       const char *ku, int64_t not_before, int64_t not_after)
{
    static long serial = 1;
    X509 *x = X509_new();
    X509V3_CTX ctx;

    X509_set_version(x, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                               (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, X509_get_subject_name(issuer != NULL ? issuer : x));
    ck_assert_ptr_nonnull(ASN1_TIME_set(X509_getm_notBefore(x), (time_t)not_before));
    ck_assert_ptr_nonnull(ASN1_TIME_set(X509_getm_notAfter(x), (time_t)not_after));
    X509_set_pubkey(x, key);
    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
    add_ext(x, &ctx, NID_basic_constraints,
            issuer == NULL ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_ext(x, &ctx, NID_key_usage, ku);
    add_ext(x, &ctx, NID_subject_key_identifier, "hash");
    if (issuer != NULL)
        add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always");
    ck_assert_int_gt(X509_sign(x, issuer_key != NULL ? issuer_key : key, EVP_sha256()), 0);
    return x;
}

static char *pem_of(X509 *a, X509 *b)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data, *s;
    long n;

    PEM_write_bio_X509(bio, a);
    if (b != NULL)
        PEM_write_bio_X509(bio, b);
    n = BIO_get_mem_data(bio, &data);
    s = malloc((size_t)n + 1);
    memcpy(s, data, (size_t)n);
    s[n] = '\0';
    BIO_free(bio);
    return s;
}

static void thumb_of(EVP_PKEY *key, unsigned char out[32])
{
    char b64[44];
    unsigned char *bin = NULL;
    size_t len = 0;

    ck_assert_int_eq(stir_key_thumbprint(key, b64, NULL, NULL), STIR_OK);
    ck_assert_int_eq(stir_base64url_decode_strict(b64, 43, &bin, &len, NULL), STIR_OK);
    ck_assert_uint_eq(len, 32);
    memcpy(out, bin, 32);
    free(bin);
}

static void setup(void)
{
    BIO *bio = BIO_new_mem_buf(a1_private_pem, -1);

    acct_key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ck_assert_ptr_nonnull(acct_key);
    other_acct_key = p256();
    ta_root_key = p256();
    ta_key = p256();
    other_root_key = p256();
    other_ta_key = p256();
    ka_key = p256();
    ta_root = make_cert("Test TA Root", ta_root_key, NULL, NULL, "critical,keyCertSign,cRLSign",
                        NOW - 10 * DAY, NOW + 3650 * DAY);
    ta_leaf = make_cert("Test TA", ta_key, ta_root, ta_root_key, "critical,digitalSignature",
                        NOW - DAY, NOW + 365 * DAY);
    ka_leaf = make_cert("Key Agreement TA", ka_key, ta_root, ta_root_key,
                        "critical,keyAgreement", NOW - DAY, NOW + 365 * DAY);
    other_root = make_cert("Other TA Root", other_root_key, NULL, NULL,
                           "critical,keyCertSign,cRLSign", NOW - 10 * DAY, NOW + 3650 * DAY);
    other_leaf = make_cert("Other TA", other_ta_key, other_root, other_root_key,
                           "critical,digitalSignature", NOW - DAY, NOW + 365 * DAY);
    ta_leaf_pem = pem_of(ta_leaf, NULL);
    ta_chain_pem = pem_of(ta_leaf, ta_root);
    other_leaf_pem = pem_of(other_leaf, NULL);
    ka_leaf_pem = pem_of(ka_leaf, NULL);
    anchors = stir_trust_new();
    no_anchors = stir_trust_new();
    ck_assert_int_eq(stir_trust_add_cert(anchors, ta_root, NULL), STIR_OK);
    thumb_of(acct_key, acct_thumb);
    thumb_of(other_acct_key, other_thumb);
    fetch_count = 0;
}

static void teardown(void)
{
    EVP_PKEY *keys[] = {ta_root_key, ta_key, other_root_key, other_ta_key, ka_key, acct_key,
                        other_acct_key};
    X509 *certs[] = {ta_root, ta_leaf, other_root, other_leaf, ka_leaf};

    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        EVP_PKEY_free(keys[i]);
    for (size_t i = 0; i < sizeof(certs) / sizeof(certs[0]); i++)
        X509_free(certs[i]);
    free(ta_leaf_pem);
    free(ta_chain_pem);
    free(other_leaf_pem);
    free(ka_leaf_pem);
    stir_trust_free(anchors);
    stir_trust_free(no_anchors);
}

/* Serves BASE ta.pem (leaf + root), ta-leaf.pem, other.pem, ka.pem; fakes failures. */
static stir_status fake_fetch(void *arg, const char *url, const stir_fetch_opts *o,
                              stir_fetch_result *out, stir_error_t *err)
{
    const char *name = strncmp(url, BASE, strlen(BASE)) == 0 ? url + strlen(BASE) : "";
    const char *body = NULL;

    (void)arg;
    (void)o;
    fetch_count++;
    memset(out, 0, sizeof(*out));
    if (strcmp(name, "down.pem") == 0) {
        snprintf(err->text, sizeof(err->text), "Connection refused");
        return STIR_E_FETCH;
    }
    if (strcmp(name, "ta.pem") == 0)
        body = ta_chain_pem;
    else if (strcmp(name, "ta-leaf.pem") == 0)
        body = ta_leaf_pem;
    else if (strcmp(name, "other.pem") == 0)
        body = other_leaf_pem;
    else if (strcmp(name, "junk.pem") == 0)
        body = "hello";
    out->status = body != NULL ? 200 : 404;
    out->body = strdup(body != NULL ? body : "not found");
    out->len = strlen(out->body);
    return STIR_OK;
}

/* ---- tokens ------------------------------------------------------------------- */

static unsigned char *der_of(const char *hex, size_t *len)
{
    return tu_hex(hex, len);
}

/* Mints with the common options; asserts success. */
static char *mint(EVP_PKEY *key, const char *x5u, const char *x5c_pem, const char *id_hex,
                  const char *fp, int ca, int64_t now, const char *jti)
{
    stir_tkauth_mint_opts o;
    stir_error_t err;
    size_t len;
    unsigned char *der = der_of(id_hex, &len);
    char *jwt = NULL;

    memset(&o, 0, sizeof(o));
    o.key = key;
    o.x5u = x5u;
    o.x5c_pem = x5c_pem;
    o.tnauthlist_der = der;
    o.tnauthlist_len = len;
    o.fingerprint = fp;
    o.ca = ca;
    o.now = now;
    o.iss = "https://ta.test";
    o.jti = jti;
    ck_assert_msg(stir_tkauth_mint(&o, &jwt, &err) == STIR_OK, "%s", err.text);
    free(der);
    return jwt;
}

static char *b64u_str(const char *text)
{
    char *s = NULL;

    ck_assert_int_eq(stir_base64_encode((const unsigned char *)text, strlen(text), 1, &s, NULL),
                     STIR_OK);
    return s;
}

/* A token from header and claims JSON text, ES256-signed by key (NULL: unsigned). */
static char *craft_raw(const char *hdr, const char *claims, EVP_PKEY *key)
{
    char *h64 = b64u_str(hdr), *p64 = b64u_str(claims), *tok, *s64 = NULL;
    size_t n = strlen(h64) + strlen(p64) + 100;

    tok = malloc(n);
    snprintf(tok, n, "%s.%s", h64, p64);
    if (key != NULL) {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        unsigned char der[128], raw[64];
        size_t dlen = sizeof(der);

        ck_assert_int_eq(EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, key, NULL), 1);
        ck_assert_int_eq(EVP_DigestSign(md, der, &dlen, (unsigned char *)tok, strlen(tok)), 1);
        EVP_MD_CTX_free(md);
        ck_assert_int_eq(skit_es256_der_to_raw(der, dlen, raw, NULL), STIR_OK);
        ck_assert_int_eq(stir_base64_encode(raw, 64, 1, &s64, NULL), STIR_OK);
    }
    strcat(tok, ".");
    if (s64 != NULL)
        strcat(tok, s64);
    free(s64);
    free(h64);
    free(p64);
    return tok;
}

/* The same from JSON values (taken). */
static char *craft(json_t *hdr, json_t *claims, EVP_PKEY *key)
{
    char *h = json_dumps(hdr, JSON_COMPACT | JSON_SORT_KEYS);
    char *c = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS);
    char *tok = craft_raw(h, c, key);

    free(h);
    free(c);
    json_decref(hdr);
    json_decref(claims);
    return tok;
}

/* {"alg","typ","x5c":[TA leaf]} */
static json_t *x5c_header(const char *alg, X509 *leaf)
{
    unsigned char *der = NULL;
    int len = i2d_X509(leaf, &der);
    char *b64 = NULL;
    json_t *h;

    ck_assert_int_eq(stir_base64_encode(der, (size_t)len, 0, &b64, NULL), STIR_OK);
    h = json_pack("{s:s, s:s, s:[s]}", "alg", alg, "typ", "JWT", "x5c", b64);
    OPENSSL_free(der);
    free(b64);
    return h;
}

static json_t *claims_with(const char *tktype, const char *tkvalue, const char *fp)
{
    return json_pack("{s:{s:b, s:s, s:s, s:s}, s:I, s:I, s:s}", "atc", "ca", 0, "fingerprint",
                     fp, "tktype", tktype, "tkvalue", tkvalue, "exp", (json_int_t)NOW + 600,
                     "iat", (json_int_t)NOW, "jti", "jti-crafted");
}

static stir_status validate_with(const char *tok, const char *id_hex,
                                 const unsigned char thumb[32], EVP_PKEY *acct, int64_t now,
                                 const stir_tkauth_policy *pol, stir_tkauth_grant *g,
                                 stir_error_t *err)
{
    size_t len;
    unsigned char *der = der_of(id_hex, &len);
    stir_status st = stir_tkauth_validate(tok, der, len, thumb, acct, now, pol, g, err);

    free(der);
    return st;
}

static void policy_init(stir_tkauth_policy *p)
{
    memset(p, 0, sizeof(*p));
    p->anchors = anchors;
    p->fetch_fn = fake_fetch;
}

static stir_status validate(const char *tok, int64_t now, stir_tkauth_grant *g,
                            stir_error_t *err)
{
    stir_tkauth_policy p;

    policy_init(&p);
    return validate_with(tok, ID_HEX, acct_thumb, acct_key, now, &p, g, err);
}

static void expect_ok(const char *tok, int64_t now)
{
    stir_tkauth_grant g;
    stir_error_t err;

    ck_assert_msg(validate(tok, now, &g, &err) == STIR_OK, "%s", err.text);
}

/* ---- valid tokens ------------------------------------------------------------- */

START_TEST(test_mint_x5c_then_validate)
{
    char *tok = mint(ta_key, NULL, ta_chain_pem, ID_HEX, D3_FINGERPRINT, 1, NOW, "tok-1");
    stir_tkauth_grant g;
    stir_error_t err;
    char *dot = strchr(tok, '.'), *dot2 = strchr(dot + 1, '.');
    unsigned char *bin = NULL;
    size_t n = 0;
    json_t *hdr, *claims, *x5c;

    ck_assert_msg(validate(tok, NOW, &g, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(g.ca, 1);
    ck_assert_int_eq(g.exp, NOW + STIR_TKAUTH_DEFAULT_LIFETIME);
    ck_assert_str_eq(g.jti, "tok-1");
    /* the header: ES256, JWT, x5c = leaf then root in standard base64 DER */
    ck_assert_int_eq(stir_base64url_decode_strict(tok, (size_t)(dot - tok), &bin, &n, NULL),
                     STIR_OK);
    hdr = json_loadb((char *)bin, n, 0, NULL);
    free(bin);
    ck_assert_str_eq(json_string_value(json_object_get(hdr, "alg")), "ES256");
    ck_assert_str_eq(json_string_value(json_object_get(hdr, "typ")), "JWT");
    ck_assert_ptr_null(json_object_get(hdr, "x5u"));
    x5c = json_object_get(hdr, "x5c");
    ck_assert_uint_eq(json_array_size(x5c), 2);
    for (size_t i = 0; i < 2; i++) {
        const char *s = json_string_value(json_array_get(x5c, i));
        unsigned char *der = NULL, *mine = NULL;
        size_t dlen = 0;
        int mlen = i2d_X509(i == 0 ? ta_leaf : ta_root, &mine);

        ck_assert_ptr_null(strchr(s, '-'));
        ck_assert_ptr_null(strchr(s, '_'));
        ck_assert_int_eq(stir_base64_decode(s, strlen(s), &der, &dlen, NULL), STIR_OK);
        ck_assert_int_eq((int)dlen, mlen);
        ck_assert_int_eq(memcmp(der, mine, dlen), 0);
        free(der);
        OPENSSL_free(mine);
    }
    json_decref(hdr);
    /* the claims */
    ck_assert_int_eq(stir_base64url_decode_strict(dot + 1, (size_t)(dot2 - dot - 1), &bin, &n,
                                                  NULL), STIR_OK);
    claims = json_loadb((char *)bin, n, 0, NULL);
    free(bin);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(claims, "atc"),
                                                       "tktype")), "TNAuthList");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(claims, "atc"),
                                                       "tkvalue")), ID_B64URL);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(claims, "atc"),
                                                       "fingerprint")), D3_FINGERPRINT);
    ck_assert(json_is_true(json_object_get(json_object_get(claims, "atc"), "ca")));
    ck_assert_int_eq(json_integer_value(json_object_get(claims, "iat")), NOW);
    ck_assert_int_eq(json_integer_value(json_object_get(claims, "nbf")), NOW);
    ck_assert_int_eq(json_integer_value(json_object_get(claims, "exp")), NOW + 3600);
    ck_assert_str_eq(json_string_value(json_object_get(claims, "iss")), "https://ta.test");
    json_decref(claims);
    ck_assert_int_eq(fetch_count, 0);
    free(tok);

    /* x5c of the leaf alone; the anchor completes the path */
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
    ck_assert_msg(validate(tok, NOW, &g, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(g.ca, 0);
    free(tok);
}
END_TEST

START_TEST(test_mint_x5u_then_validate)
{
    char *tok = mint(ta_key, BASE "ta.pem", NULL, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
    stir_tkauth_grant g;
    stir_error_t err;

    memset(&g, 0x5a, sizeof(g));
    ck_assert_msg(validate(tok, NOW + 10, &g, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(fetch_count, 1);
    ck_assert_int_eq(g.ca, 0);
    ck_assert_int_eq(g.exp, NOW + 3600);
    ck_assert_uint_eq(strlen(g.jti), 22); /* 16 random bytes in base64url */
    free(tok);
    tok = mint(ta_key, BASE "ta-leaf.pem", NULL, ID_HEX, D3_FINGERPRINT, 1, NOW, "j");
    ck_assert_msg(validate(tok, NOW, &g, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(g.ca, 1);
    ck_assert_str_eq(g.jti, "j");
    free(tok);
}
END_TEST

START_TEST(test_accepted_variants)
{
    stir_tkauth_policy p;
    stir_tkauth_grant g;
    stir_error_t err;
    char *tok;

    /* tkvalue as padded standard base64 (RFC 9447 §4 examples, field practice) */
    tok = craft(x5c_header("ES256", ta_leaf), claims_with("TNAuthList", ID_B64_PADDED,
                                                           D3_FINGERPRINT), ta_key);
    expect_ok(tok, NOW);
    free(tok);
    /* "TnAuthList" as RFC 9447 spells it */
    tok = craft(x5c_header("ES256", ta_leaf), claims_with("TnAuthList", ID_B64URL,
                                                           D3_FINGERPRINT), ta_key);
    expect_ok(tok, NOW);
    free(tok);
    /* the fingerprint as the raw base64url thumbprint, and in lower-case hex */
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_THUMBPRINT, 0, NOW, NULL);
    expect_ok(tok, NOW);
    free(tok);
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX,
               "sha256 23:5f:a9:34:3b:ee:45:d5:bd:a5:7f:33:e7:30:2e:1f:73:3a:38:24:b8:21:66:a5:"
               "78:c4:96:af:ac:f5:69:f6", 0, NOW, NULL);
    expect_ok(tok, NOW);
    free(tok);
    /* the SPKI fingerprint only behind the policy flag, and only with the key */
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_SPKI_FINGERPRINT, 0, NOW, NULL);
    policy_init(&p);
    ck_assert_int_eq(validate_with(tok, ID_HEX, acct_thumb, acct_key, NOW, &p, &g, &err),
                     STIR_E_REFUSED);
    ck_assert_ptr_nonnull(strstr(err.text, "fingerprint belongs to another account key"));
    p.accept_spki_fingerprint = 1;
    ck_assert_msg(validate_with(tok, ID_HEX, acct_thumb, acct_key, NOW, &p, &g, &err) == STIR_OK,
                  "%s", err.text);
    ck_assert_int_eq(validate_with(tok, ID_HEX, acct_thumb, NULL, NOW, &p, &g, &err),
                     STIR_E_REFUSED);
    ck_assert_int_eq(validate_with(tok, ID_HEX, other_thumb, other_acct_key, NOW, &p, &g, &err),
                     STIR_E_REFUSED);
    ck_assert_msg(strstr(err.text, "nor the SHA-256 of its SPKI") != NULL, "%s", err.text);
    free(tok);
    /* skew: exp + 60 s passes by default; a policy of 10 s is stricter */
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
    expect_ok(tok, NOW + 3600 + 60);
    policy_init(&p);
    p.skew = 10;
    ck_assert_int_eq(validate_with(tok, ID_HEX, acct_thumb, acct_key, NOW + 3600 + 11, &p, &g,
                                   &err), STIR_E_STALE);
    ck_assert_int_eq(validate_with(tok, ID_HEX, acct_thumb, acct_key, NOW + 3600 + 10, &p, &g,
                                   &err), STIR_OK);
    p.skew = -1;
    ck_assert_int_eq(validate_with(tok, ID_HEX, acct_thumb, acct_key, NOW, &p, &g, &err),
                     STIR_E_INVALID_ARG);
    free(tok);
    /* nbf within the skew */
    tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW + 60, NULL);
    expect_ok(tok, NOW);
    free(tok);
    /* a fractional NumericDate (RFC 7519 §2) and no nbf */
    tok = craft_raw("{\"alg\":\"ES256\",\"x5u\":\"" BASE "ta.pem\"}",
                    "{\"atc\":{\"tktype\":\"TNAuthList\",\"tkvalue\":\"" ID_B64URL "\","
                    "\"fingerprint\":\"" D3_THUMBPRINT "\"},\"exp\":1767226200.5,\"jti\":\"x\"}",
                    ta_key);
    ck_assert_msg(validate(tok, NOW, &g, &err) == STIR_OK, "%s", err.text);
    ck_assert_int_eq(g.exp, 1767226200);
    ck_assert_int_eq(g.ca, 0);
    free(tok);
}
END_TEST

/* ---- refused tokens ----------------------------------------------------------- */

/* One negative case: the token, when to validate, and what must come back. */
typedef struct bad_case {
    char *tok;
    int64_t now;
    const unsigned char *thumb;
    const char *id_hex;
    int no_anchors;
    stir_status st;
    const char *why;
} bad_case;

static bad_case make_case(int i)
{
    bad_case c = {NULL, NOW, acct_thumb, ID_HEX, 0, STIR_OK, NULL};
    json_t *h, *cl;
    char *big, *a, *b;

    switch (i) {
    case 0: /* bad signature: the TA's certificate, another key's signature */
        c.tok = mint(other_ta_key, BASE "ta.pem", NULL, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_SIGNATURE;
        c.why = "Authority Token signature does not verify with the key of token authority "
                "'CN=Test TA'";
        break;
    case 1: /* untrusted authority: a TA certificate from another root */
        c.tok = mint(other_ta_key, NULL, other_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_REFUSED;
        c.why = "untrusted token authority 'CN=Other TA': its certificate does not validate";
        break;
    case 2: /* expired */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.now = NOW + 3600 + 61;
        c.st = STIR_E_STALE;
        c.why = "Authority Token expired at 1767229200, 61 s before now (skew 60 s)";
        break;
    case 3: /* nbf in the future */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW + 61, NULL);
        c.st = STIR_E_STALE;
        c.why = "Authority Token is not valid before 1767225661, 61 s after now";
        break;
    case 4: /* wrong tktype */
        c.tok = craft(x5c_header("ES256", ta_leaf), claims_with("SPC", ID_B64URL, D3_FINGERPRINT),
                      ta_key);
        c.st = STIR_E_REFUSED;
        c.why = "atc.tktype \"SPC\" is not TNAuthList";
        break;
    case 5: /* tkvalue for other numbers */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, SPC_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_REFUSED;
        c.why = "atc.tkvalue names other numbers than the identifier: the token holds spc 1234, "
                "the identifier one 12155551212";
        break;
    case 6: /* fingerprint of another account */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.thumb = other_thumb;
        c.st = STIR_E_REFUSED;
        c.why = "atc.fingerprint belongs to another account key";
        break;
    case 7: /* missing jti */
        cl = claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT);
        json_object_del(cl, "jti");
        c.tok = craft(x5c_header("ES256", ta_leaf), cl, ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token has no \"jti\" claim";
        break;
    case 8: /* alg none, unsigned */
        c.tok = craft(x5c_header("none", ta_leaf),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), NULL);
        c.st = STIR_E_UNSUPPORTED;
        c.why = "Authority Token alg \"none\" is not accepted";
        break;
    case 9: /* alg HS256 */
        c.tok = craft(x5c_header("HS256", ta_leaf),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_UNSUPPORTED;
        c.why = "alg \"HS256\" is not accepted";
        break;
    case 10: /* both x5u and x5c */
        h = x5c_header("ES256", ta_leaf);
        json_object_set_new(h, "x5u", json_string(BASE "ta.pem"));
        c.tok = craft(h, claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "carries both of x5u and x5c";
        break;
    case 11: /* neither */
        c.tok = craft(json_pack("{s:s}", "alg", "ES256"),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "carries neither of x5u and x5c";
        break;
    case 12: /* http x5u */
        c.tok = craft(json_pack("{s:s, s:s}", "alg", "ES256", "x5u", "http://ta.test/ta.pem"),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_REFUSED;
        c.why = "x5u refused by the fetch policy: URL 'http://ta.test/ta.pem' is not https";
        break;
    case 13: /* not a JWS */
        c.tok = strdup("not-a-token");
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token is not a compact JWS: it has 1 segment(s), not 3";
        break;
    case 14:
        c.tok = strdup("a.b.c.d");
        c.st = STIR_E_MALFORMED;
        c.why = "it has 4 segment(s)";
        break;
    case 15:
        c.tok = strdup("abcd.e30.c2ln");
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token header is not valid JSON";
        break;
    case 16:
        c.tok = strdup("e30=.e30.c2ln");
        c.st = STIR_E_MALFORMED;
        c.why = "header segment: base64url holds '=' padding";
        break;
    case 17: /* x5u cannot be fetched */
        c.tok = mint(ta_key, BASE "down.pem", NULL, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_FETCH;
        c.why = "cannot fetch the token authority certificate from x5u " BASE
                "down.pem: Connection refused";
        break;
    case 18:
        c.tok = mint(ta_key, BASE "gone.pem", NULL, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_FETCH;
        c.why = "x5u " BASE "gone.pem: HTTP 404";
        break;
    case 19:
        c.tok = mint(ta_key, BASE "junk.pem", NULL, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_MALFORMED;
        c.why = "x5u " BASE "junk.pem does not hold a PEM certificate chain";
        break;
    case 20: /* the TA certificate has expired at now */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW + 400 * DAY, NULL);
        c.now = NOW + 400 * DAY;
        c.st = STIR_E_REFUSED;
        c.why = "untrusted token authority 'CN=Test TA': its certificate does not validate to "
                "the token-authority trust anchors: certificate has expired";
        break;
    case 21: /* a TA certificate that may not sign */
        c.tok = mint(ka_key, NULL, ka_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.st = STIR_E_REFUSED;
        c.why = "untrusted token authority 'CN=Key Agreement TA': its keyUsage does not allow "
                "digitalSignature";
        break;
    case 22: /* missing exp */
        cl = claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT);
        json_object_del(cl, "exp");
        c.tok = craft(x5c_header("ES256", ta_leaf), cl, ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token has no \"exp\" claim";
        break;
    case 23: /* missing atc */
        cl = claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT);
        json_object_del(cl, "atc");
        c.tok = craft(x5c_header("ES256", ta_leaf), cl, ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token has no \"atc\" claim";
        break;
    case 24: /* atc.ca not a boolean */
        cl = claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT);
        json_object_set_new(json_object_get(cl, "atc"), "ca", json_string("true"));
        c.tok = craft(x5c_header("ES256", ta_leaf), cl, ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "atc.ca is a JSON string, not a boolean";
        break;
    case 25: /* another hash name */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, "SHA1 AB:CD", 0, NOW, NULL);
        c.st = STIR_E_UNSUPPORTED;
        c.why = "atc.fingerprint uses the hash \"SHA1\"";
        break;
    case 26: /* a fingerprint that is no fingerprint */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, "SHA256 23-5F", 0, NOW, NULL);
        c.st = STIR_E_MALFORMED;
        c.why = "atc.fingerprint \"SHA256 23-5F\" is neither";
        break;
    case 27: /* tkvalue that does not decode */
        c.tok = craft(x5c_header("ES256", ta_leaf),
                      claims_with("TNAuthList", "MA!iDRYL", D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "atc.tkvalue does not decode as base64";
        break;
    case 28: /* too large */
        big = malloc(STIR_TKAUTH_MAX_LEN + 2);
        memset(big, 'a', STIR_TKAUTH_MAX_LEN + 1);
        big[STIR_TKAUTH_MAX_LEN + 1] = '\0';
        c.tok = big;
        c.st = STIR_E_TOO_LARGE;
        c.why = "Authority Token is longer than 16384 bytes";
        break;
    case 29:
        c.tok = strdup("");
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token is empty";
        break;
    case 30: /* one token's header and payload, another's signature */
        a = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, "a");
        b = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, "b");
        strcpy(strrchr(a, '.'), strrchr(b, '.'));
        free(b);
        c.tok = a;
        c.st = STIR_E_SIGNATURE;
        c.why = "signature does not verify";
        break;
    case 31: /* no anchors configured */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.no_anchors = 1;
        c.st = STIR_E_REFUSED;
        c.why = "untrusted token authority 'CN=Test TA': no token-authority trust anchors";
        break;
    case 32: /* duplicate claim names */
        c.tok = craft_raw("{\"alg\":\"ES256\",\"x5u\":\"" BASE "ta.pem\"}",
                          "{\"jti\":\"a\",\"jti\":\"b\"}", ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "Authority Token payload repeats a JSON member name";
        break;
    case 33: /* x5c not an array */
        c.tok = craft(json_pack("{s:s, s:s}", "alg", "ES256", "x5c", "MIIB"),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "header x5c is not an array";
        break;
    case 34: /* x5c entry not a certificate */
        c.tok = craft(json_pack("{s:s, s:[s]}", "alg", "ES256", "x5c", "AAAA"),
                      claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "x5c[0] is not one DER certificate";
        break;
    case 35: /* the identifier differs (same token as case 2's, other identifier) */
        c.tok = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        c.id_hex = SPC_HEX;
        c.st = STIR_E_REFUSED;
        c.why = "the token holds one 12155551212, the identifier spc 1234";
        break;
    case 36: /* a signature that is not 64 bytes */
        a = mint(ta_key, NULL, ta_leaf_pem, ID_HEX, D3_FINGERPRINT, 0, NOW, NULL);
        strcpy(strrchr(a, '.') + 1, "c2ln");
        c.tok = a;
        c.st = STIR_E_SIGNATURE;
        c.why = "signature is 3 bytes; ES256 needs 64";
        break;
    case 37: /* crit */
        h = x5c_header("ES256", ta_leaf);
        json_object_set_new(h, "crit", json_pack("[s]", "exp"));
        c.tok = craft(h, claims_with("TNAuthList", ID_B64URL, D3_FINGERPRINT), ta_key);
        c.st = STIR_E_MALFORMED;
        c.why = "header carries \"crit\"";
        break;
    }
    return c;
}

#define N_BAD_CASES 38

START_TEST(test_refused)
{
    bad_case c = make_case(_i);
    stir_tkauth_policy p;
    stir_tkauth_grant g;
    stir_error_t err;
    stir_status st;

    ck_assert_ptr_nonnull(c.tok);
    policy_init(&p);
    if (c.no_anchors)
        p.anchors = no_anchors;
    memset(&g, 0x5a, sizeof(g));
    st = validate_with(c.tok, c.id_hex, c.thumb, acct_key, c.now, &p, &g, &err);
    ck_assert_msg(st == c.st, "case %d: status %s (%s), want %s", _i, stir_status_name(st),
                  err.text, stir_status_name(c.st));
    ck_assert_int_eq(err.code, c.st);
    ck_assert_msg(strstr(err.text, c.why) != NULL, "case %d: '%s', want '%s'", _i, err.text,
                  c.why);
    /* the grant stays empty */
    ck_assert_int_eq(g.ca, 0);
    ck_assert_int_eq(g.exp, 0);
    ck_assert_str_eq(g.jti, "");
    free(c.tok);
}
END_TEST

START_TEST(test_invalid_arguments)
{
    stir_tkauth_policy p;
    stir_error_t err;
    unsigned char id[1] = {0x30};

    policy_init(&p);
    ck_assert_int_eq(stir_tkauth_validate(NULL, id, 1, acct_thumb, NULL, NOW, &p, NULL, &err),
                     STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_tkauth_validate("a.b.c", NULL, 0, acct_thumb, NULL, NOW, &p, NULL,
                                          &err), STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_tkauth_validate("a.b.c", id, 1, NULL, NULL, NOW, &p, NULL, &err),
                     STIR_E_INVALID_ARG);
    ck_assert_int_eq(stir_tkauth_validate("a.b.c", id, 1, acct_thumb, NULL, NOW, NULL, NULL,
                                          &err), STIR_E_INVALID_ARG);
    p.anchors = NULL;
    ck_assert_int_eq(stir_tkauth_validate("a.b.c", id, 1, acct_thumb, NULL, NOW, &p, NULL,
                                          &err), STIR_E_INVALID_ARG);
}
END_TEST

/* ---- minting refusals ---------------------------------------------------------- */

START_TEST(test_mint_refusals)
{
    stir_tkauth_mint_opts o;
    stir_error_t err;
    size_t len, badlen;
    unsigned char *der = tu_hex(ID_HEX, &len), *bad = tu_hex("3000", &badlen);
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    char *jwt = NULL, longjti[200];

#define BASE_OPTS()                                                                             \
    do {                                                                                        \
        memset(&o, 0, sizeof(o));                                                               \
        o.key = ta_key;                                                                         \
        o.x5c_pem = ta_leaf_pem;                                                                \
        o.tnauthlist_der = der;                                                                 \
        o.tnauthlist_len = len;                                                                 \
        o.fingerprint = D3_FINGERPRINT;                                                         \
        o.now = NOW;                                                                            \
    } while (0)
#define REFUSE(st, why)                                                                         \
    do {                                                                                        \
        ck_assert_int_eq(stir_tkauth_mint(&o, &jwt, &err), st);                                 \
        ck_assert_msg(strstr(err.text, why) != NULL, "'%s', want '%s'", err.text, why);         \
        ck_assert_ptr_null(jwt);                                                                \
    } while (0)

    BASE_OPTS();
    ck_assert_msg(stir_tkauth_mint(&o, &jwt, &err) == STIR_OK, "%s", err.text);
    free(jwt);
    jwt = NULL;
    BASE_OPTS();
    o.x5u = BASE "ta.pem";
    REFUSE(STIR_E_INVALID_ARG, "exactly one of x5u and x5c");
    BASE_OPTS();
    o.x5c_pem = NULL;
    REFUSE(STIR_E_INVALID_ARG, "exactly one of x5u and x5c");
    BASE_OPTS();
    o.x5c_pem = NULL;
    o.x5u = "http://ta.test/ta.pem";
    REFUSE(STIR_E_INVALID_ARG, "is not an https URL");
    BASE_OPTS();
    o.x5c_pem = other_leaf_pem;
    REFUSE(STIR_E_INVALID_ARG, "x5c leaf certificate does not hold the token authority's key");
    BASE_OPTS();
    o.x5c_pem = "not pem";
    REFUSE(STIR_E_MALFORMED, "x5c certificate chain: ");
    BASE_OPTS();
    o.tnauthlist_der = bad;
    o.tnauthlist_len = badlen;
    REFUSE(STIR_E_MALFORMED, "atc.tkvalue: ");
    BASE_OPTS();
    o.key = rsa;
    REFUSE(STIR_E_UNSUPPORTED, "token authority key: ");
    BASE_OPTS();
    o.fingerprint = "";
    REFUSE(STIR_E_INVALID_ARG, "no atc.fingerprint");
    BASE_OPTS();
    o.lifetime = -5;
    REFUSE(STIR_E_INVALID_ARG, "negative token lifetime");
    BASE_OPTS();
    memset(longjti, 'j', sizeof(longjti) - 1);
    longjti[sizeof(longjti) - 1] = '\0';
    o.jti = longjti;
    REFUSE(STIR_E_INVALID_ARG, "jti must have 1 to 127 bytes");
    BASE_OPTS();
    o.fingerprint = "SHA256 \xff";
    REFUSE(STIR_E_MALFORMED, "fingerprint is not a UTF-8 string");
    ck_assert_int_eq(stir_tkauth_mint(NULL, &jwt, &err), STIR_E_INVALID_ARG);
#undef BASE_OPTS
#undef REFUSE
    EVP_PKEY_free(rsa);
    free(der);
    free(bad);
}
END_TEST

static Suite *tkauth_suite(void)
{
    Suite *s = suite_create("tkauth");
    TCase *tc = tcase_create("tkauth");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_mint_x5c_then_validate);
    tcase_add_test(tc, test_mint_x5u_then_validate);
    tcase_add_test(tc, test_accepted_variants);
    tcase_add_loop_test(tc, test_refused, 0, N_BAD_CASES);
    tcase_add_test(tc, test_invalid_arguments);
    tcase_add_test(tc, test_mint_refusals);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(tkauth_suite());
}
