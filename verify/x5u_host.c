/* The x5u host: certificate chains as application/pem-certificate-chain. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "stirkit/chain.h"
#include "stirkit/x5u_host.h"
#include "error_int.h"
#include "httpd.h"
#include "pem_strict.h"
#include "x5u_memo.h"

#define MAX_CHAIN_FILE (256 * 1024)
#define MAX_PATH_LEN 255

struct stir_x5u_host {
    char *root;
    int max_age;
    void (*log)(void *arg, const char *line);
    void *log_arg;
    skit_httpd *httpd;
    unsigned short port;
    skit_x5u_memo *memo;
};

static void logf_(const stir_x5u_host *h, const char *fmt, ...)
{
    char line[768];
    va_list ap;

    if (h->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    skit_utf8_sanitize(line); /* the path came from the network */
    h->log(h->log_arg, line);
}

/* 1 when url is /SEG(/SEG)*.pem with safe segments. */
static int safe_path(const char *url)
{
    size_t n = strlen(url);
    int seg_start = 1;

    if (n < 6 || n > MAX_PATH_LEN || url[0] != '/' || strcmp(url + n - 4, ".pem") != 0)
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = url[i];

        if (c == '/') {
            if (seg_start)
                return 0; /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && c == '.')
            return 0; /* ".", "..", hidden files */
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
        seg_start = 0;
    }
    return 1;
}

/* Opens root/url for reading; -1 and *why when it is not a file to serve. */
static int open_chain(const stir_x5u_host *h, const char *url, struct stat *sb, const char **why)
{
    char path[4096];
    int fd;

    snprintf(path, sizeof(path), "%s%s", h->root, url);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        *why = errno == ENOENT ? "no such file" : strerror(errno);
        return -1;
    }
    if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode) || sb->st_size > MAX_CHAIN_FILE) {
        close(fd);
        *why = "not a regular file of at most 256 KiB";
        return -1;
    }
    return fd;
}

/* Reads the sb->st_size bytes of fd; NULL and *why when it cannot. */
static char *read_chain(int fd, const struct stat *sb, size_t *len, const char **why)
{
    char *buf = malloc((size_t)sb->st_size + 1);
    ssize_t got = buf != NULL ? read(fd, buf, (size_t)sb->st_size) : -1;

    if (got != (ssize_t)sb->st_size) {
        free(buf);
        *why = buf == NULL ? "out of memory" : "read failed";
        return NULL;
    }
    buf[got] = '\0';
    *len = (size_t)got;
    return buf;
}

/* A strong ETag: the first 128 bits of SHA-256 of the body, quoted. */
static void etag_of(const char *body, size_t len, char out[SKIT_ETAG_LEN])
{
    unsigned char md[32];
    static const char hex[] = "0123456789abcdef";

    EVP_Digest(body, len, md, NULL, EVP_sha256(), NULL);
    out[0] = '"';
    for (int i = 0; i < 16; i++) {
        out[1 + 2 * i] = hex[md[i] >> 4];
        out[2 + 2 * i] = hex[md[i] & 15];
    }
    out[33] = '"';
    out[34] = '\0';
}

static enum MHD_Result not_found(struct MHD_Connection *c)
{
    static const char body[] = "not found\n";

    return skit_httpd_reply(c, MHD_HTTP_NOT_FOUND, "text/plain", body, sizeof(body) - 1);
}

/*
 * STIR_OK when body (len bytes, NUL-terminated) is a certificate chain and
 * nothing else, in strict PEM (RFC 8555 §9.1, RFC 7468 §3). PEM readers
 * skip text outside the blocks, so without the strict check a key pasted
 * as bare base64 would ride along. Errors: STIR_E_MALFORMED,
 * STIR_E_TOO_LARGE, STIR_E_NOMEM (from the chain parser).
 */
static stir_status check_publishable(const char *body, size_t len, stir_error_t *err)
{
    stir_chain *chain = NULL;
    char why[160];
    stir_status st;

    if (strlen(body) != len)
        return skit_fail(err, STIR_E_MALFORMED, "a NUL byte at offset %zu", strlen(body));
    st = stir_chain_from_pem(body, len, &chain, err);
    stir_chain_free(chain);
    if (st != STIR_OK)
        return st;
    if (skit_pem_strict_fault(body, len, 0, why, sizeof(why)))
        return skit_fail(err, STIR_E_MALFORMED, "not strict PEM (RFC 8555 §9.1): %s", why);
    return STIR_OK;
}

/*
 * The body to publish at url and its ETag: the file's bytes once they have
 * been checked to be a certificate chain (and nothing else), from the memo
 * while the file is unchanged. NULL (logged) when there is nothing to serve.
 */
