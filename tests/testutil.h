/* Helpers shared by the check unit tests. */
#ifndef STIR_TESTUTIL_H
#define STIR_TESTUTIL_H

#include <stddef.h>

#include "stirkit/stirkit.h"

/* Decodes hex (upper or lower case); aborts on bad input. Free with free(). */
unsigned char *tu_hex(const char *hex, size_t *len);

/*
 * Reads a file whole (NUL-terminated). A relative path is taken under
 * $STIR_SRCDIR (source tree) when under_pki is 0, under $STIR_PKI_DIR when 1.
 * Aborts when it cannot. Free with free().
 */
char *tu_read(const char *path, int under_pki, size_t *len);

/* A TNAuthList from space-separated text entries ("range:S:C one:T spc:X"). */
stir_tnauthlist *tu_tnal(const char *entries);

/* Runs the suite (takes it); returns main's exit status. */
struct Suite;
int tu_run(struct Suite *s);

#endif
