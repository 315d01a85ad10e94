/* Deterministic JSON for PASSporT (RFC 8225 §9) on top of jansson. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stirkit/passport.h"
#include "error_int.h"

/* Deepest nesting accepted; a PASSporT needs three levels. */
#define CANON_MAX_DEPTH 64

/* Appends ".key" or "[i]" to a JSON path for error messages (truncates). */
static void path_push(char *path, size_t size, const char *key, size_t index)
{
    size_t n = strlen(path);

    if (n + 1 >= size)
        return;
    if (key != NULL)
        snprintf(path + n, size - n, ".%s", key);
    else
        snprintf(path + n, size - n, "[%zu]", index);
}

/*
 * Refuses what §9 cannot express: reals ("numbers are to be encoded as
 * integers") and runaway nesting. path: the JSON path of v, for messages.
 */
static stir_status check_value(const json_t *v, int depth, char *path, size_t size,
                               stir_error_t *err)
{
    size_t len = strlen(path);
    stir_status st = STIR_OK;

    if (depth > CANON_MAX_DEPTH)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JSON value at %s is nested deeper than %d levels", path,
                         CANON_MAX_DEPTH);
    if (json_is_real(v))
        return skit_fail(err, STIR_E_MALFORMED,
                         "JSON value at %s is a real number (%g); RFC 8225 §9 encodes "
                         "numbers as integers", path, json_real_value(v));
    if (json_is_object(v)) {
        const char *key;
        json_t *member;

        /* jansson's iterator takes a non-const object; nothing is modified. */
        json_object_foreach((json_t *)v, key, member) {
            path_push(path, size, key, 0);
            st = check_value(member, depth + 1, path, size, err);
            path[len] = '\0';
            if (st != STIR_OK)
                return st;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            path_push(path, size, NULL, i);
            st = check_value(json_array_get(v, i), depth + 1, path, size, err);
            path[len] = '\0';
            if (st != STIR_OK)
                return st;
        }
    }
    return STIR_OK;
}

stir_status stir_json_canonical(const json_t *v, char **out, stir_error_t *err)
{
    /*
     * JSON_COMPACT: no whitespace; JSON_SORT_KEYS: member names in bytewise
     * order, which for UTF-8 is code-point order; no JSON_ESCAPE_SLASH and
     * no JSON_ENSURE_ASCII. jansson sorts nested objects too.
     */
    const size_t flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY;
    char path[256] = "$";
    stir_status st;
    size_t n;
    char *s;

    if (v == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL JSON value or output");
    st = check_value(v, 0, path, sizeof(path), err);
    if (st != STIR_OK)
        return st;
    n = json_dumpb(v, NULL, 0, flags);
    if (n == 0)
        return skit_fail(err, STIR_E_NOMEM, "jansson could not serialise the JSON value");
    s = malloc(n + 1);
    if (s == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory serialising JSON");
    if (json_dumpb(v, s, n, flags) != n) {
        free(s);
        return skit_fail(err, STIR_E_INTERNAL, "jansson serialised the JSON value differently "
                                               "twice");
    }
    s[n] = '\0';
    *out = s;
    return STIR_OK;
}
