/* key = value configuration text: '#' comments, blank lines, trimmed keys and values. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "error_int.h"
#include "kvconf.h"

static char *trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

stir_status skit_kv_parse(const char *text, const char *file, skit_kv_fn fn, void *arg,
                          stir_error_t *err)
{
    char *copy = strdup(text), *next, *linep;
    stir_status st = STIR_OK;
    int line = 0;

    if (copy == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading %s", file);
    for (linep = copy; linep != NULL && st == STIR_OK; linep = next) {
        char *nl = strchr(linep, '\n'), *hash, *eq;

        next = nl != NULL ? nl + 1 : NULL;
        if (nl != NULL)
            *nl = '\0';
        line++;
        hash = strchr(linep, '#');
        if (hash != NULL)
            *hash = '\0';
        if (*trim(linep) == '\0')
            continue;
        eq = strchr(linep, '=');
        if (eq == NULL) {
            st = skit_fail(err, STIR_E_MALFORMED, "%s line %d: expected key = value", file, line);
            break;
        }
        *eq = '\0';
        st = fn(arg, trim(linep), trim(eq + 1), err);
        if (st != STIR_OK)
            skit_error_prefix(err, st, "%s line %d: ", file, line);
    }
    free(copy);
    return st;
}
