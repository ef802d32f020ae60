/*
 * text — bytes of a log file in, UTF-8 physical lines out; see text.h.
 *
 * This is the innermost loop of every scan, so the common case is kept
 * cheap: in UTF-8 mode each chunk is split at '\n' with memchr, each piece is
 * checked eight bytes at a time for "ASCII and no NUL" (falling back to a
 * full UTF-8 validator only where a high bit shows up), and a valid run is
 * copied into the line buffer with one memcpy.  The copy cannot be avoided:
 * the callback is promised line[len] == '\0' and the caller's chunk is const.
 * Only the bytes that need work — NULs, invalid UTF-8 read as Windows-1252, a
 * sequence split by the chunk boundary — take the byte-at-a-time path.
 *
 * State carried between chunks, so that a chunk may end anywhere:
 *   - the first bytes of the stream until the encoding is decided (sniff);
 *   - an incomplete UTF-8 sequence (part), an odd UTF-16 byte (part) or a
 *     UTF-16 high surrogate (hi) waiting for its partner;
 *   - a CR that ended the previous chunk (pending_cr): it is a line
 *     terminator if the next byte is LF and text otherwise;
 *   - the line so far, and whether it has already been cut at max_line.
 */
#include <stdint.h>
#include <string.h>

#include "lib/buf.h"
#include "decode/text.h"
#include "lib/xmalloc.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define TEXT_SSE2	1
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TEXT_LITTLE_ENDIAN	1
#endif

/*
 * Bytes looked at before deciding the encoding of a BOM-less stream.  The
 * decision is also taken as soon as a LF byte has been seen, so a follower
 * of a short, fresh file is not kept waiting for sixteen bytes.
 */
#define TEXT_SNIFF_MAX	16

struct text_decoder {
	size_t			max_line;
	enum text_encoding	enc;
	uint64_t		offset;		/* raw offset of the next byte */
	uint64_t		line_no;	/* number of the line being built */
	struct buf		line;
	int			cut;		/* line reached max_line */
	int			pending_cr;
	unsigned char		sniff[TEXT_SNIFF_MAX];
	size_t			sniff_len;
	unsigned char		part[4];
	size_t			part_len;
	uint32_t		hi;		/* pending high surrogate or 0 */
	/*
	 * A run of NULs inside the line: how many NUL characters, and the raw
	 * offset just past the last; the line after such a run is flagged
	 * (after_nul).  cb and arg are the callback of the feed under way.
	 */
	size_t			nul_run;
	uint64_t		nul_end;
	int			after_nul;
	text_line_cb		cb;
	void			*cb_arg;
	struct text_stats	stats;
};

/* Windows-1252 0x80..0x9F; the five undefined bytes become U+FFFD. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

size_t
text_put_utf8(char *out, uint32_t cp)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Check the UTF-8 sequence at s with avail bytes available: its length if
 * it is complete and valid (1 for ASCII), 0 if it is a valid beginning cut
 * short by avail, -1 if invalid (overlong, surrogate, above U+10FFFF, a
 * stray continuation byte).  The first byte decides; later bytes only fail
 * or not, so a caller can feed a sequence one byte at a time.
 */
static int
utf8_check(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, k;

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return -1;
	if (c < 0xE0)
		need = 2;
	else if (c < 0xF0) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return -1;
	if (avail < 2)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return -1;
	for (k = 2; k < need; k++) {
		if (k >= avail)
			return 0;
		if ((s[k] & 0xC0) != 0x80)
			return -1;
	}
	return (int)need;
}

/*
 * Length of the longest prefix of s that is valid UTF-8 without NUL bytes.
 * ASCII without NUL goes by whole blocks: 16 bytes at a time with SSE2 (the
 * x86-64 baseline) where a byte is flagged by its high bit or by comparing
 * equal to 0; then, and elsewhere, 8 bytes at a time: (v | (v - 0x01…)) has
 * a high bit set iff some byte has its high bit set or is zero (the
 * subtraction borrows through a zero byte), so one test covers both.  The
 * first flagged byte is where the block test failed (on a little-endian
 * word too: a borrow only flags bytes after a zero one), so the scan jumps
 * there and only that byte takes the slow path.
 */
