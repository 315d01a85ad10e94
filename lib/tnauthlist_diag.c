/*
 * Names the first structural fault of a TNAuthorizationList that the ASN.1
 * template decoder refused. Decoding itself is done by the templates; this
 * walk only reads TLV headers (ASN1_get_object) to explain the refusal.
 */
#include <stdio.h>

#include <openssl/asn1.h>
#include <openssl/err.h>

#include "error_int.h"
#include "tnauthlist_int.h"

typedef struct {
    const unsigned char *base; /* start of the whole input, for offsets */
    stir_error_t *err;
} diag;

typedef struct {
    long off;     /* offset of the header */
    long content; /* offset of the content */
    long len;     /* content length */
    int tag, cls, cons;
} tlv;

static const char *const arm_name[] = {"spc", "range", "one"};

static const char *type_name(int tag, int cls)
{
    if (cls == V_ASN1_UNIVERSAL)
        return ASN1_tag2str(tag);
    if (cls == V_ASN1_CONTEXT_SPECIFIC)
        return "context-specific tag";
    return cls == V_ASN1_APPLICATION ? "application tag" : "private tag";
}

/*
 * Reads the TLV header at *pos within [*pos, end). Returns 1 and advances
 * *pos past the whole TLV, or 0 after filling d->err.
 */
static int read_tlv(diag *d, long *pos, long end, const char *what, tlv *t)
{
    const unsigned char *p = d->base + *pos;
    long len;
    int tag, cls, ret;

    ERR_set_mark();
    ret = ASN1_get_object(&p, &len, &tag, &cls, end - *pos);
    ERR_pop_to_mark();
    t->off = *pos;
    if (ret & 0x80) {
        if (end - *pos < 2)
            skit_fail_at(d->err, STIR_E_MALFORMED, *pos,
                         "%s: truncated, input ends inside a header at byte %ld", what, *pos);
        else
            skit_fail_at(d->err, STIR_E_MALFORMED, *pos,
                         "%s: truncated, the length at byte %ld runs past the end of %s",
                         what, *pos, *pos == 0 ? "the input" : "its enclosing element");
        return 0;
    }
    if (ret == 0x21) {
        skit_fail_at(d->err, STIR_E_MALFORMED, *pos,
                     "%s: indefinite length at byte %ld is BER, not DER", what, *pos);
        return 0;
    }
    t->content = (long)(p - d->base);
    t->len = len;
    t->tag = tag;
    t->cls = cls;
    t->cons = (ret & V_ASN1_CONSTRUCTED) != 0;
    *pos = t->content + len;
    return 1;
}

static int expect_ia5(diag *d, const tlv *t, const char *what)
{
    if (t->cls != V_ASN1_UNIVERSAL || t->tag != V_ASN1_IA5STRING) {
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off,
                     "%s: expected an IA5String, found %s", what,
                     type_name(t->tag, t->cls));
        return 0;
    }
    if (t->cons) {
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off,
                     "%s: constructed IA5String is BER, not DER", what);
        return 0;
    }
    return 1;
}

static int check_range(diag *d, const tlv *seq, const char *what)
{
    long pos = seq->content, end = seq->content + seq->len;
    tlv start, count;
    const unsigned char *c;

    if (seq->cls != V_ASN1_UNIVERSAL || seq->tag != V_ASN1_SEQUENCE || !seq->cons) {
        skit_fail_at(d->err, STIR_E_MALFORMED, seq->off,
                     "%s: expected a TelephoneNumberRange SEQUENCE, found %s", what,
                     type_name(seq->tag, seq->cls));
        return 0;
    }
    if (pos >= end) {
        skit_fail_at(d->err, STIR_E_MALFORMED, seq->off, "%s: range has no start", what);
        return 0;
    }
    if (!read_tlv(d, &pos, end, what, &start) || !expect_ia5(d, &start, what))
        return 0;
    if (pos >= end) {
        skit_fail_at(d->err, STIR_E_MALFORMED, seq->off, "%s: range has no count", what);
        return 0;
    }
    if (!read_tlv(d, &pos, end, what, &count))
        return 0;
    if (count.cls != V_ASN1_UNIVERSAL || count.tag != V_ASN1_INTEGER || count.cons) {
        skit_fail_at(d->err, STIR_E_MALFORMED, count.off,
                     "%s: range count must be an INTEGER, found %s", what,
                     type_name(count.tag, count.cls));
        return 0;
    }
    c = d->base + count.content;
    if (count.len == 0) {
        skit_fail_at(d->err, STIR_E_MALFORMED, count.off, "%s: range count INTEGER is empty", what);
        return 0;
    }
    if (count.len > 1 && ((c[0] == 0x00 && !(c[1] & 0x80)) || (c[0] == 0xff && (c[1] & 0x80)))) {
        skit_fail_at(d->err, STIR_E_MALFORMED, count.off,
                     "%s: range count INTEGER is not minimally encoded (not DER)", what);
        return 0;
    }
    if (pos < end) {
        skit_fail_at(d->err, STIR_E_MALFORMED, pos,
                     "%s: range holds elements after start and count", what);
        return 0;
    }
    return 1;
}

