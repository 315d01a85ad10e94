/* Internal parts of the TNAuthList module. */
#ifndef STIR_TNAUTHLIST_INT_H
#define STIR_TNAUTHLIST_INT_H

#include <stddef.h>

#include "stirkit/tnauthlist.h"

/*
 * Called when d2i of a TNAuthorizationList failed: walks the TLV headers to
 * name the first structural fault (implicit tags, wrong string type,
 * truncation, BER lengths, extra range elements ...). Always returns
 * STIR_E_MALFORMED with err filled.
 */
stir_status skit_tnal_diagnose(const unsigned char *der, size_t len,
                               stir_error_t *err);

/*
 * Offset of the first encoding DER forbids in der (a non-minimal or
 * indefinite length, a constructed string), with *why saying which; -1 when
 * none is found.
 */
long skit_der_first_ber(const unsigned char *der, size_t len, const char **why);

#endif