static size_t
utf8_valid_run(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	size_t i = 0;
	uint64_t v, f;
	int r;

	for (;;) {
#ifdef TEXT_SSE2
		while (i + 16 <= n) {
			__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(x,
			    _mm_cmpeq_epi8(x, _mm_setzero_si128())));

			if (m != 0) {
				i += (size_t)__builtin_ctz(m);
				goto slow;
			}
			i += 16;
		}
#endif
		while (i + 8 <= n) {
			memcpy(&v, s + i, 8);
			if ((f = (v | (v - ones)) & highs) != 0) {
#ifdef TEXT_LITTLE_ENDIAN
				i += (size_t)__builtin_ctzll(f) / 8;
#endif
				break;
			}
			i += 8;
		}
		if (i >= n)
			return n;
#ifdef TEXT_SSE2
	slow:
#endif
		if (s[i] == '\0')
			return i;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((r = utf8_check(s + i, n - i)) <= 0)
			return i;
		i += (size_t)r;
	}
}

/*
 * Append decoded bytes to the line, cutting at max_line on a character
 * boundary (the bytes are valid UTF-8, so backing off over continuation
 * bytes finds one).  Once cut, the rest of the physical line is dropped.
 */
static void	nul_break(struct text_decoder *);

static void
line_append(struct text_decoder *d, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t room;

	if (n == 0)
		return;
	if (d->nul_run > 0)
		nul_break(d);
	if (d->cut)
		return;
	room = d->max_line - d->line.len;
	if (n > room) {
		n = room;
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--;
		d->cut = 1;
	}
	buf_append(&d->line, s, n);
}

static void
put_cp(struct text_decoder *d, uint32_t cp)
{
	char tmp[4];

	line_append(d, tmp, text_put_utf8(tmp, cp));
}

static void
put_cp1252(struct text_decoder *d, unsigned char c)
{
	d->stats.replaced++;
	put_cp(d, c < 0xA0 ? cp1252_high[c - 0x80] : c);
}

static void
flush_cr(struct text_decoder *d)
{
	if (d->pending_cr) {
		d->pending_cr = 0;
		line_append(d, "\r", 1);
	}
}

/* at_nul: the line ends at a NUL run, and the next has its number. */
static void
emit_piece(struct text_decoder *d, uint64_t end_offset, int at_nul,
    text_line_cb cb, void *arg)
{
	int flags = (d->cut ? TEXT_LINE_CUT : 0) |
	    (d->after_nul ? TEXT_LINE_AFTER_NUL : 0) |
	    (at_nul ? TEXT_LINE_AT_NUL : 0);

	d->after_nul = 0;
	d->nul_run = 0;
	buf_cstr(&d->line);
	cb(arg, d->line.data, d->line.len, d->line_no, end_offset, flags);
	if (!at_nul)
		d->line_no++;
	d->stats.lines++;
	if (d->cut)
		d->stats.cut++;
	buf_reset(&d->line);
	d->cut = 0;
	d->pending_cr = 0;
}

static void
emit_line(struct text_decoder *d, uint64_t end_offset, text_line_cb cb,
    void *arg)
{
	emit_piece(d, end_offset, 0, cb, arg);
}

/*
 * Text comes after a run of NULs (nul_run NUL characters, ending at
 * nul_end).  A run of two or more with text before it on the line is
 * where a writer stopped: a file
 * pre-allocated with zeros, or cut by a crash, and logging resumed on the
 * same physical line.  What was before the run is a line of its own,
 * ending just past the run (a CR right before the run was its
 * terminator), flagged TEXT_LINE_AT_NUL, and the text after it starts a
 * new line of the same number, flagged TEXT_LINE_AFTER_NUL.  A single
 * stray NUL is only dropped: UTF-16 read as UTF-8 has one in every other
 * byte, and must not become a line a character.  The break depends on the bytes alone (nul_run and
 * nul_end count across chunks), so chunking cannot change it.
 */
