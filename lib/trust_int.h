/* The trust-anchor set's insides, shared with chain checking. */
#ifndef STIR_TRUST_INT_H
#define STIR_TRUST_INT_H

#include <openssl/x509_vfy.h>

struct stir_trust {
    STACK_OF(X509) *anchors; /* for issuer look-ups and messages */
    X509_STORE *store;       /* the same certificates, for X509_verify_cert */
};

#endif
