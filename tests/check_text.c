/*
 * check_text — the decoder: encodings, line ends, cutting, offsets, and the
 * promise that chunk boundaries never change the output.
 */
#include "testutil.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "decode/text.h"

/* Every line seen, as "line_no|end_offset|flags|text\n". */
struct sink {
	struct buf	 out;
	size_t		 n;
	char		*lines[64];
	uint64_t	 ends[64];
	int		 flags[64];
	size_t		 lens[64];
};

static void
sink_cb(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct sink *s = arg;

	ck_assert_int_eq(line[len], '\0');
	ck_assert_ptr_null(memchr(line, '\0', len));
	buf_printf(&s->out, "%llu|%llu|%d|", (unsigned long long)line_no,
	    (unsigned long long)end_offset, flags);
	buf_append(&s->out, line, len);
	buf_putc(&s->out, '\n');
	if (s->n < 64) {
		s->lines[s->n] = test_strndup(line, len);
		s->lens[s->n] = len;
		s->ends[s->n] = end_offset;
		s->flags[s->n] = flags;
	}
	s->n++;
}

static void
sink_free(struct sink *s)
{
	size_t i;

	for (i = 0; i < s->n && i < 64; i++)
		free(s->lines[i]);
	buf_free(&s->out);
	memset(s, 0, sizeof(*s));
}

/* Decode in chunks of `chunk` bytes (0: all at once), then finish. */
static struct text_decoder *
decode(struct sink *s, const void *in, size_t len, size_t chunk,
    size_t max_line, int finish)
{
	struct text_decoder *d = text_new(max_line);
	const unsigned char *p = in;
	size_t off = 0, k;

	memset(s, 0, sizeof(*s));
	if (chunk == 0)
		chunk = len > 0 ? len : 1;
	while (off < len) {
		k = len - off < chunk ? len - off : chunk;
		text_feed(d, p + off, k, sink_cb, s);
		off += k;
	}
	if (finish)
		text_finish(d, sink_cb, s);
	return d;
}

static void
decode_free(struct sink *s, const void *in, size_t len, size_t chunk,
    size_t max_line)
{
	text_free(decode(s, in, len, chunk, max_line, 1));
}

/* The output for every chunk size 1..max equals the one-chunk output. */
static void
assert_chunk_invariant(const void *in, size_t len, size_t max_line)
{
	struct sink ref, s;
	size_t c;

	decode_free(&ref, in, len, 0, max_line);
	for (c = 1; c <= len + 1 && c <= 67; c++) {
		decode_free(&s, in, len, c, max_line);
		ck_assert_msg(strcmp(buf_cstr(&ref.out), buf_cstr(&s.out)) == 0,
		    "chunk size %zu differs:\n%s\nvs\n%s", c,
		    buf_cstr(&s.out), buf_cstr(&ref.out));
		sink_free(&s);
	}
	sink_free(&ref);
}

/* Encode ASCII/UTF-8 text as UTF-16 (BMP only, no BOM). */
static size_t
to_utf16(unsigned char *out, const char *in, int be)
{
	size_t o = 0;

	for (; *in != '\0'; in++) {
		unsigned char c = (unsigned char)*in;

		out[o + (be ? 1 : 0)] = c;
		out[o + (be ? 0 : 1)] = 0;
		o += 2;
	}
	return o;
}

START_TEST(test_lf_crlf_offsets)
{
	static const char in[] = "one\ntwo\r\nthree\r\n\nlast";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.lines[0], "one");
	ck_assert_uint_eq(s.ends[0], 4);
	ck_assert_str_eq(s.lines[1], "two");
	ck_assert_uint_eq(s.ends[1], 9);
	ck_assert_str_eq(s.lines[2], "three");
	ck_assert_uint_eq(s.ends[2], 16);
	ck_assert_str_eq(s.lines[3], "");
	ck_assert_uint_eq(s.ends[3], 17);
	/* The unterminated last line waits for text_finish. */
	text_finish(d, sink_cb, &s);
	ck_assert_uint_eq(s.n, 5);
	ck_assert_str_eq(s.lines[4], "last");
	ck_assert_uint_eq(s.ends[4], sizeof(in) - 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8);
	ck_assert_uint_eq(text_stats(d)->lines, 5);
	ck_assert_uint_eq(text_stats(d)->bytes, sizeof(in) - 1);
	text_free(d);
	sink_free(&s);
}

