/* Shared pieces of the stirkit command-line tool. */
#ifndef STIRKIT_CLI_H
#define STIRKIT_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "stirkit/stirkit.h"

/* Exit codes (DESIGN.md, CLI conventions). */
enum {
    EXIT_VALID = 0,        /* success or a positive verdict */
    EXIT_INVALID = 1,      /* a negative verdict */
    EXIT_CANNOT_JUDGE = 2, /* usage error, unreadable or unexpected input */
    EXIT_INTERNAL = 3      /* internal error */
};

/* Largest input file read, in bytes. */
#define CLI_MAX_INPUT (16 * 1024 * 1024)

/* A subcommand: argv[0] is the verb; returns an exit code. */
typedef int (*cli_verb_fn)(int argc, char **argv);

typedef struct {
    const char *name;
    cli_verb_fn run;
    const char *summary;
} cli_verb;

/* Runs the verb named argv[0] of group (argv after the group name). */
int cli_dispatch(const char *group, const cli_verb *verbs, int argc, char **argv);

/* Prints "stirkit: what: why" to stderr; returns code. */
int cli_fail(int code, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * After getopt_long returned '?' (with opterr = 0): prints one line naming
 * the unknown option or the one missing its value; returns EXIT_CANNOT_JUDGE.
 */
int cli_bad_option(const char *what, char **argv);

/*
 * Parses a UNIXTIME option value into *out (0 .. 253402300799, the end of
 * year 9999). Returns -1 on success, else prints why and returns
 * EXIT_CANNOT_JUDGE.
 */
int cli_parse_time(const char *what, const char *opt, const char *s, int64_t *out);

/*
 * Parses an integer option value from lo to hi into *out. Returns -1 on
 * success, else prints why (naming opt) and returns EXIT_CANNOT_JUDGE.
 */
int cli_parse_number(const char *what, const char *opt, const char *s, long lo, long hi,
                     long *out);

/* Exit code for a library status that stopped a command. */
int cli_exit_for(stir_status st);

/*
 * Reads path ("-" = stdin) whole into a malloc'd buffer with a NUL after
 * it. Returns 0, or prints the reason (prefixed with what) and returns -1.
 */
int cli_read_file(const char *what, const char *path, unsigned char **buf, size_t *len);

/* Prints v compact on one line to stdout and releases it. */
void cli_print_json(json_t *v);

/* JSON of a TNAuthList: [{"spc":..},{"range":{"start":..,"count":..}},{"one":..}]. */
json_t *cli_tnauthlist_json(const stir_tnauthlist *tnal);

/*
 * JSON description of a certificate: subject, issuer, serial, not_before,
 * not_after, ca, skid, akid, tnauthlist (null when absent) and
 * tnauthlist_error when it does not decode.
 */
json_t *cli_cert_json(X509 *x);

/* Writes t as ISO 8601 UTC ("2025-01-01T00:00:00Z") into buf (>= 32 bytes). */
char *cli_time_format(const ASN1_TIME *t, char *buf, size_t n);

/*
 * Servers: block SIGINT/SIGTERM before starting threads, then wait for one
 * (returns the signal). cli_log_stderr prints a log line to stderr.
 */
void cli_block_stop_signals(void);
int cli_wait_for_stop(void);
void cli_log_stderr(void *arg, const char *line);

/*
 * Handles the verifier options shared by passport verify and vs serve
 * (getopt codes T trust, m max-age, A allow-address, P allow-port, C tls-ca,
 * S spc-policy). Returns -1 when handled, -2 when c is not one, else an exit
 * code after printing why.
 */
int cli_verifier_option(int c, const char *what, stir_verifier_opts *o, stir_trust *trust);

/* Verbs of cli/cmd_lint.c: "chain lint" and "x5u lint" (argv[0] is the verb). */
int cmd_chain_lint(int argc, char **argv);
int cmd_x5u_lint(int argc, char **argv);

int cmd_tnauth(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_chain(int argc, char **argv);
int cmd_ca(int argc, char **argv);
int cmd_x5u(int argc, char **argv);
int cmd_passport(int argc, char **argv);
int cmd_vs(int argc, char **argv);
int cmd_acme(int argc, char **argv);
int cmd_ta(int argc, char **argv);

#endif
