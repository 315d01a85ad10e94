/* Names, serials, reasons and times as the CA reads and writes them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "ca_int.h"
#include "error_int.h"

stir_status stir_ca_profile_from_name(const char *name, stir_ca_profile *out,
                                      stir_error_t *err)
{
    if (name != NULL && out != NULL && strcmp(name, "delegate") == 0) {
        *out = STIR_PROFILE_DELEGATE;
        return STIR_OK;
    }
    if (name != NULL && out != NULL && strcmp(name, "shaken") == 0) {
        *out = STIR_PROFILE_SHAKEN;
        return STIR_OK;
    }
    return skit_fail(err, STIR_E_INVALID_ARG, "unknown profile '%.32s'; use delegate or shaken",
                     name != NULL ? name : "(null)");
}

const char *stir_ca_profile_name(stir_ca_profile profile)
{
    return profile == STIR_PROFILE_SHAKEN ? "shaken" : "delegate";
}

/* RFC 5280 §5.3.1 CRLReason; 7 is unused. */
static const char *const reasons[] = {
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
    "superseded", "cessationOfOperation", "certificateHold", NULL,
    "removeFromCRL", "privilegeWithdrawn", "aACompromise",
};

const char *stir_crl_reason_name(int reason)
{
    if (reason < 0 || reason >= (int)(sizeof(reasons) / sizeof(reasons[0])))
        return NULL;
    return reasons[reason];
}

stir_status stir_crl_reason_from_name(const char *name, int *reason, stir_error_t *err)
{
    for (int i = 0; name != NULL && reason != NULL &&
                    i < (int)(sizeof(reasons) / sizeof(reasons[0]));
         i++) {
        if (reasons[i] != NULL && strcasecmp(name, reasons[i]) == 0) {
            *reason = i;
            return STIR_OK;
        }
    }
    return skit_fail(err, STIR_E_INVALID_ARG,
                     "unknown revocation reason '%.40s' (RFC 5280 §5.3.1 names: unspecified, "
                     "keyCompromise, cACompromise, affiliationChanged, superseded, "
                     "cessationOfOperation, certificateHold, removeFromCRL, privilegeWithdrawn, "
                     "aACompromise)", name != NULL ? name : "(null)");
}

/* Adds "TYPE=value" to name. */
static stir_status add_rdn(X509_NAME *name, const char *rdn, stir_error_t *err)
{
    const char *eq = strchr(rdn, '=');
    char type[64];

    if (eq == NULL || eq == rdn || (size_t)(eq - rdn) >= sizeof(type) || eq[1] == '\0')
        return skit_fail(err, STIR_E_MALFORMED, "'%.60s' is not TYPE=value", rdn);
    memcpy(type, rdn, (size_t)(eq - rdn));
    type[eq - rdn] = '\0';
    if (!X509_NAME_add_entry_by_txt(name, type, MBSTRING_UTF8, (const unsigned char *)eq + 1, -1,
                                    -1, 0)) {
        ERR_clear_error();
        return skit_fail(err, STIR_E_MALFORMED, "'%.60s' is not a known attribute type or value",
                         rdn);
    }
    return STIR_OK;
}

stir_status skit_parse_dn(const char *text, X509_NAME **out, stir_error_t *err)
{
    X509_NAME *name = X509_NAME_new();
    char *copy = strdup(text != NULL ? text : ""), *save = NULL;
    int slash = text != NULL && text[0] == '/';
    stir_status st = STIR_OK;
    char *parts[32];
    int n = 0;

    if (name == NULL || copy == NULL) {
        X509_NAME_free(name);
        free(copy);
        return skit_fail(err, STIR_E_NOMEM, "out of memory parsing a DN");
    }
    for (char *tok = strtok_r(copy, slash ? "/" : ",", &save); tok != NULL && n < 32;
         tok = strtok_r(NULL, slash ? "/" : ",", &save)) {
        while (isspace((unsigned char)*tok))
            tok++;
        parts[n++] = tok;
    }
    if (n == 0)
        st = skit_fail(err, STIR_E_MALFORMED, "subject DN is empty");
    /* "/C=US/O=X/CN=Y" lists the most significant RDN first; RFC 2253 last. */
    for (int i = 0; i < n && st == STIR_OK; i++)
        st = add_rdn(name, parts[slash ? i : n - 1 - i], err);
    free(copy);
    if (st != STIR_OK) {
        X509_NAME_free(name);
        return skit_error_prefix(err, st, "subject DN: ");
    }
    *out = name;
    return STIR_OK;
}

char *skit_tnauthlist_text(const stir_tnauthlist *tnal)
{
    size_t n = stir_tnauthlist_count(tnal), cap = n * STIR_TNENTRY_TEXT_SIZE + 1, len = 0;
    char *s = malloc(cap);

    if (s == NULL)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char e[STIR_TNENTRY_TEXT_SIZE];

        len += (size_t)snprintf(s + len, cap - len, "%s%s", i ? "; " : "",
                                stir_tnentry_format(stir_tnauthlist_get0_entry(tnal, i), e,
                                                    sizeof(e)));
    }
    return s;
}

char *skit_serial_hex(const ASN1_INTEGER *serial)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;

    BN_free(bn);
    return hex;
}