START_TEST(test_lone_cr_and_final_cr)
{
	static const char in[] = "a\rb\r\r\nc\r";
	struct sink s;

	decode_free(&s, in, sizeof(in) - 1, 0, 0);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "a\rb\r");
	ck_assert_str_eq(s.lines[1], "c");
	ck_assert_uint_eq(s.ends[1], sizeof(in) - 1);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_crlf_split_across_chunks)
{
	static const char in[] = "abc\r\ndef\r\n";
	struct sink s;
	struct text_decoder *d = text_new(0);

	memset(&s, 0, sizeof(s));
	text_feed(d, in, 4, sink_cb, &s);		/* "abc\r" */
	ck_assert_uint_eq(s.n, 0);
	text_feed(d, in + 4, 1, sink_cb, &s);		/* "\n" */
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.lines[0], "abc");
	ck_assert_uint_eq(s.ends[0], 5);
	text_feed(d, in + 5, 5, sink_cb, &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[1], "def");
	ck_assert_uint_eq(s.ends[1], 10);
	text_free(d);
	sink_free(&s);
}

START_TEST(test_utf8_bom)
{
	static const char in[] = "\xEF\xBB\xBFh\xC3\xA9llo\r\nx\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8_BOM);
	ck_assert_str_eq(text_encoding_name(text_encoding(d)), "utf-8-bom");
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "h\xC3\xA9llo");
	ck_assert_uint_eq(s.ends[0], 11);
	ck_assert_uint_eq(s.ends[1], 13);
	ck_assert_uint_eq(text_stats(d)->replaced, 0);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_utf16le_bom)
{
	unsigned char in[256];
	size_t n = 2;
	struct sink s;
	struct text_decoder *d;

	in[0] = 0xFF;
	in[1] = 0xFE;
	n += to_utf16(in + n, "Caf", 0);
	in[n++] = 0xE9;			/* é */
	in[n++] = 0x00;
	n += to_utf16(in + n, "\r\nsecond\r\n", 0);
	d = decode(&s, in, n, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF16LE);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "Caf\xC3\xA9");
	ck_assert_uint_eq(s.ends[0], 2 + 12);
	ck_assert_str_eq(s.lines[1], "second");
	ck_assert_uint_eq(s.ends[1], n);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, n, 0);
}

START_TEST(test_utf16be_bom)
{
	unsigned char in[256];
	size_t n = 2;
	struct sink s;
	struct text_decoder *d;

	in[0] = 0xFE;
	in[1] = 0xFF;
	n += to_utf16(in + n, "line one\nline two\n", 1);
	d = decode(&s, in, n, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF16BE);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "line one");
	ck_assert_str_eq(s.lines[1], "line two");
	ck_assert_uint_eq(s.ends[1], n);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, n, 0);
}

START_TEST(test_utf16_without_bom)
{
	unsigned char in[256];
	size_t n;
	struct sink s;
	struct text_decoder *d;

	n = to_utf16(in, "SMS_DESPOOLER started\r\nok\r\n", 0);
	d = decode(&s, in, n, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF16LE);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "SMS_DESPOOLER started");
	ck_assert_uint_eq(s.ends[0], 46);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, n, 0);

	n = to_utf16(in, "SMS_DESPOOLER started\r\nok\r\n", 1);
	d = decode(&s, in, n, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF16BE);
	ck_assert_str_eq(s.lines[1], "ok");
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, n, 0);

	/* A short UTF-16 line is decided as soon as its LF is seen. */
	n = to_utf16(in, "ab\n", 0);
	d = decode(&s, in, n, 0, 0, 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.lines[0], "ab");
	text_free(d);
	sink_free(&s);
}

