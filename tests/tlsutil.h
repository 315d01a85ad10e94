/* Test helper: a throwaway TLS server certificate for 127.0.0.1/localhost. */
#ifndef STIR_TLSUTIL_H
#define STIR_TLSUTIL_H

/* Writes a self-signed P-256 certificate (SAN IP:127.0.0.1, DNS:localhost)
 * and its key as PEM files into dir: tls-cert.pem, tls-key.pem. */
void tu_make_tls_cert(const char *dir);

#endif
