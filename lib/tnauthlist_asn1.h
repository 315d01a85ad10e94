/*
 * OpenSSL ASN.1 templates for TNAuthorizationList (RFC 8226 Appendix A,
 * EXPLICIT tags). Internal; the public view is stirkit/tnauthlist.h.
 */
#ifndef STIR_TNAUTHLIST_ASN1_H
#define STIR_TNAUTHLIST_ASN1_H

#include <openssl/asn1t.h>
#include <openssl/safestack.h>

typedef struct TNRange_st {
    ASN1_IA5STRING *start;
    ASN1_INTEGER *count;
} TN_RANGE;

#define TN_ENTRY_SPC 0
#define TN_ENTRY_RANGE 1
#define TN_ENTRY_ONE 2

typedef struct TNEntry_st {
    int type;
    union {
        ASN1_IA5STRING *spc;
        TN_RANGE *range;
        ASN1_IA5STRING *one;
    } u;
} TN_ENTRY;

DEFINE_STACK_OF(TN_ENTRY)
typedef STACK_OF(TN_ENTRY) TN_AUTH_LIST;

DECLARE_ASN1_FUNCTIONS(TN_RANGE)
DECLARE_ASN1_FUNCTIONS(TN_ENTRY)
DECLARE_ASN1_FUNCTIONS(TN_AUTH_LIST)

#endif