static char *published_body(stir_x5u_host *h, const char *url, size_t *len,
                            char etag[SKIT_ETAG_LEN])
{
    stir_error_t err;
    const char *why = NULL;
    char *body = NULL, refusal[200];
    struct stat sb;
    int fd = open_chain(h, url, &sb, &why);

    if (fd < 0) {
        logf_(h, "x5u host: 404 %.200s: %s", url, why);
        return NULL;
    }
    switch (skit_x5u_memo_get(h->memo, url, &sb, &body, len, etag, refusal, sizeof(refusal))) {
    case SKIT_MEMO_BODY:
        break;
    case SKIT_MEMO_REFUSED:
        logf_(h, "x5u host: refusing to publish %.200s: %s", url, refusal);
        break;
    case SKIT_MEMO_MISS:
        body = read_chain(fd, &sb, len, &why);
        if (body == NULL) {
            logf_(h, "x5u host: 404 %.200s: %s", url, why);
        } else if (check_publishable(body, *len, &err) != STIR_OK) {
            if (err.code != STIR_E_NOMEM) /* the file's fault: remember it */
                skit_x5u_memo_put(h->memo, url, &sb, NULL, 0, NULL, err.text);
            logf_(h, "x5u host: refusing to publish %.200s: %s", url, err.text);
            free(body);
            body = NULL;
        } else {
            etag_of(body, *len, etag);
            skit_x5u_memo_put(h->memo, url, &sb, body, *len, etag, NULL);
        }
        break;
    }
    close(fd);
    return body;
}

/* 1 when the request announces a body (Transfer-Encoding, Content-Length > 0). */
static int has_body(struct MHD_Connection *c)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);

    return MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                       MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL ||
           (cl != NULL && strspn(cl, "0") != strlen(cl));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_len, void **state)
{
    stir_x5u_host *h = cls;
    int head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    struct MHD_Response *r;
    const char *inm;
    char *body, etag[SKIT_ETAG_LEN], cc[64];
    size_t len = 0;
    unsigned status = MHD_HTTP_OK;
    enum MHD_Result ret;

    (void)version;
    (void)upload;
    (void)upload_len;
    /* A refusal is answered on the first call, before any body is read:
     * libmicrohttpd then discards the body and closes the connection. */
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r == NULL)
            return MHD_NO;
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        ret = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (has_body(c)) {
        static const char msg[] = "a GET or HEAD request has no body\n";

        return skit_httpd_reply(c, MHD_HTTP_BAD_REQUEST, "text/plain", msg, sizeof(msg) - 1);
    }
    /* A GET or HEAD is answered on the next call, so that the connection
     * stays open for the next request (keep-alive). */
    if (*state == NULL) {
        *state = h;
        return MHD_YES;
    }
    if (!safe_path(url)) {
        logf_(h, "x5u host: 404 %.200s: not a /NAME.pem path", url);
        return not_found(c);
    }
    body = published_body(h, url, &len, etag);
    if (body == NULL)
        return not_found(c);
    inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    snprintf(cc, sizeof(cc), "public, max-age=%d", h->max_age);
    if (inm != NULL && (strcmp(inm, etag) == 0 || strcmp(inm, "*") == 0)) {
        free(body);
        body = NULL;
        len = 0;
        status = MHD_HTTP_NOT_MODIFIED;
    }
    r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    if (status == MHD_HTTP_OK)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/pem-certificate-chain");
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

stir_status stir_x5u_host_start(const stir_x5u_host_opts *o, stir_x5u_host **out,
                                stir_error_t *err)
{
    stir_x5u_host *h;
    struct stat sb;
    skit_httpd_conf conf = {0};
    stir_status st;

    if (o == NULL || o->root == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "the x5u host needs a root directory");
    if (stat(o->root, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return skit_fail(err, STIR_E_IO, "x5u root %.200s is not a directory", o->root);
    h = calloc(1, sizeof(*h));
    if (h == NULL || (h->root = strdup(o->root)) == NULL ||
        (h->memo = skit_x5u_memo_new()) == NULL) {
        if (h != NULL)
            free(h->root);
        free(h);
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    }
    h->max_age = o->max_age > 0 ? o->max_age : 86400;
    h->log = o->log;
    h->log_arg = o->log_arg;
    conf.listen = o->listen;
    conf.tls_cert_file = o->tls_cert_file;
    conf.tls_key_file = o->tls_key_file;
    conf.max_conn_per_ip = o->max_conn_per_ip;
    st = skit_httpd_start(&conf, handle, h, &h->httpd, &h->port, err);
    if (st != STIR_OK) {
        skit_x5u_memo_free(h->memo);
        free(h->root);
        free(h);
        return st;
    }
    *out = h;
    return STIR_OK;
}

unsigned short stir_x5u_host_port(const stir_x5u_host *h)
{
    return h != NULL ? h->port : 0;
}

void stir_x5u_host_stop(stir_x5u_host *h)
{
    if (h == NULL)
        return;
    skit_httpd_stop(h->httpd);
    skit_x5u_memo_free(h->memo);
    free(h->root);
    free(h);
}