static int check_entry(diag *d, const tlv *t, int index)
{
    char what[48];
    long pos = t->content, end = t->content + t->len;
    tlv inner;

    if (t->cls != V_ASN1_CONTEXT_SPECIFIC) {
        snprintf(what, sizeof(what), "entry %d", index);
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off,
                     "%s: found a bare %s; each TNEntry is tagged [0] spc, [1] range or [2] one",
                     what, type_name(t->tag, t->cls));
        return 0;
    }
    if (t->tag > 2) {
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off,
                     "entry %d: unknown TNEntry choice [%d]; RFC 8226 defines [0] spc, [1] range, [2] one",
                     index, t->tag);
        return 0;
    }
    snprintf(what, sizeof(what), "entry %d (%s)", index, arm_name[t->tag]);
    if (!t->cons) {
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off,
                     "%s: [%d] is primitive (IMPLICIT tagging); RFC 8226 uses EXPLICIT tags",
                     what, t->tag);
        return 0;
    }
    if (pos >= end) {
        skit_fail_at(d->err, STIR_E_MALFORMED, t->off, "%s: [%d] is empty", what, t->tag);
        return 0;
    }
    if (!read_tlv(d, &pos, end, what, &inner))
        return 0;
    if (t->tag == 1 ? !check_range(d, &inner, what) : !expect_ia5(d, &inner, what))
        return 0;
    if (pos < end) {
        skit_fail_at(d->err, STIR_E_MALFORMED, pos,
                     "%s: bytes follow the value inside [%d]", what, t->tag);
        return 0;
    }
    return 1;
}

stir_status skit_tnal_diagnose(const unsigned char *der, size_t len,
                               stir_error_t *err)
{
    diag d = {der, err};
    long pos = 0, end;
    tlv top, t;
    unsigned long e;
    int index = 0;

    if (!read_tlv(&d, &pos, (long)len, "TNAuthList", &top))
        return STIR_E_MALFORMED;
    if (top.cls != V_ASN1_UNIVERSAL || top.tag != V_ASN1_SEQUENCE || !top.cons)
        return skit_fail_at(err, STIR_E_MALFORMED, 0,
                            "TNAuthList must be a SEQUENCE, found %s",
                            type_name(top.tag, top.cls));
    pos = top.content;
    end = top.content + top.len;
    while (pos < end) {
        index++;
        if (!read_tlv(&d, &pos, end, "TNEntry", &t) || !check_entry(&d, &t, index))
            return STIR_E_MALFORMED;
    }
    /* Nothing specific found: report OpenSSL's reason. */
    e = ERR_peek_last_error();
    skit_fail_at(err, STIR_E_MALFORMED, -1, "not a valid TNAuthList: %s",
                 e != 0 && ERR_reason_error_string(e) != NULL ? ERR_reason_error_string(e)
                                                              : "ASN.1 decoding failed");
    ERR_clear_error();
    return STIR_E_MALFORMED;
}

/* Bytes a DER header needs for tag (low tag number form) and length len. */
static long der_header_size(long len)
{
    long n = 2;

    if (len >= 128)
        for (long l = len; l > 0; l >>= 8)
            n++;
    return n;
}

/* Walks [pos, end) for the first BER-only encoding; see skit_der_first_ber. */
static long first_ber(const unsigned char *der, long pos, long end, const char **why)
{
    while (pos < end) {
        const unsigned char *p = der + pos;
        long len, hl;
        int tag, cls, ret;

        ERR_set_mark();
        ret = ASN1_get_object(&p, &len, &tag, &cls, end - pos);
        ERR_pop_to_mark();
        if (ret & 0x80)
            return -1; /* not for us: the decoder reports structure */
        hl = (long)(p - (der + pos));
        if (ret == 0x21) {
            *why = "an indefinite length";
            return pos;
        }
        if (tag < 31 && hl != der_header_size(len)) {
            *why = "a length in more octets than needed";
            return pos;
        }
        if ((ret & V_ASN1_CONSTRUCTED) && cls == V_ASN1_UNIVERSAL && tag != V_ASN1_SEQUENCE &&
            tag != V_ASN1_SET) {
            *why = "a constructed string";
            return pos;
        }
        if (ret & V_ASN1_CONSTRUCTED) {
            long inner = first_ber(der, pos + hl, pos + hl + len, why);

            if (inner >= 0)
                return inner;
        }
        pos += hl + len;
    }
    return -1;
}

long skit_der_first_ber(const unsigned char *der, size_t len, const char **why)
{
    return first_ber(der, 0, (long)len, why);
}
