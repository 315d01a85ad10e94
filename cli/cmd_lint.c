/*
 * stirkit chain lint - lint a PEM bundle against the SHAKEN (ATIS-1000080)
 * or RFC 9060 delegate profile; stirkit x5u lint - fetch an x5u URL and
 * lint the response (HTTP rules, strict PEM) and the chain it serves.
 * Wired as verbs of "chain" and "x5u" (cli/cmd_chain.c, cli/cmd_x5u.c).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stirkit/lint.h"
#include "cli.h"

static const char chain_lint_usage[] =
    "usage: stirkit chain lint --profile shaken|delegate [--at UNIXTIME] [--json] BUNDLE\n"
    "       stirkit chain lint --list-rules [--profile P] [--json]\n"
    "\n"
    "Runs every rule of the profile on every certificate of the PEM bundle and\n"
    "on the bundle as a chain, and prints one line per finding:\n"
    "  BUNDLE: cert N 'SUBJECT': SEVERITY: ID: what is wrong [source]\n"
    "  BUNDLE: chain: SEVERITY: ID: what is wrong [source]\n"
    "Rules apply by each certificate's notBefore (older certificates are judged\n"
    "by the rules of their time). testdata/lint-rules.md lists them.\n"
    "  --profile P        shaken (ATIS-1000080 v005) or delegate (RFC 9060)\n"
    "  --at UNIXTIME      lint time for validity, seconds since 1970 (default: now)\n"
    "  --json             {\"findings\":[...],\"summary\":{...}} on one line\n"
    "  --list-rules       print the rule catalogue (of one profile with --profile)\n"
    "Exit 0 no error found, 1 errors found, 2 when BUNDLE is not a certificate bundle.\n";

static const char x5u_lint_usage[] =
    "usage: stirkit x5u lint URL [--allow-address IP] [--allow-port PORT] [--tls-ca FILE]\n"
    "                            [--profile shaken|delegate] [--at UNIXTIME] [--json]\n"
    "\n"
    "Fetches URL with the x5u fetcher (https, no redirects, size and time caps) and\n"
    "lints the response - URL scheme and port, status 200, Content-Type\n"
    "application/pem-certificate-chain, Cache-Control max-age >= 86400, strict PEM\n"
    "without text around the blocks - then the chain it serves, as 'stirkit chain\n"
    "lint' does. Lines start with URL.\n"
    "  --allow-address IP  fetch from this special-purpose address (repeatable; tests)\n"
    "  --allow-port PORT   fetch from this port too (repeatable; default 443, 8443)\n"
    "  --tls-ca FILE       PEM bundle trusted for TLS (default: the system's)\n"
    "  --profile P         shaken (default) or delegate\n"
    "  --at UNIXTIME       lint time (default: now)\n"
    "  --json              {\"findings\":[...],\"summary\":{...}} on one line\n"
    "Exit 0 no error found, 1 errors found, 2 when the URL cannot be fetched.\n";

/* Collects findings for output. */
typedef struct {
    const char *label; /* BUNDLE or URL, the first word of each line */
    int json;
    json_t *list;
} printer;

