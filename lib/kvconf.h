/* key = value configuration files (ca.conf, the ACME server's). Internal. */
#ifndef STIR_KVCONF_H
#define STIR_KVCONF_H

#include "stirkit/error.h"

/* Applies one setting; returns STIR_OK or fills err (without the line). */
typedef stir_status (*skit_kv_fn)(void *arg, const char *key, const char *value,
                                  stir_error_t *err);

/*
 * Calls fn for each "key = value" line of text (NUL-terminated); '#'
 * starts a comment; blank lines are skipped. Errors name "FILE line N:".
 * Returns STIR_OK, STIR_E_MALFORMED (no '='), fn's error, STIR_E_NOMEM.
 */
stir_status skit_kv_parse(const char *text, const char *file, skit_kv_fn fn, void *arg,
                          stir_error_t *err);

#endif
