/* Helpers shared by the lint rules: extensions, policies, keys, names. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "stirkit/cert.h"
#include "lint_int.h"

const skit_lint_cert *skit_lint_cert_at(const skit_lint_ctx *ctx, int i)
{
    return i >= 0 && (size_t)i < ctx->n ? &ctx->certs[i] : NULL;
}

int skit_lint_ext(const X509 *x, int nid, int *critical)
{
    int count = 0, idx = -1;

    while ((idx = X509_get_ext_by_NID(x, nid, idx)) >= 0) {
        if (count++ == 0 && critical != NULL)
            *critical = X509_EXTENSION_get_critical(X509_get_ext(x, idx)) != 0;
    }
    return count;
}

/* The SHAKEN CP arc 2.16.840.1.114569.1.1 and its known minor versions. */
#define SHAKEN_CP_ARC "2.16.840.1.114569.1.1."

int skit_lint_shaken_cp(const X509 *x)
{
    CERTIFICATEPOLICIES *cp = X509_get_ext_d2i(x, NID_certificate_policies, NULL, NULL);
    int best = 0;

    for (int i = 0; cp != NULL && i < sk_POLICYINFO_num(cp); i++) {
        char oid[80];
        size_t arc = strlen(SHAKEN_CP_ARC);

        OBJ_obj2txt(oid, sizeof(oid), sk_POLICYINFO_value(cp, i)->policyid, 1);
        if (strncmp(oid, SHAKEN_CP_ARC, arc) == 0 && oid[arc] >= '1' && oid[arc] <= '4' &&
            oid[arc + 1] == '\0' && oid[arc] - '0' > best)
            best = oid[arc] - '0';
    }
    CERTIFICATEPOLICIES_free(cp);
    return best;
}

int skit_lint_under_cp_1_4(const skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    if (skit_lint_shaken_cp(c->x) >= 4)
        return 1;
    if (c->role != SKIT_ROLE_ROOT)
        return 0;
    for (size_t i = 0; i < ctx->n; i++)
        if (ctx->certs[i].up == c->index && (int)i != c->index &&
            skit_lint_shaken_cp(ctx->certs[i].x) >= 4)
            return 1;
    return 0;
}

int skit_lint_ec_curve(const X509 *x)
{
    EVP_PKEY *key = X509_get0_pubkey(x);
    char group[64];

    if (key == NULL || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
        !EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof(group), NULL))
        return NID_undef;
    return OBJ_txt2nid(group);
}

char *skit_lint_key_name(const X509 *x, char *buf, size_t n)
{
    EVP_PKEY *key = X509_get0_pubkey(x);
    int curve = skit_lint_ec_curve(x);
    const char *type;

    if (key == NULL) {
        snprintf(buf, n, "an unreadable key");
        return buf;
    }
    if (curve != NID_undef) {
        const char *nist = EC_curve_nid2nist(curve);

        snprintf(buf, n, "EC %s", nist != NULL ? nist : OBJ_nid2sn(curve));
        return buf;
    }
    type = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA)
        snprintf(buf, n, "RSA %d", EVP_PKEY_get_bits(key));
    else
        snprintf(buf, n, "%s",
                 type != NULL && strcmp(type, "UNDEF") != 0 ? type : "an unknown key");
    return buf;
}

int skit_lint_name_attr(const X509_NAME *name, int nid, char *buf, size_t n)
{
    int count = 0, idx = -1;

    if (n > 0)
        buf[0] = '\0';
    while ((idx = X509_NAME_get_index_by_NID(name, nid, idx)) >= 0) {
        if (count++ == 0 && n > 0) {
            unsigned char *utf8 = NULL;
            int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
                                                     X509_NAME_get_entry(name, idx)));

            if (len >= 0)
                snprintf(buf, n, "%.*s", len, (const char *)utf8);
            OPENSSL_free(utf8);
        }
    }
    return count;
}

char *skit_lint_time_text(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "%lld", (long long)t);
    return buf;
}

char *skit_lint_hex(const ASN1_OCTET_STRING *s, char *buf, size_t n)
{
    if (s == NULL) {
        snprintf(buf, n, "(none)");
        return buf;
    }
    return stir_hex_format(ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s), buf, n);
}

char *skit_lint_ku_text(uint32_t ku, char *buf, size_t n)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } bits[] = {
        {KU_DIGITAL_SIGNATURE, "digitalSignature"}, {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},   {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},         {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},                   {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"},
    };
    size_t o = 0;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
        if ((ku & bits[i].bit) == 0)
            continue;
        int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", bits[i].name);

        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    if (o == 0)
        snprintf(buf, n, "(no bits)");
    return buf;
}

int skit_lint_contains_nocase(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);

    for (; *hay != '\0'; hay++) {
        size_t i = 0;

        while (i < nl && hay[i] != '\0' &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == nl)
            return 1;
    }
    return nl == 0;
}