/* A JSON string of s even when s is not UTF-8 (other bytes become '?'). */
static json_t *json_text(const char *s)
{
    json_t *v = json_string(s);
    char *copy;

    if (v != NULL)
        return v;
    copy = strdup(s);
    if (copy == NULL)
        return json_null();
    for (char *p = copy; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    free(copy);
    return v != NULL ? v : json_null();
}

static void on_finding(const stir_lint_finding *f, void *arg)
{
    printer *p = arg;

    if (p->json) {
        json_t *o = json_object();

        json_object_set_new(o, "id", json_string(f->id));
        json_object_set_new(o, "severity", json_string(stir_lint_severity_name(f->severity)));
        json_object_set_new(o, "position", json_integer(f->position));
        json_object_set_new(o, "subject", f->position >= 0 ? json_text(f->subject) : json_null());
        json_object_set_new(o, "source", json_text(f->source));
        json_object_set_new(o, "text", json_text(f->text));
        json_array_append_new(p->list, o);
        return;
    }
    if (f->position < 0) {
        const stir_lint_rule_info *r = stir_lint_rule_find(f->id);

        printf("%s: %s: ", p->label, r != NULL && strcmp(r->scope, "x5u") == 0 ? "x5u" : "chain");
    } else if (f->subject[0] != '\0') {
        printf("%s: cert %d '%s': ", p->label, f->position, f->subject);
    } else {
        printf("%s: cert %d: ", p->label, f->position);
    }
    printf("%s: %s: %s [%s]\n", stir_lint_severity_name(f->severity), f->id, f->text, f->source);
}

/* Prints the summary (text) or the whole JSON document; the exit code. */
static int finish(printer *p, const stir_lint_summary *s)
{
    if (p->json) {
        json_t *o = json_object();

        json_object_set_new(o, "findings", p->list);
        p->list = NULL;
        json_object_set_new(o, "summary",
                            json_pack("{s:I,s:I,s:I}", "errors", (json_int_t)s->errors,
                                      "warnings", (json_int_t)s->warnings, "notices",
                                      (json_int_t)s->notices));
        cli_print_json(o);
    } else {
        printf("%s: %zu error%s, %zu warning%s, %zu notice%s\n", p->label, s->errors,
               s->errors == 1 ? "" : "s", s->warnings, s->warnings == 1 ? "" : "s", s->notices,
               s->notices == 1 ? "" : "s");
    }
    fflush(stdout);
    return s->errors > 0 ? EXIT_INVALID : EXIT_VALID;
}

/* ---- stirkit chain lint --list-rules ---------------------------------------- */

static char *date_text(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, n, "%Y-%m-%d", &tm) == 0)
        snprintf(buf, n, "%" PRId64, t);
    return buf;
}

static int list_rules(int json, int has_profile, stir_lint_profile profile)
{
    json_t *list = json ? json_array() : NULL;

    for (size_t i = 0; i < stir_lint_rule_count(); i++) {
        const stir_lint_rule_info *r = stir_lint_rule_get0(i);
        char from[16], until[16] = "";
        int shaken = (r->profiles & STIR_LINT_PROFILE_BIT(STIR_LINT_PROFILE_SHAKEN)) != 0;
        int delegate = (r->profiles & STIR_LINT_PROFILE_BIT(STIR_LINT_PROFILE_DELEGATE)) != 0;
        const char *profiles = shaken && delegate ? "shaken,delegate"
                               : shaken           ? "shaken"
                                                  : "delegate";

        if (has_profile && !(r->profiles & STIR_LINT_PROFILE_BIT(profile)))
            continue;
        date_text(r->effective, from, sizeof(from));
        if (r->ineffective != 0)
            date_text(r->ineffective, until, sizeof(until));
        if (json) {
            json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", r->id, "severity",
                                  stir_lint_severity_name(r->severity), "profiles", profiles,
                                  "scope", r->scope, "source", r->source, "effective", from,
                                  "description", r->description);

            json_object_set_new(o, "ineffective",
                                r->ineffective ? json_string(until) : json_null());
            json_array_append_new(list, o);
        } else {
            printf("%-40s %-7s %-15s %-11s %s%s%s [%s]: %s\n", r->id,
                   stir_lint_severity_name(r->severity), profiles, r->scope, from,
                   r->ineffective ? " to " : "", until, r->source, r->description);
        }
    }
    if (json)
        cli_print_json(json_pack("{s:o}", "rules", list));
    return EXIT_VALID;
}

/* ---- stirkit chain lint ------------------------------------------------------ */