static void
nul_break(struct text_decoder *d)
{
	size_t run = d->nul_run, k;

	d->nul_run = 0;
	if (run < 2 || d->cb == NULL)
		return;
	for (k = 0; k < d->line.len; k++)
		if (!(d->line.data[k] == ' ' || d->line.data[k] == '\t' ||
		    d->line.data[k] == '\r'))
			break;
	if (k == d->line.len && !d->cut)
		return;
	if (d->line.len > 0 && d->line.data[d->line.len - 1] == '\r')
		d->line.len--;
	emit_piece(d, d->nul_end, 1, d->cb, d->cb_arg);
	d->after_nul = 1;
}

/*
 * Complete an incomplete UTF-8 sequence left by the previous chunk with the
 * first bytes of this one.  Returns the number of bytes of p used.  If the
 * sequence turns out invalid, its bytes are read as CP1252 and the byte that
 * broke it is left for the caller.
 */
static size_t
utf8_part(struct text_decoder *d, const unsigned char *p, size_t n)
{
	size_t used = 0, k;
	int r;

	while (used < n && d->part_len < 4) {
		d->part[d->part_len++] = p[used++];
		r = utf8_check(d->part, d->part_len);
		if (r > 0) {
			line_append(d, d->part, d->part_len);
			d->part_len = 0;
			return used;
		}
		if (r < 0) {
			d->part_len--;
			used--;
			break;
		}
	}
	if (d->part_len > 0 && used < n) {
		for (k = 0; k < d->part_len; k++)
			put_cp1252(d, d->part[k]);
		d->part_len = 0;
	}
	return used;
}

/*
 * One piece of a line: the bytes between two LFs, or from the last LF to
 * the end of the chunk (at_end).  A CR ending the piece is a terminator
 * when a LF follows; at the end of a chunk that is not known yet.
 */
static void
utf8_piece(struct text_decoder *d, const unsigned char *s, size_t n,
    uint64_t base, int at_end)
{
	size_t i = 0, k;
	int trimmed = 0, r;

	if (n == 0)
		return;
	flush_cr(d);
	if (s[n - 1] == '\r') {
		n--;
		trimmed = 1;
	}
	while (i < n) {
		k = utf8_valid_run(s + i, n - i);
		if (k > 0) {
			line_append(d, s + i, k);
			i += k;
			if (i == n)
				break;
		}
		if (s[i] == '\0') {
			d->stats.nuls++;
			d->nul_run++;
			d->nul_end = base + i + 1;
			i++;
			continue;
		}
		r = utf8_check(s + i, n - i);
		if (r == 0 && at_end && !trimmed) {
			/* Cut by the chunk boundary: wait for the rest. */
			memcpy(d->part, s + i, n - i);
			d->part_len = n - i;
			break;
		}
		put_cp1252(d, s[i]);
		i++;
	}
	if (trimmed && at_end)
		d->pending_cr = 1;
}

static void
utf8_chunk(struct text_decoder *d, const unsigned char *p, size_t n,
    text_line_cb cb, void *arg)
{
	uint64_t base = d->offset;
	const unsigned char *lf;
	size_t i = 0, end;

	if (d->part_len > 0)
		i = utf8_part(d, p, n);
	while (i < n) {
		lf = memchr(p + i, '\n', n - i);
		end = lf != NULL ? (size_t)(lf - p) : n;
		utf8_piece(d, p + i, end - i, base + i, lf == NULL);
		if (lf == NULL)
			break;
		emit_line(d, base + end + 1, cb, arg);
		i = end + 1;
	}
	d->offset = base + n;
}

/* One decoded UTF-16 character; end is the raw offset just past it. */
static void
utf16_char(struct text_decoder *d, uint32_t cp, uint64_t end,
    text_line_cb cb, void *arg)
{
	if (cp == 0) {
		/* A CR before the run goes with the text before it. */
		flush_cr(d);
		d->stats.nuls++;
		d->nul_run++;
		d->nul_end = end;
		return;
	}
	if (cp == '\n') {
		emit_line(d, end, cb, arg);
		return;
	}
	flush_cr(d);
	if (cp == '\r') {
		d->pending_cr = 1;
		return;
	}
	put_cp(d, cp);
}