START_TEST(test_utf16_surrogates)
{
	/* U+1F600 as D83D DE00, then a lone high and a lone low surrogate. */
	static const unsigned char in[] = {
		0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 0x00, 0xDE, 'b', 0,
		0x3D, 0xD8, 'c', 0, 0x00, 0xDE, '\n', 0
	};
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in), 0, 0, 1);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.lines[0],
	    "a\xF0\x9F\x98\x80" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD");
	ck_assert_uint_eq(text_stats(d)->replaced, 2);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in), 0);
}

START_TEST(test_cp1252_fallback)
{
	static const char in[] = "caf\xE9 \x80 \x85 \x9F \x81\x8D\x8F\x90\x9D"
	    " \xA0\xFF \x92ok\x93\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.lines[0],
	    "caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\xA6 \xC5\xB8 "
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	    " \xC2\xA0\xC3\xBF \xE2\x80\x99ok\xE2\x80\x9C");
	ck_assert_uint_eq(text_stats(d)->replaced, 13);
	ck_assert_uint_eq(s.ends[0], sizeof(in) - 1);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_cp1252_table)
{
	static const uint32_t want[32] = {
		0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
		0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
	};
	char in[3], exp[8];
	struct sink s;
	int b;
	size_t k;

	for (b = 0x80; b <= 0xFF; b++) {
		in[0] = (char)b;
		in[1] = '\n';
		k = text_put_utf8(exp, b < 0xA0 ? want[b - 0x80] : (uint32_t)b);
		exp[k] = '\0';
		decode_free(&s, in, 2, 0, 0);
		ck_assert_uint_eq(s.n, 1);
		ck_assert_msg(strcmp(s.lines[0], exp) == 0, "byte %02x", b);
		sink_free(&s);
	}
}