int cmd_chain_lint(int argc, char **argv)
{
    static const struct option opts[] = {
        {"profile", required_argument, NULL, 'p'},
        {"at", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"list-rules", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "chain lint";
    stir_lint_opts o;
    stir_lint_summary summary;
    stir_error_t err;
    stir_status st;
    printer p;
    unsigned char *buf = NULL;
    size_t len;
    int c, has_profile = 0, list = 0;

    memset(&o, 0, sizeof(o));
    memset(&p, 0, sizeof(p));
    o.at = (int64_t)time(NULL);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (stir_lint_profile_from_name(optarg, &o.profile, &err) != STIR_OK)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "--profile: %s", err.text);
            has_profile = 1;
            break;
        case 'a':
            if (cli_parse_time(what, "--at", optarg, &o.at) >= 0)
                return EXIT_CANNOT_JUDGE;
            break;
        case 'j': p.json = 1; break;
        case 'l': list = 1; break;
        case 'h': fputs(chain_lint_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (list) {
        if (optind != argc)
            return cli_fail(EXIT_CANNOT_JUDGE, what, "--list-rules takes no BUNDLE");
        return list_rules(p.json, has_profile, o.profile);
    }
    if (argc - optind != 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one BUNDLE file (or - for stdin)");
    if (!has_profile)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs --profile shaken or --profile delegate");
    p.label = argv[optind];
    if (cli_read_file(what, argv[optind], &buf, &len) != 0)
        return EXIT_CANNOT_JUDGE;
    if (p.json && (p.list = json_array()) == NULL) {
        free(buf);
        return cli_fail(EXIT_INTERNAL, what, "out of memory");
    }
    st = stir_lint_bundle((const char *)buf, len, &o, on_finding, &p, &summary, &err);
    free(buf);
    if (st != STIR_OK) {
        json_decref(p.list);
        return cli_fail(cli_exit_for(st), what, "%s: %s", argv[optind], err.text);
    }
    return finish(&p, &summary);
}

/* ---- stirkit x5u lint -------------------------------------------------------- */

/* The port of an absolute URL (443 for https, 80 for http when absent),
 * or 0 when it cannot be read. Only for judging the port rule. */
static unsigned long url_port(const char *url)
{
    const char *s = strstr(url, "://"), *host, *end, *colon = NULL;
    char *stop;
    unsigned long port;

    if (s == NULL)
        return 0;
    host = s + 3;
    end = host + strcspn(host, "/?#");
    for (const char *q = host; q < end; q++)
        if (*q == '@')
            host = q + 1;
    if (*host == '[') {
        const char *br = memchr(host, ']', (size_t)(end - host));

        if (br != NULL && br + 1 < end && br[1] == ':')
            colon = br + 1;
    } else {
        for (const char *q = host; q < end; q++)
            if (*q == ':')
                colon = q;
    }
    if (colon == NULL || colon + 1 == end)
        return strncmp(url, "http://", 7) == 0 ? 80 : 443;
    errno = 0;
    port = strtoul(colon + 1, &stop, 10);
    return stop == end && errno == 0 && port <= 65535 ? port : 0;
}

typedef struct {
    stir_fetch_opts fetch;
    stir_lint_opts lint;
    const char *url;
    int json;
} x5u_args;

static int parse_x5u_args(int argc, char **argv, x5u_args *a)
{
    static const struct option opts[] = {
        {"allow-address", required_argument, NULL, 'A'},
        {"allow-port", required_argument, NULL, 'P'},
        {"tls-ca", required_argument, NULL, 'C'},
        {"profile", required_argument, NULL, 'p'},
        {"at", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "x5u lint";
    stir_error_t err;
    long port;
    int c;

    memset(a, 0, sizeof(*a));
    a->lint.at = (int64_t)time(NULL);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'A':
            if (a->fetch.n_allow == STIR_FETCH_MAX_ALLOW)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "too many --allow-address options");
            if (stir_address_is_special(optarg) < 0)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "--allow-address: '%s' is not an IP "
                                "address", optarg);
            a->fetch.allow_addresses[a->fetch.n_allow++] = optarg;
            break;
        case 'P':
            if (cli_parse_number(what, "--allow-port", optarg, 1, 65535, &port) >= 0)
                return EXIT_CANNOT_JUDGE;
            if (a->fetch.n_ports == STIR_FETCH_MAX_PORTS)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "too many --allow-port options");
            a->fetch.ports[a->fetch.n_ports++] = (unsigned short)port;
            break;
        case 'C': a->fetch.ca_file = optarg; break;
        case 'p':
            if (stir_lint_profile_from_name(optarg, &a->lint.profile, &err) != STIR_OK)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "--profile: %s", err.text);
            break;
        case 'a':
            if (cli_parse_time(what, "--at", optarg, &a->lint.at) >= 0)
                return EXIT_CANNOT_JUDGE;
            break;
        case 'j': a->json = 1; break;
        case 'h': fputs(x5u_lint_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (argc - optind != 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one URL");
    a->url = argv[optind];
    /* The defaults stay 443 and 8443 when --allow-port only adds to them. */
    if (a->fetch.n_ports > 0 && a->fetch.n_ports + 2 <= STIR_FETCH_MAX_PORTS) {
        a->fetch.ports[a->fetch.n_ports++] = 443;
        a->fetch.ports[a->fetch.n_ports++] = 8443;
    }
    return -1;
}

int cmd_x5u_lint(int argc, char **argv)
{
    const char *what = "x5u lint";
    x5u_args a;
    stir_fetch_opts by_port, defaults;
    stir_fetch_result res;
    stir_lint_http http;
    stir_lint_summary summary;
    stir_error_t url_err, port_err, err;
    stir_status st;
    printer p;
    unsigned long port;
    int rc = parse_x5u_args(argc, argv, &a);

    if (rc >= 0)
        return rc;
    memset(&http, 0, sizeof(http));
    memset(&res, 0, sizeof(res));
    memset(&p, 0, sizeof(p));
    http.url = a.url;
    /* The URL's rules: everything but the port (its own port allowed), then
     * the port under the default policy. */
    memset(&by_port, 0, sizeof(by_port));
    memset(&defaults, 0, sizeof(defaults));
    port = url_port(a.url);
    if (port > 0) {
        by_port.ports[0] = (unsigned short)port;
        by_port.n_ports = 1;
    }
    st = stir_fetch_check_url(a.url, &by_port, &url_err);
    if (st == STIR_E_MALFORMED || st == STIR_E_INVALID_ARG)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "%s", url_err.text);
    if (st != STIR_OK)
        http.url_refusal = url_err.text;
    else if (stir_fetch_check_url(a.url, &defaults, &port_err) != STIR_OK)
        http.port_refusal = port_err.text;
    if (http.url_refusal == NULL) {
        st = stir_fetch(a.url, &a.fetch, &res, &err);
        if (st != STIR_OK)
            return cli_fail(cli_exit_for(st) == EXIT_INTERNAL ? EXIT_INTERNAL : EXIT_CANNOT_JUDGE,
                            what, "%s", err.text);
        http.fetched = 1;
        http.status = res.status;
        http.content_type = res.content_type;
        http.cache_control = res.cache_control;
        http.body = res.body != NULL ? res.body : "";
        http.len = res.len;
    }
    p.label = a.url;
    p.json = a.json;
    if (p.json && (p.list = json_array()) == NULL) {
        stir_fetch_result_clear(&res);
        return cli_fail(EXIT_INTERNAL, what, "out of memory");
    }
    st = stir_lint_x5u(&http, &a.lint, on_finding, &p, &summary, &err);
    stir_fetch_result_clear(&res);
    if (st != STIR_OK) {
        json_decref(p.list);
        return cli_fail(cli_exit_for(st), what, "%s", err.text);
    }
    return finish(&p, &summary);
}