static void
utf16_unit(struct text_decoder *d, uint32_t u, uint64_t end,
    text_line_cb cb, void *arg)
{
	if (d->hi != 0) {
		if (u >= 0xDC00 && u <= 0xDFFF) {
			u = 0x10000 + ((d->hi - 0xD800) << 10) + (u - 0xDC00);
			d->hi = 0;
			utf16_char(d, u, end, cb, arg);
			return;
		}
		d->hi = 0;
		d->stats.replaced++;
		utf16_char(d, 0xFFFD, end, cb, arg);
	}
	if (u >= 0xD800 && u <= 0xDBFF) {
		d->hi = u;
		return;
	}
	if (u >= 0xDC00 && u <= 0xDFFF) {
		d->stats.replaced++;
		u = 0xFFFD;
	}
	utf16_char(d, u, end, cb, arg);
}

static void
utf16_chunk(struct text_decoder *d, const unsigned char *p, size_t n,
    text_line_cb cb, void *arg)
{
	uint64_t base = d->offset;
	int be = d->enc == TEXT_ENC_UTF16BE;
	size_t i = 0;
	uint32_t u;

	if (d->part_len == 1 && n > 0) {
		u = be ? (uint32_t)d->part[0] << 8 | p[0] :
		    (uint32_t)p[0] << 8 | d->part[0];
		d->part_len = 0;
		i = 1;
		utf16_unit(d, u, base + 1, cb, arg);
	}
	for (; i + 1 < n; i += 2) {
		u = be ? (uint32_t)p[i] << 8 | p[i + 1] :
		    (uint32_t)p[i + 1] << 8 | p[i];
		utf16_unit(d, u, base + i + 2, cb, arg);
	}
	if (i < n) {
		d->part[0] = p[i];
		d->part_len = 1;
	}
	d->offset = base + n;
}

static void
decode(struct text_decoder *d, const unsigned char *p, size_t n,
    text_line_cb cb, void *arg)
{
	if (n == 0)
		return;
	if (d->enc == TEXT_ENC_UTF16LE || d->enc == TEXT_ENC_UTF16BE)
		utf16_chunk(d, p, n, cb, arg);
	else
		utf8_chunk(d, p, n, cb, arg);
}

/*
 * Decide the encoding from the sniffed bytes.  Returns the number of BOM
 * bytes to skip, or -1 if more bytes are needed (never when final).
 * Without a BOM, UTF-16 is recognised by NUL bytes all on one parity, in
 * more than half of the code units looked at: ASCII text in UTF-16 has a
 * NUL in every other byte, while a UTF-8 file with a stray NUL, or a block
 * of NULs left by a crash (both parities), stays UTF-8.
 */
static int
sniff_decide(struct text_decoder *d, int final)
{
	const unsigned char *s = d->sniff, *lf;
	size_t n = d->sniff_len, even = 0, odd = 0, i, m, want;

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		d->enc = TEXT_ENC_UTF8_BOM;
		return 3;
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		d->enc = TEXT_ENC_UTF16LE;
		return 2;
	}
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		d->enc = TEXT_ENC_UTF16BE;
		return 2;
	}
	if (!final) {
		if (n < 3 && n > 0 && s[0] == 0xEF &&
		    (n < 2 || s[1] == 0xBB))
			return -1;
		if (n < 2 && n > 0 && (s[0] == 0xFF || s[0] == 0xFE))
			return -1;
	}
	/*
	 * Look at the bytes up to the first LF (at least two), or at all
	 * TEXT_SNIFF_MAX: a prefix fixed by the content alone, so the
	 * decision does not depend on how the input was chunked.
	 */
	if ((lf = memchr(s, '\n', n)) != NULL) {
		want = (size_t)(lf - s) + 1;
		if (want < 2)
			want = 2;
	} else
		want = TEXT_SNIFF_MAX;
	if (want > n) {
		if (!final)
			return -1;
		want = n;
	}
	m = want & ~(size_t)1;
	for (i = 0; i < m; i++)
		if (s[i] == '\0') {
			if (i & 1)
				odd++;
			else
				even++;
		}
	if (odd > 0 && even == 0 && odd * 4 > m)
		d->enc = TEXT_ENC_UTF16LE;
	else if (even > 0 && odd == 0 && even * 4 > m)
		d->enc = TEXT_ENC_UTF16BE;
	else
		d->enc = TEXT_ENC_UTF8;
	return 0;
}