START_TEST(test_invalid_utf8)
{
	/* overlong, surrogate, too big, stray continuation, cut by LF */
	static const char in[] = "\xC0\x80|\xED\xA0\x80|\xF5\x80|\x80\x80|"
	    "ok \xE2\x82\xAC|\xE2\x82\n\xF0\x9F\x98\x80\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 1);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0],
	    "\xC3\x80\xE2\x82\xAC|\xC3\xAD\xC2\xA0\xE2\x82\xAC|"
	    "\xC3\xB5\xE2\x82\xAC|\xE2\x82\xAC\xE2\x82\xAC|"
	    "ok \xE2\x82\xAC|\xC3\xA2\xE2\x80\x9A");
	ck_assert_str_eq(s.lines[1], "\xF0\x9F\x98\x80");
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_utf8_split_sequence)
{
	/* A valid sequence split by every possible chunk boundary. */
	static const char in[] = "\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9x\n"
	    "tail \xE2\x82";
	struct sink s;

	decode_free(&s, in, sizeof(in) - 1, 1, 0);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.lines[0], "\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9x");
	/* An incomplete sequence at end of input is read as CP1252. */
	ck_assert_str_eq(s.lines[1], "tail \xC3\xA2\xE2\x80\x9A");
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_nuls_dropped)
{
	/* A lone NUL is dropped; a run of them in mid-line ends the line. */
	static const char in[] = "a\0b\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0c\r\0\n"
	    "\0\0\0\0\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_str_eq(s.lines[0], "ab");
	ck_assert_uint_eq(s.ends[0], 19);
	ck_assert_int_eq(s.flags[0], TEXT_LINE_AT_NUL);
	ck_assert_str_eq(s.lines[1], "c\r");
	ck_assert_int_eq(s.flags[1], TEXT_LINE_AFTER_NUL);
	ck_assert_str_eq(s.lines[2], "");
	ck_assert_int_eq(s.flags[2], 0);
	/* Both parts have the number of their physical line. */
	ck_assert_str_eq(buf_cstr(&s.out), "1|19|4|ab\n1|23|2|c\r\n2|28|0|\n");
	ck_assert_uint_eq(text_stats(d)->nuls, 22);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

/*
 * A pre-allocated or crash-cut log: NULs, then logging resumed on the same
 * physical line.  The text after the run is a line of its own, however the
 * bytes are chunked; a CR just before the run is the first part's
 * terminator; NULs at the start of a line or before its LF only vanish.
 */
START_TEST(test_nul_run_splits_line)
{
	static const char in[] = "first part\r\0\0\0\0\0\0\0\0second\0\0"
	    "\n\0\0\0third\0\0\xc3\xa9t\xc3\xa9 x\0\0   \0\0indented\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 0, 1);
	ck_assert_uint_eq(s.n, 5);
	ck_assert_str_eq(s.lines[0], "first part");
	ck_assert_uint_eq(s.ends[0], 19);
	ck_assert_int_eq(s.flags[0], TEXT_LINE_AT_NUL);
	ck_assert_str_eq(s.lines[1], "second");
	ck_assert_int_eq(s.flags[1], TEXT_LINE_AFTER_NUL);
	ck_assert_str_eq(s.lines[2], "third");
	ck_assert_int_eq(s.flags[2], TEXT_LINE_AT_NUL);
	ck_assert_str_eq(s.lines[3], "\xc3\xa9t\xc3\xa9 x");
	ck_assert_int_eq(s.flags[3], TEXT_LINE_AFTER_NUL | TEXT_LINE_AT_NUL);
	/* Blanks between two runs are no line: they indent the next. */
	ck_assert_str_eq(s.lines[4], "   indented");
	ck_assert_int_eq(s.flags[4], TEXT_LINE_AFTER_NUL);
	ck_assert(strncmp(buf_cstr(&s.out), "1|19|4|first part\n1|", 20) == 0);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

/* The same in UTF-16, with and without a BOM, LE and BE. */
START_TEST(test_nul_run_splits_utf16_line)
{
	unsigned char in[256];
	size_t n, k, bom;
	int be;
	struct sink s;
	struct text_decoder *d;

	for (be = 0; be < 2; be++)
		for (bom = 0; bom <= 2; bom += 2) {
			if (bom) {
				in[0] = be ? 0xFE : 0xFF;
				in[1] = be ? 0xFF : 0xFE;
			}
			n = bom + to_utf16(in + bom, "cut here\r", be);
			for (k = 0; k < 12; k++)
				in[n++] = 0;
			n += to_utf16(in + n, "resumed\r\nnext\r\n", be);
			d = decode(&s, in, n, 0, 0, 1);
			ck_assert_int_eq(text_encoding(d), be ?
			    TEXT_ENC_UTF16BE : TEXT_ENC_UTF16LE);
			ck_assert_uint_eq(s.n, 3);
			ck_assert_str_eq(s.lines[0], "cut here");
			ck_assert_uint_eq(s.ends[0], bom + 18 + 12);
			ck_assert_int_eq(s.flags[0], TEXT_LINE_AT_NUL);
			ck_assert_str_eq(s.lines[1], "resumed");
			ck_assert_int_eq(s.flags[1], TEXT_LINE_AFTER_NUL);
			ck_assert_str_eq(s.lines[2], "next");
			ck_assert_int_eq(s.flags[2], 0);
			text_free(d);
			sink_free(&s);
			assert_chunk_invariant(in, n, 0);
		}
}

START_TEST(test_sniff_chunk_independent)
{
	/*
	 * A NUL at an even offset before the first LF, another at an odd one
	 * after it: the decision must rest on the same bytes whether the
	 * first chunk holds two bytes or all of them.
	 */
	static const char in[] = "\0$\r\n\xff\xfe \xe2\x82\0\n\n[57] 12abc";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 2, 0, 1);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8);
	ck_assert_str_eq(s.lines[0], "$");
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 0);
}

