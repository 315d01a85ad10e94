/* RFC 6890 special-purpose address blocks (IPv4 §2.2.2, IPv6 §2.2.3). */
#include <arpa/inet.h>
#include <string.h>

#include "stirkit/fetch.h"
#include "fetch_int.h"

typedef struct {
    unsigned char net[16];
    unsigned bits;
} block;

/* IPv4 blocks as IPv4-mapped IPv6 (::ffff:a.b.c.d), prefix length + 96. */
#define V4(a, b, c, d, n) {{0,0,0,0,0,0,0,0,0,0,0xff,0xff,a,b,c,d}, 96 + (n)}

static const block special[] = {
    V4(0, 0, 0, 0, 8),        /* "this network" */
    V4(10, 0, 0, 0, 8),       /* private */
    V4(100, 64, 0, 0, 10),    /* shared address space (CGN) */
    V4(127, 0, 0, 0, 8),      /* loopback */
    V4(169, 254, 0, 0, 16),   /* link-local */
    V4(172, 16, 0, 0, 12),    /* private */
    V4(192, 0, 0, 0, 24),     /* IETF protocol assignments */
    V4(192, 0, 2, 0, 24),     /* TEST-NET-1 */
    V4(192, 88, 99, 0, 24),   /* 6to4 relay anycast */
    V4(192, 168, 0, 0, 16),   /* private */
    V4(198, 18, 0, 0, 15),    /* benchmarking */
    V4(198, 51, 100, 0, 24),  /* TEST-NET-2 */
    V4(203, 0, 113, 0, 24),   /* TEST-NET-3 */
    V4(224, 0, 0, 0, 4),      /* multicast */
    V4(240, 0, 0, 0, 4),      /* reserved, and 255.255.255.255 */
    {{0}, 128},                                             /* :: unspecified */
    {{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}, 128},               /* ::1 loopback */
    {{0,0x64,0xff,0x9b}, 96},                               /* 64:ff9b::/96 NAT64 */
    {{0,0x64,0xff,0x9b,0,1}, 48},                           /* 64:ff9b:1::/48 local NAT64 */
    {{0xfe,0xc0}, 10},                                      /* fec0::/10 site-local */
    {{0x01,0x00}, 64},                                      /* 100::/64 discard */
    {{0x20,0x01,0x00,0x00}, 23},                            /* 2001::/23 IETF */
    {{0x20,0x01,0x0d,0xb8}, 32},                            /* documentation */
    {{0x20,0x02}, 16},                                      /* 6to4 */
    {{0xfc}, 7},                                            /* unique local */
    {{0xfe,0x80}, 10},                                      /* link-local */
    {{0xff}, 8},                                            /* multicast */
    {{0}, 96},                                              /* ::/96 IPv4-compatible */
};

static int in_block(const unsigned char a[16], const block *b)
{
    unsigned full = b->bits / 8, rest = b->bits % 8;

    if (memcmp(a, b->net, full) != 0)
        return 0;
    return rest == 0 || ((a[full] ^ b->net[full]) & (0xff << (8 - rest))) == 0;
}

int skit_address_bytes_special(const unsigned char a[16])
{
    for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
        if (in_block(a, &special[i]))
            return 1;
    return 0;
}

int skit_address_parse(const char *text, unsigned char a[16])
{
    unsigned char v4[4];

    if (inet_pton(AF_INET6, text, a) == 1)
        return 1;
    if (inet_pton(AF_INET, text, v4) != 1)
        return 0;
    memset(a, 0, 10);
    a[10] = a[11] = 0xff;
    memcpy(a + 12, v4, 4);
    return 1;
}

int stir_address_is_special(const char *addr)
{
    unsigned char a[16];

    if (addr == NULL || !skit_address_parse(addr, a))
        return -1;
    return skit_address_bytes_special(a);
}