/* Decode the sniffed bytes once the encoding is known. */
static void
sniff_replay(struct text_decoder *d, int skip, text_line_cb cb, void *arg)
{
	unsigned char tmp[TEXT_SNIFF_MAX];
	size_t n = d->sniff_len - (size_t)skip;

	memcpy(tmp, d->sniff + skip, n);
	d->sniff_len = 0;
	d->offset += (uint64_t)skip;
	decode(d, tmp, n, cb, arg);
}

struct text_decoder *
text_new(size_t max_line)
{
	struct text_decoder *d = xcalloc(1, sizeof(*d));

	d->max_line = max_line > 0 ? max_line : TEXT_DEFAULT_MAX_LINE;
	d->line_no = 1;
	return d;
}

void
text_free(struct text_decoder *d)
{
	if (d == NULL)
		return;
	buf_free(&d->line);
	xfree(d);
}

/*
 * At offset 0 the encoding is always sniffed, whatever enc says, because
 * the bytes about to be read start with the BOM if there is one.  The
 * statistics are not reset: they count what this decoder has seen.
 */
void
text_resume(struct text_decoder *d, enum text_encoding enc, uint64_t offset,
    uint64_t line_no)
{
	d->enc = offset == 0 ? TEXT_ENC_UNKNOWN : enc;
	d->offset = offset;
	d->line_no = line_no > 0 ? line_no : 1;
	buf_reset(&d->line);
	d->cut = 0;
	d->pending_cr = 0;
	d->sniff_len = 0;
	d->part_len = 0;
	d->hi = 0;
	d->nul_run = 0;
	d->after_nul = 0;
}

void
text_feed(struct text_decoder *d, const void *buf, size_t len,
    text_line_cb cb, void *arg)
{
	const unsigned char *p = buf;
	size_t take;
	int skip;

	d->stats.bytes += len;
	d->cb = cb;
	d->cb_arg = arg;
	if (d->enc == TEXT_ENC_UNKNOWN) {
		take = TEXT_SNIFF_MAX - d->sniff_len;
		if (take > len)
			take = len;
		memcpy(d->sniff + d->sniff_len, p, take);
		d->sniff_len += take;
		p += take;
		len -= take;
		if ((skip = sniff_decide(d, 0)) < 0)
			return;
		sniff_replay(d, skip, cb, arg);
	}
	decode(d, p, len, cb, arg);
}

void
text_finish(struct text_decoder *d, text_line_cb cb, void *arg)
{
	size_t k;
	int skip;

	d->cb = cb;
	d->cb_arg = arg;
	if (d->enc == TEXT_ENC_UNKNOWN) {
		if (d->sniff_len == 0)
			return;
		skip = sniff_decide(d, 1);
		sniff_replay(d, skip, cb, arg);
	}
	if (d->enc == TEXT_ENC_UTF16LE || d->enc == TEXT_ENC_UTF16BE) {
		if (d->hi != 0 || d->part_len > 0) {
			flush_cr(d);
			d->stats.replaced++;
			put_cp(d, 0xFFFD);
		}
		d->hi = 0;
	} else {
		for (k = 0; k < d->part_len; k++)
			put_cp1252(d, d->part[k]);
	}
	d->part_len = 0;
	/* A CR at the very end is taken as the terminator it was meant as. */
	d->pending_cr = 0;
	if (d->line.len > 0 || d->cut)
		emit_line(d, d->offset, cb, arg);
}

enum text_encoding
text_encoding(const struct text_decoder *d)
{
	return d->enc;
}

const char *
text_encoding_name(enum text_encoding enc)
{
	switch (enc) {
	case TEXT_ENC_UTF8:
		return "utf-8";
	case TEXT_ENC_UTF8_BOM:
		return "utf-8-bom";
	case TEXT_ENC_UTF16LE:
		return "utf-16le";
	case TEXT_ENC_UTF16BE:
		return "utf-16be";
	case TEXT_ENC_UNKNOWN:
		break;
	}
	return "unknown";
}

const struct text_stats *
text_stats(const struct text_decoder *d)
{
	return &d->stats;
}
