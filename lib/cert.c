/* Naming certificates and key identifiers in messages and output. */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>

#include "stirkit/cert.h"
#include "chain_int.h"
#include "error_int.h"

char *stir_name_format(const X509_NAME *name, char *buf, size_t n)
{
    BIO *bio;
    char *mem;
    long len;

    if (buf == NULL || n == 0)
        return buf;
    buf[0] = '\0';
    bio = BIO_new(BIO_s_mem());
    if (bio == NULL || name == NULL ||
        X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
        BIO_free(bio);
        return buf;
    }
    len = BIO_get_mem_data(bio, &mem);
    if (len < 0)
        len = 0;
    if ((size_t)len < n) {
        memcpy(buf, mem, (size_t)len);
        buf[len] = '\0';
    } else if (n > 4) {
        memcpy(buf, mem, n - 4);
        buf[n - 4] = '\0';
        skit_utf8_trim_tail(buf);
        strcat(buf, "...");
    }
    BIO_free(bio);
    return buf;
}

char *stir_hex_format(const unsigned char *bytes, size_t len, char *buf, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;

    if (buf == NULL || n == 0)
        return buf;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        buf[o++] = hex[bytes[i] >> 4];
        buf[o++] = hex[bytes[i] & 15];
    }
    buf[o] = '\0';
    return buf;
}

int64_t skit_time_to_unix(const ASN1_TIME *t)
{
    ASN1_TIME *epoch = ASN1_TIME_set(NULL, 0);
    int days = 0, secs = 0;
    int ok = epoch != NULL && t != NULL && ASN1_TIME_diff(&days, &secs, epoch, t);

    ASN1_TIME_free(epoch);
    return ok ? (int64_t)days * 86400 + secs : 0;
}
