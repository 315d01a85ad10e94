/* stirkit passport sign|decode|verify - PASSporTs (RFC 8225/8588) and Identity headers. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stirkit/stirkit.h"
#include "cli.h"

static const char sign_usage[] =
    "usage: stirkit passport sign --key KEY --x5u URL --orig TN --dest TN[,TN...]\n"
    "                             [--attest A|B|C] [--origid UUID] [--iat UNIXTIME]\n"
    "                             [--ppt shaken|none] [--form identity|jws] [--json]\n"
    "\n"
    "Signs a PASSporT (ES256) and prints the SIP Identity header value\n"
    "(<jws>;info=<x5u>;alg=ES256;ppt=shaken), or the JWS with --form jws.\n"
    "  --key KEY        the signer's P-256 private key (path, file: or pkcs11: URI)\n"
    "  --x5u URL        https URL of the signer's certificate chain\n"
    "  --orig TN        the caller; --dest TN[,TN...] the callees (canonicalised)\n"
    "  --ppt P          shaken (default; needs --attest, --origid defaults to a\n"
    "                   random UUID) or none\n"
    "  --iat UNIXTIME   issued-at (default: now)\n";

static const char decode_usage[] =
    "usage: stirkit passport decode [--json] [TOKEN|-]\n"
    "\n"
    "Decodes a PASSporT JWS or an Identity header value (no verification) and\n"
    "prints its header and claims.\n";

static const char verify_usage[] =
    "usage: stirkit passport verify (--identity HDR... | --jws TOKEN | -) --trust FILE...\n"
    "                               [--orig TN] [--dest TN] [--now UNIXTIME] [--max-age S]\n"
    "                               [--spc-policy trust-issuer|reject]\n"
    "                               [--allow-address IP] [--allow-port PORT] [--tls-ca FILE]\n"
    "                               [--json]\n"
    "\n"
    "Verifies Identity header values (or a JWS, with info = its x5u) as an STI-VS:\n"
    "fetches the x5u chain (https, ports 443/8443 unless --allow-port), checks the\n"
    "path, every delegation step, the signature, iat within --max-age (default 60 s)\n"
    "either way, and orig within the signer's TNAuthList. '-' reads Identity\n"
    "values from stdin, one per line. Exit 0 valid, 1 invalid (SIP code and verstat\n"
    "printed), 2 usage.\n";

static int sign(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},    {"x5u", required_argument, NULL, 'x'},
        {"orig", required_argument, NULL, 'o'},   {"dest", required_argument, NULL, 'd'},
        {"attest", required_argument, NULL, 'a'}, {"origid", required_argument, NULL, 'i'},
        {"iat", required_argument, NULL, 't'},    {"ppt", required_argument, NULL, 'p'},
        {"form", required_argument, NULL, 'f'},   {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *what = "passport sign", *key_uri = NULL, *dests = NULL, *form = "identity";
    stir_passport_claims c;
    char uuid[37], *copy = NULL, *save = NULL, *jws = NULL, *hdr = NULL;
    const char *dest[16];
    EVP_PKEY *key = NULL;
    stir_error_t err;
    int ch, rc = -1, json = 0;

    memset(&c, 0, sizeof(c));
    c.ppt = "shaken";
    c.iat = (int64_t)time(NULL);
    optind = 0;
    opterr = 0;
    while (rc < 0 && (ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'k': key_uri = optarg; break;
        case 'x': c.x5u = optarg; break;
        case 'o': c.orig_tn = optarg; break;
        case 'd': dests = optarg; break;
        case 'a': c.attest = optarg; break;
        case 'i': c.origid = optarg; break;
        case 't': rc = cli_parse_time(what, "--iat", optarg, &c.iat); break;
        case 'p': c.ppt = strcmp(optarg, "none") == 0 ? NULL : optarg; break;
        case 'f': form = optarg; break;
        case 'j': json = 1; break;
        case 'h': fputs(sign_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (rc >= 0)
        return rc;
    if (optind != argc || key_uri == NULL || c.x5u == NULL || c.orig_tn == NULL || dests == NULL)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs --key, --x5u, --orig and --dest (see --help)");
    if (strcmp(form, "identity") != 0 && strcmp(form, "jws") != 0)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "--form: use identity or jws");
    if (c.ppt != NULL && c.attest == NULL)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "ppt shaken needs --attest A, B or C (RFC 8588 §4)");
    if (c.ppt != NULL && c.origid == NULL) {
        if (!stir_origid_random(uuid))
            return cli_fail(EXIT_INTERNAL, what, "the random generator failed");
        c.origid = uuid;
    }
    copy = strdup(dests);
    for (char *t = strtok_r(copy, ",", &save); t != NULL && c.n_dest_tn < 16;
         t = strtok_r(NULL, ",", &save))
        dest[c.n_dest_tn++] = t;
    c.dest_tn = dest;
    if (stir_key_load(key_uri, &key, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    else if (stir_passport_sign(&c, key, &jws, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    else if (stir_identity_build(jws, c.x5u, c.ppt, &hdr, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    else {
        if (json)
            cli_print_json(json_pack("{s:s,s:s}", "identity", hdr, "jws", jws));
        else
            puts(strcmp(form, "jws") == 0 ? jws : hdr);
        rc = EXIT_VALID;
    }
    free(hdr);
    free(jws);
    free(copy);
    EVP_PKEY_free(key);
    return rc;
}

/* Strips trailing CR/LF/spaces in place. */
static char *chomp(char *s)
{
    size_t n = strlen(s);

    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

static int decode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "passport decode";
    unsigned char *buf = NULL;
    char *text;
    size_t len;
    stir_identity *id = NULL;
    stir_passport *p = NULL;
    stir_error_t err;
    int c, json = 0, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'j': json = 1; break;
        case 'h': fputs(decode_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (argc - optind > 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one TOKEN (or - for stdin)");
    if (optind < argc && strcmp(argv[optind], "-") != 0) {
        text = strdup(argv[optind]);
    } else {
        if (cli_read_file(what, "-", &buf, &len) != 0)
            return EXIT_CANNOT_JUDGE;
        text = (char *)buf;
    }
    chomp(text);
    /* An Identity header value has parameters after ';'. */
    if (strchr(text, ';') != NULL && stir_identity_parse(text, strlen(text), &id, &err) != STIR_OK) {
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    } else if (stir_passport_decode(id ? id->jws : text, strlen(id ? id->jws : text), &p, &err) !=
               STIR_OK) {
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    } else {
        json_t *o = json_pack("{s:O,s:O}", "header", stir_passport_get0_header(p), "claims",
                              stir_passport_get0_claims(p));

        if (id != NULL)
            json_object_set_new(o, "info", id->info ? json_string(id->info) : json_null());
        if (json) {
            cli_print_json(o);
        } else {
            char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

            puts(s != NULL ? s : "");
            free(s);
            json_decref(o);
        }
        rc = EXIT_VALID;
    }
    stir_passport_free(p);
    stir_identity_free(id);
    free(text);
    return rc;
}

int cli_verifier_option(int c, const char *what, stir_verifier_opts *o, stir_trust *trust)
{
    unsigned char *buf;
    size_t len;
    stir_error_t err;
    long v;

    switch (c) {
    case 'T':
        if (cli_read_file(what, optarg, &buf, &len) != 0)
            return EXIT_CANNOT_JUDGE;
        if (stir_trust_add_pem(trust, (char *)buf, len, &err) != STIR_OK) {
            free(buf);
            return cli_fail(EXIT_CANNOT_JUDGE, what, "--trust %s: %s", optarg, err.text);
        }
        free(buf);
        return -1;
    case 'm':
        if (cli_parse_number(what, "--max-age", optarg, 1, 86400, &v) >= 0)
            return EXIT_CANNOT_JUDGE;
        o->max_age = v;
        return -1;
    case 'A':
        if (o->fetch.n_allow == STIR_FETCH_MAX_ALLOW || stir_address_is_special(optarg) < 0)
            return cli_fail(EXIT_CANNOT_JUDGE, what, "--allow-address: '%s' is not an IP address "
                            "(or too many)", optarg);
        o->fetch.allow_addresses[o->fetch.n_allow++] = optarg;
        return -1;
    case 'P':
        if (o->fetch.n_ports == STIR_FETCH_MAX_PORTS)
            return cli_fail(EXIT_CANNOT_JUDGE, what, "--allow-port: too many ports");
        if (cli_parse_number(what, "--allow-port", optarg, 1, 65535, &v) >= 0)
            return EXIT_CANNOT_JUDGE;
        if (o->fetch.n_ports == 0) { /* keep the standard ports allowed */
            o->fetch.ports[o->fetch.n_ports++] = 443;
            o->fetch.ports[o->fetch.n_ports++] = 8443;
        }
        o->fetch.ports[o->fetch.n_ports++] = (unsigned short)v;
        return -1;
    case 'C':
        o->fetch.ca_file = optarg;
        return -1;
    case 'S':
        if (stir_spc_policy_from_name(optarg, &o->spc_policy, &err) != STIR_OK)
            return cli_fail(EXIT_CANNOT_JUDGE, what, "--spc-policy: %s", err.text);
        return -1;
    default:
        return -2; /* not a verifier option */
    }
}

static int verify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"identity", required_argument, NULL, 'I'}, {"jws", required_argument, NULL, 'J'},
        {"trust", required_argument, NULL, 'T'},    {"orig", required_argument, NULL, 'o'},
        {"dest", required_argument, NULL, 'd'},     {"now", required_argument, NULL, 'n'},
        {"max-age", required_argument, NULL, 'm'},  {"allow-address", required_argument, NULL, 'A'},
        {"allow-port", required_argument, NULL, 'P'}, {"tls-ca", required_argument, NULL, 'C'},
        {"spc-policy", required_argument, NULL, 'S'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    const char *what = "passport verify", *from = NULL, *to = NULL, *ids[16];
    char *owned[16];
    size_t n = 0, n_owned = 0;
    stir_verifier_opts o;
    stir_trust *trust = stir_trust_new();
    stir_verifier *v = NULL;
    stir_vs_result r;
    stir_error_t err;
    int64_t now = (int64_t)time(NULL);
    int c, rc = -1, json = 0, from_stdin = 0;

    memset(&o, 0, sizeof(o));
    o.trust = trust;
    optind = 0;
    opterr = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        rc = cli_verifier_option(c, what, &o, trust);
        if (rc != -2)
            continue;
        rc = -1;
        switch (c) {
        case 'I':
            if (n < 16)
                ids[n++] = optarg;
            break;
        case 'J': {
            stir_passport *p = NULL;
            char *hdr = NULL;

            if (stir_passport_decode(optarg, strlen(optarg), &p, &err) != STIR_OK ||
                stir_passport_get0_x5u(p) == NULL)
                rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--jws: %s",
                              p == NULL ? err.text : "the PASSporT has no x5u");
            else if (stir_identity_build(optarg, stir_passport_get0_x5u(p),
                                         stir_passport_get0_ppt(p), &hdr, &err) != STIR_OK)
                rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--jws: %s", err.text);
            else if (n < 16)
                ids[n++] = owned[n_owned++] = hdr;
            stir_passport_free(p);
            break;
        }
        case 'o': from = optarg; break;
        case 'd': to = optarg; break;
        case 'n': rc = cli_parse_time(what, "--now", optarg, &now); break;
        case 'j': json = 1; break;
        case 'h': fputs(verify_usage, stdout); rc = EXIT_VALID; break;
        default: rc = cli_bad_option(what, argv); break;
        }
    }
    if (rc < 0 && optind < argc) {
        if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
            from_stdin = 1;
        else
            rc = cli_fail(EXIT_CANNOT_JUDGE, what, "unexpected argument '%s'", argv[optind]);
    }
    if (rc < 0 && from_stdin) {
        char line[STIR_IDENTITY_MAX_LEN + 2];

        while (n < 16 && n_owned < 16 && fgets(line, sizeof(line), stdin) != NULL)
            if (*chomp(line) != '\0')
                ids[n++] = owned[n_owned++] = strdup(line);
    }
    if (rc < 0 && stir_trust_count(trust) == 0)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "needs at least one --trust FILE");
    if (rc < 0 && (v = stir_verifier_new(&o, &err)) == NULL)
        rc = cli_fail(EXIT_INTERNAL, what, "%s", err.text);
    if (rc < 0) {
        stir_verifier_verify(v, ids, n, from, to, now, &r);
        if (json)
            cli_print_json(stir_vs_result_json(&r));
        else if (r.valid)
            printf("valid: %d %s, %s, attest %s, orig %s\n", r.sip_code, r.reason,
                   stir_verstat_name(r.verstat), r.attest[0] ? r.attest : "-", r.orig);
        else
            printf("invalid: %d %s (%s), %s: %s\n", r.sip_code, r.reason,
                   stir_vs_code_name(r.code), stir_verstat_name(r.verstat), r.detail);
        rc = r.valid ? EXIT_VALID : EXIT_INVALID;
    }
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    stir_verifier_free(v);
    stir_trust_free(trust);
    return rc;
}

int cmd_passport(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"sign", sign, "sign a PASSporT and build the Identity header"},
        {"decode", decode, "show a PASSporT's header and claims (no verification)"},
        {"verify", verify, "verify Identity headers as an STI-VS (SIP code, verstat)"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("passport", verbs, argc, argv);
}