START_TEST(test_max_line_cut)
{
	static const char in[] = "0123456789abcdef\nshort\n12345678\n"
	    "123456\xE2\x82\xAC\n";
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, in, sizeof(in) - 1, 0, 8, 1);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.lines[0], "01234567");
	ck_assert_int_eq(s.flags[0], TEXT_LINE_CUT);
	ck_assert_uint_eq(s.ends[0], 17);
	ck_assert_str_eq(s.lines[1], "short");
	ck_assert_int_eq(s.flags[1], 0);
	ck_assert_str_eq(s.lines[2], "12345678");	/* exactly max_line */
	ck_assert_int_eq(s.flags[2], 0);
	/* Cut on a character boundary, never inside the euro sign. */
	ck_assert_str_eq(s.lines[3], "123456");
	ck_assert_int_eq(s.flags[3], TEXT_LINE_CUT);
	ck_assert_uint_eq(text_stats(d)->cut, 2);
	text_free(d);
	sink_free(&s);
	assert_chunk_invariant(in, sizeof(in) - 1, 8);

	/* A line of exactly max_line bytes ending in CRLF is not cut. */
	decode_free(&s, "12345678\r\n", 10, 1, 8);
	ck_assert_str_eq(s.lines[0], "12345678");
	ck_assert_int_eq(s.flags[0], 0);
	sink_free(&s);
}

START_TEST(test_megabyte_line)
{
	size_t big = 3 * 1024 * 1024, n = big + 32, i;
	char *in = malloc(n);
	struct sink s;
	struct text_decoder *d;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < big; i++)
		in[i] = (char)('a' + i % 26);
	in[100] = (char)0xE9;		/* a CP1252 byte inside */
	memcpy(in + big, "\r\nnext line\r\n", 13);
	n = big + 13;
	d = decode(&s, in, n, 4096, 0, 1);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.lens[0], TEXT_DEFAULT_MAX_LINE);
	ck_assert_int_eq(s.flags[0], TEXT_LINE_CUT);
	ck_assert_uint_eq(s.ends[0], big + 2);
	ck_assert_str_eq(s.lines[1], "next line");
	ck_assert_uint_eq(s.ends[1], n);
	text_free(d);
	sink_free(&s);
	free(in);
}

START_TEST(test_many_lines_fast_path)
{
	struct buf in = { 0 }, want = { 0 };
	struct sink s;
	int i;

	for (i = 0; i < 5000; i++) {
		buf_printf(&in, "line %d some ascii text for the fast path%s", i,
		    i % 3 == 0 ? "\r\n" : "\n");
		buf_printf(&want, "line %d some ascii text for the fast path|",
		    i);
	}
	decode_free(&s, in.data, in.len, 1000, 0);
	ck_assert_uint_eq(s.n, 5000);
	ck_assert_str_eq(s.lines[63],
	    "line 63 some ascii text for the fast path");
	{
		struct buf got = { 0 };
		const char *p = s.out.data, *bar, *nl;

		while ((nl = strchr(p, '\n')) != NULL) {
			bar = strchr(strchr(strchr(p, '|') + 1, '|') + 1, '|');
			buf_append(&got, bar + 1, (size_t)(nl - bar - 1));
			buf_putc(&got, '|');
			p = nl + 1;
		}
		ck_assert_str_eq(buf_cstr(&got), buf_cstr(&want));
		buf_free(&got);
	}
	sink_free(&s);
	buf_free(&in);
	buf_free(&want);
}

