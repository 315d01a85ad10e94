/*
 * The value rules of RFC 8226 Appendix A, shared by the TNAuthList parser,
 * the list builder and TN sets. Internal.
 */
#ifndef STIR_TNENTRY_RULES_H
#define STIR_TNENTRY_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "stirkit/error.h"

/*
 * TelephoneNumber: 1..15 characters of [0-9#*]. s need not be
 * NUL-terminated; len is its length in bytes. what names the field in the
 * error ("TN", "range start"). STIR_OK or STIR_E_MALFORMED.
 */
stir_status skit_check_tn(const char *s, size_t len, const char *what,
                          stir_error_t *err);

/* ServiceProviderCode: 1..STIR_SPC_MAX_LEN bytes of IA5 (0x01..0x7F). */
stir_status skit_check_spc(const char *s, size_t len, stir_error_t *err);

/*
 * TelephoneNumberRange: start is a valid TN of digits only, count >= 2 and
 * start + count - 1 has start's digit count. STIR_OK or STIR_E_MALFORMED.
 */
stir_status skit_check_range(const char *start, size_t len, uint64_t count,
                             stir_error_t *err);

/* 10^n for n in 0..19. */
uint64_t skit_pow10(unsigned n);

#endif
