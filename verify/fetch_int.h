/* Internal parts of the safe fetcher. */
#ifndef STIR_FETCH_INT_H
#define STIR_FETCH_INT_H

/* Parses IPv4 or IPv6 text into 16 bytes (IPv4 as ::ffff:a.b.c.d); 1 or 0. */
int skit_address_parse(const char *text, unsigned char a[16]);

/* 1 when the 16-byte address is in an RFC 6890 special-purpose block. */
int skit_address_bytes_special(const unsigned char a[16]);

#endif