START_TEST(test_resume)
{
	static const char in[] = "first\r\nsecond\r\nthird\r\n";
	struct sink s;
	struct text_decoder *d = text_new(0);

	memset(&s, 0, sizeof(s));
	text_resume(d, TEXT_ENC_UTF8, 7, 2);
	text_feed(d, in + 7, sizeof(in) - 1 - 7, sink_cb, &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(buf_cstr(&s.out), "2|15|0|second\n3|22|0|third\n");
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8);
	sink_free(&s);

	/* UTF-16 resumed mid-file: no BOM to see, the encoding is given. */
	{
		unsigned char u[64];
		size_t n = to_utf16(u, "xy\nzw\n", 0);

		text_resume(d, TEXT_ENC_UTF16LE, 1000, 40);
		text_feed(d, u + 6, n - 6, sink_cb, &s);
		ck_assert_str_eq(buf_cstr(&s.out), "40|1006|0|zw\n");
		sink_free(&s);
	}
	/* Offset 0 always sniffs, so a BOM is skipped. */
	text_resume(d, TEXT_ENC_UTF8, 0, 1);
	text_feed(d, "\xEF\xBB\xBFq\n", 5, sink_cb, &s);
	ck_assert_str_eq(buf_cstr(&s.out), "1|5|0|q\n");
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UTF8_BOM);
	sink_free(&s);
	text_free(d);
}

START_TEST(test_short_input_decided_at_finish)
{
	struct sink s;
	struct text_decoder *d;

	d = decode(&s, "\xEF\xBB", 2, 0, 0, 0);
	ck_assert_int_eq(text_encoding(d), TEXT_ENC_UNKNOWN);
	text_finish(d, sink_cb, &s);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.lines[0], "\xC3\xAF\xC2\xBB");
	text_free(d);
	sink_free(&s);

	decode_free(&s, "", 0, 0, 0);
	ck_assert_uint_eq(s.n, 0);
	sink_free(&s);
}

START_TEST(test_garbage_never_breaks)
{
	unsigned char in[20000];
	struct sink s;
	size_t i;
	uint32_t x = 12345;

	for (i = 0; i < sizeof(in); i++) {
		x = x * 1103515245 + 12345;
		in[i] = (unsigned char)(x >> 16);
	}
	in[0] = 'G';			/* keep it from looking like a BOM */
	in[1] = 'G';
	decode_free(&s, in, sizeof(in), 0, 100);
	ck_assert_uint_gt(s.n, 10);
	sink_free(&s);
	assert_chunk_invariant(in, 500, 50);
}

START_TEST(test_put_utf8)
{
	char b[4];

	ck_assert_uint_eq(text_put_utf8(b, 'A'), 1);
	ck_assert_uint_eq(text_put_utf8(b, 0xE9), 2);
	ck_assert_int_eq((unsigned char)b[0], 0xC3);
	ck_assert_uint_eq(text_put_utf8(b, 0x20AC), 3);
	ck_assert_uint_eq(text_put_utf8(b, 0x1F600), 4);
	ck_assert_int_eq((unsigned char)b[0], 0xF0);
	ck_assert_uint_eq(text_put_utf8(b, 0xD800), 3);	/* U+FFFD */
	ck_assert_int_eq((unsigned char)b[0], 0xEF);
}

Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_lf_crlf_offsets);
	tcase_add_test(tc, test_lone_cr_and_final_cr);
	tcase_add_test(tc, test_crlf_split_across_chunks);
	tcase_add_test(tc, test_utf8_bom);
	tcase_add_test(tc, test_utf16le_bom);
	tcase_add_test(tc, test_utf16be_bom);
	tcase_add_test(tc, test_utf16_without_bom);
	tcase_add_test(tc, test_utf16_surrogates);
	tcase_add_test(tc, test_cp1252_fallback);
	tcase_add_test(tc, test_cp1252_table);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_utf8_split_sequence);
	tcase_add_test(tc, test_nuls_dropped);
	tcase_add_test(tc, test_nul_run_splits_line);
	tcase_add_test(tc, test_nul_run_splits_utf16_line);
	tcase_add_test(tc, test_sniff_chunk_independent);
	tcase_add_test(tc, test_max_line_cut);
	tcase_add_test(tc, test_megabyte_line);
	tcase_add_test(tc, test_many_lines_fast_path);
	tcase_add_test(tc, test_resume);
	tcase_add_test(tc, test_short_input_decided_at_finish);
	tcase_add_test(tc, test_garbage_never_breaks);
	tcase_add_test(tc, test_put_utf8);
	suite_add_tcase(s, tc);
	return s;
}
