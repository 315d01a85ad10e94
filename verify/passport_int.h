/* Internal entry points of the PASSporT module. */
#ifndef STIR_PASSPORT_INT_H
#define STIR_PASSPORT_INT_H

#include "stirkit/passport.h"
#include "es256.h"

/*
 * stir_passport_verify_signature with a prepared key: the header's alg must
 * be ES256 (else STIR_E_UNSUPPORTED); the signature is checked over the
 * received segments. STIR_OK, STIR_E_SIGNATURE, STIR_E_MALFORMED.
 */
stir_status skit_passport_verify_es256(const stir_passport *p, const skit_es256_key *k,
                                       stir_error_t *err);

#endif
