/* stirkit x5u serve - publish x5u certificate chains over HTTPS. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stirkit/x5u_host.h"
#include "cli.h"

static const char serve_usage[] =
    "usage: stirkit x5u serve --root DIR --listen ADDR:PORT [--tls-cert FILE --tls-key FILE]\n"
    "                         [--max-age SECONDS] [--max-conn-per-ip N]\n"
    "\n"
    "Serves each DIR/NAME.pem at /NAME.pem as application/pem-certificate-chain with\n"
    "Cache-Control and an ETag, until SIGINT or SIGTERM. A file that holds a\n"
    "private key or is not a valid certificate chain gets 404 (the log says why).\n"
    "  --listen ADDR:PORT   e.g. 0.0.0.0:443 or [::1]:8443; port 0 picks a free one\n"
    "  --tls-cert, --tls-key   PEM files for HTTPS (x5u URLs are https only)\n"
    "  --max-age SECONDS    Cache-Control max-age (default 86400)\n"
    "  --max-conn-per-ip N  connections from one address at once (1..512, default 64)\n"
    "Prints 'listening on URL' once ready.\n";

static int serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"root", required_argument, NULL, 'r'},
        {"listen", required_argument, NULL, 'l'},
        {"tls-cert", required_argument, NULL, 'c'},
        {"tls-key", required_argument, NULL, 'k'},
        {"max-age", required_argument, NULL, 'm'},
        {"max-conn-per-ip", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "x5u serve";
    stir_x5u_host_opts o;
    stir_x5u_host *host = NULL;
    stir_error_t err;
    long v;
    int c;

    memset(&o, 0, sizeof(o));
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': o.root = optarg; break;
        case 'l': o.listen = optarg; break;
        case 'c': o.tls_cert_file = optarg; break;
        case 'k': o.tls_key_file = optarg; break;
        case 'm':
            if (cli_parse_number(what, "--max-age", optarg, 1, 0x7fffffff, &v) >= 0)
                return EXIT_CANNOT_JUDGE;
            o.max_age = (int)v;
            break;
        case 'p':
            if (cli_parse_number(what, "--max-conn-per-ip", optarg, 1, 512, &v) >= 0)
                return EXIT_CANNOT_JUDGE;
            o.max_conn_per_ip = (unsigned)v;
            break;
        case 'h': fputs(serve_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (optind != argc || o.root == NULL || o.listen == NULL)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs --root DIR and --listen ADDR:PORT");
    o.log = cli_log_stderr;
    cli_block_stop_signals();
    if (stir_x5u_host_start(&o, &host, &err) != STIR_OK)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    printf("listening on %s://%.*s:%u/ (root %s)\n", o.tls_cert_file ? "https" : "http",
           (int)(strrchr(o.listen, ':') - o.listen), o.listen, stir_x5u_host_port(host), o.root);
    fflush(stdout);
    cli_wait_for_stop();
    stir_x5u_host_stop(host);
    return EXIT_VALID;
}

int cmd_x5u(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"serve", serve, "publish x5u certificate chains over HTTPS"},
        {"lint", cmd_x5u_lint, "fetch an x5u URL and lint the response and its chain"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("x5u", verbs, argc, argv);
}
