/*
 * check_reader — what the reader promises about the records it gives
 * (reader.h, event.h): every string of a record is valid UTF-8; bytes fed
 * in any chunks give the same records; and the safe point is where a
 * follower can restart after a crash and get back exactly the records it
 * had not committed, no fewer (nothing lost) and no others (nothing
 * twice).  The fuzz harness tests/fuzz/fuzz-decode.c checks the same
 * things on random input; the cases here are what it found.
 */
#include "testutil.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode/reader.h"
#include "lib/buf.h"
#include "lib/tzif.h"

/* The records of one run, one per line: "line..last end fmt text". */
struct out {
	struct buf	 text;
	size_t		 n;
	size_t		 at[256];	/* where record i starts in text */
	uint64_t	 end[256];
};

static void
on_record(void *arg, const struct event *ev)
{
	struct out *o = arg;

	ck_assert_uint_lt(o->n, 256);
	o->at[o->n] = o->text.len;
	o->end[o->n] = ev->end_offset;
	o->n++;
	buf_printf(&o->text, "%llu..%llu %llu %s [", (unsigned long long)ev->line,
	    (unsigned long long)ev->last_line,
	    (unsigned long long)ev->end_offset, event_format_name(ev->format));
	buf_append(&o->text, ev->text, ev->text_len);
	buf_puts(&o->text, "]\n");
}

/* Whether s[0..n) is valid UTF-8 (RFC 3629, strictly). */
static int
utf8_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, need;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 1;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			need = 2;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			need = 3;
		else
			return 0;
		if (i + need >= n)
			return 0;
		if ((s[i] == 0xE0 && s[i + 1] < 0xA0) ||
		    (s[i] == 0xED && s[i + 1] > 0x9F) ||
		    (s[i] == 0xF0 && s[i + 1] < 0x90) ||
		    (s[i] == 0xF4 && s[i + 1] > 0x8F))
			return 0;
		for (k = 1; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

struct check {
	void	(*fn)(const struct event *);
};

/* Collect the records' times (struct { size_t n; int64_t t[8]; }). */
static void
on_time(void *arg, const struct event *ev)
{
	struct { size_t n; int64_t t[8]; } *g = arg;

	ck_assert(ev->has_time);
	if (g->n < 8)
		g->t[g->n++] = ev->time_ms;
}

static void
on_check(void *arg, const struct event *ev)
{
	const struct check *c = arg;

	c->fn(ev);
}

/* When set, "#>" lines are filtered out, as the sample harness does. */
static int filtering;

static int
drop_annotation(void *arg, const char *line, size_t len, uint64_t line_no,
    int flags)
{
	return len >= 2 && line[0] == '#' && line[1] == '>';
}

static struct reader *
new_reader(enum event_format fmt, struct out *o)
{
	struct reader *r = reader_new(fmt, 0, 0, on_record, o);

	if (filtering)
		reader_set_filter(r, drop_annotation, NULL);
	return r;
}

/* Feed in[0..len) at once (resumed at off after lines), then finish. */
static void
read_from(struct out *o, enum event_format fmt, enum text_encoding enc,
    const char *in, size_t len, uint64_t off, uint64_t lines)
{
	struct reader *r;

	memset(o, 0, sizeof(*o));
	r = new_reader(fmt, o);
	reader_resume(r, enc, off, lines);
	reader_feed(r, in + off, len - (size_t)off);
	reader_finish(r);
	reader_free(r);
}

/*
 * After every prefix of the input fed a byte at a time, a reader resumed
 * at the safe point (with the encoding and format found so far) gives the
 * records of the whole input that end after it, and every record that
 * ends before it has already been emitted.
 */
static void
assert_restarts(enum event_format fmt, const char *in, size_t len)
{
	struct out all, part, again;
	struct reader *r;
	uint64_t off, lines;
	size_t k, from;
	enum event_format f;

	read_from(&all, fmt, TEXT_ENC_UNKNOWN, in, len, 0, 0);
	for (k = 1; k <= len; k++) {
		memset(&part, 0, sizeof(part));
		r = new_reader(fmt, &part);
		reader_feed(r, in, k);
		reader_safe_point(r, &off, &lines);
		for (from = 0; from < all.n && all.end[from] <= off; from++)
			;
		ck_assert_msg(from <= part.n, "after %zu bytes the safe point "
		    "%llu is past record %zu, not emitted yet", k,
		    (unsigned long long)off, part.n);
		f = reader_format(r);
		read_from(&again, f != FMT_AUTO ? f : fmt, reader_encoding(r),
		    in, len, off, lines);
		ck_assert_msg(strcmp(again.text.data != NULL ?
		    again.text.data : "", from < all.n ?
		    all.text.data + all.at[from] : "") == 0,
		    "after %zu bytes, restarting at %llu (%llu lines) gives\n"
		    "%s\ninstead of\n%s", k, (unsigned long long)off,
		    (unsigned long long)lines, buf_cstr(&again.text),
		    from < all.n ? all.text.data + all.at[from] : "");
		reader_free(r);
		buf_free(&part.text);
		buf_free(&again.text);
	}
	buf_free(&all.text);
}

/* The strings of the one record in[0..len) of format fmt gives. */
static void
one_record(enum event_format fmt, const char *in, size_t len,
    void (*check)(const struct event *))
{
	struct check c = { check };
	struct reader *r = reader_new(fmt, 0, 0, on_check, &c);

	reader_feed(r, in, len);
	reader_finish(r);
	ck_assert_uint_eq(reader_stats(r)->records, 1);
	reader_free(r);
}

static void
level_is_utf8(const struct event *ev)
{
	size_t n = strlen(ev->level);

	ck_assert_uint_gt(n, 0);
	ck_assert_msg(utf8_ok(ev->level, n), "level \"%s\" is cut inside "
	    "a character", ev->level);
}

/*
 * Found by fuzz-decode: a long Enterprise Library severity was cut to 32
 * bytes in the middle of a character (here "é", two bytes, at 31).
 */
START_TEST(test_long_level_cut_on_a_character)
{
	static const char in[] =
	    "Timestamp: 1/2/2016 10:00:00 AM\n"
	    "Severity: abcdefghijklmnopqrstuvwxyz01234\xc3\xa9\xc3\xa9\n";

	one_record(FMT_ENTLIB, in, sizeof(in) - 1, level_is_utf8);
}
END_TEST

static void
component_is_utf8(const struct event *ev)
{
	size_t n = strlen(ev->component);

	ck_assert_uint_gt(n, 4000);
	ck_assert_msg(utf8_ok(ev->component, n), "component cut inside a "
	    "character");
}

/*
 * Found by fuzz-decode: a cmtrace attribute tag is kept up to 4096 bytes,
 * and the cut fell in the middle of a character of the component.
 */
START_TEST(test_long_cmtrace_tag_cut_on_a_character)
{
	struct buf in = { 0 };
	int i;

	buf_puts(&in, "<![LOG[message]LOG]!><time=\"\" component=\"xy");
	for (i = 0; i < 3000; i++)
		buf_puts(&in, "\xc3\xa9");
	buf_puts(&in, "\">\n");
	one_record(FMT_CMTRACE, in.data, in.len, component_is_utf8);
	buf_free(&in);
}
END_TEST

/* Found by fuzz-decode: text before "<![LOG[" ends the record before. */
START_TEST(test_restart_cmtrace_shared_line)
{
	static const char in[] = "C\nS<![LOG[\n";

	assert_restarts(FMT_AUTO, in, sizeof(in) - 1);
	assert_restarts(FMT_CMTRACE, in, sizeof(in) - 1);
}
END_TEST

START_TEST(test_restart_configmgr_records_on_a_line)
{
	static const char in[] =
	    "first $$<C><01-02-2016 10:00:00.000+000><thread=1>second part\n"
	    "of it $$<C><01-02-2016 10:00:01.000+000><thread=1>\n";

	assert_restarts(FMT_CONFIGMGR, in, sizeof(in) - 1);
}
END_TEST

/* A record over two lines whose trailer is followed by the next record. */
START_TEST(test_restart_configmgr_spanning_then_next)
{
	static const char in[] =
	    "one\n"
	    "two $$<C><01-02-2016 10:00:00.000+000><thread=1>three\n"
	    "four $$<C><01-02-2016 10:00:01.000+000><thread=1>five\n"
	    "six $$<C><01-02-2016 10:00:02.000+000><thread=1>\n";

	assert_restarts(FMT_CONFIGMGR, in, sizeof(in) - 1);
	assert_restarts(FMT_AUTO, in, sizeof(in) - 1);
}
END_TEST

/*
 * Found by fuzz-decode: a line the filter took out was still counted as
 * part of the record after it, so a restart at the safe point read the
 * filtered line again and numbered every line after it one too high.
 */
START_TEST(test_restart_after_a_filtered_line)
{
	static const char in[] = "one\n#> note\ntwo\n  at x\n#> more\nthree\n";

	filtering = 1;
	assert_restarts(FMT_PLAIN, in, sizeof(in) - 1);
	assert_restarts(FMT_AUTO, in, sizeof(in) - 1);
	filtering = 0;
}
END_TEST

/*
 * Records chained by shared lines hold the safe point back, but not for
 * ever: a file of nothing else still gets committed (here 2 MiB, twice
 * the chain the decoder waits for).
 */
START_TEST(test_shared_lines_do_not_stall_the_safe_point)
{
	static const char line[] =
	    "end $$<C><01-02-2016 10:00:00.000+000><thread=1>start\n";
	struct out o;
	struct reader *r;
	uint64_t off, lines, fed = 0;

	memset(&o, 0, sizeof(o));
	r = reader_new(FMT_CONFIGMGR, 0, 0, on_record, &o);
	reader_feed(r, line, sizeof(line) - 1);
	reader_feed(r, line, sizeof(line) - 1);
	reader_safe_point(r, &off, &lines);
	ck_assert_uint_eq(off, 0);
	while (fed < 2 * 1024 * 1024) {
		o.n = 0;
		buf_reset(&o.text);
		reader_feed(r, line, sizeof(line) - 1);
		fed += sizeof(line) - 1;
	}
	reader_safe_point(r, &off, &lines);
	ck_assert_uint_gt(off, 1024 * 1024 / 2);
	reader_free(r);
	buf_free(&o.text);
}
END_TEST

/* Damaged trailers and a log4net line among ConfigMgr records. */
START_TEST(test_restart_configmgr_damaged)
{
	static const char in[] =
	    "a $$>C><01-02-2016 10:00:00.000+000><thread=1>\n"
	    "b $$<C><01-02-2016 10:0\n"
	    "c $$<C><01-02-2016 10:00:01.000+000><thread=1>d $$(C)(x)\n"
	    "2016-01-02 10:00:02,000 ERROR [1] L - e\n"
	    "   at F()\n"
	    "f $$<C><01-02-2016 10:00:03.000+000><thread=1>\n";

	assert_restarts(FMT_CONFIGMGR, in, sizeof(in) - 1);
	assert_restarts(FMT_AUTO, in, sizeof(in) - 1);
}
END_TEST

/*
 * Times without a zone in an IANA zone: log4net lines either side of
 * Berlin's spring change, the missing hour, the repeated one; a ConfigMgr
 * trailer's own bias still wins.
 */
START_TEST(test_reader_zone)
{
	static const char in[] =
	    "2016-03-27 01:59:59,000 INFO [1] A - before\n"
	    "2016-03-27 03:00:00,000 INFO [1] A - after\n"
	    "2016-03-27 02:30:00,000 INFO [1] A - missing\n"
	    "2016-10-30 02:30:00,000 INFO [1] A - twice\n"
	    "2016-07-01 12:00:00,500 INFO [1] A - summer\n";
	static const int64_t want[] = {
		1459040399000LL, 1459040400000LL, 1459042200000LL,
		1477787400000LL, 1467367200500LL,
	};
	struct times { size_t n; int64_t t[8]; } got = { 0, { 0 } };
	struct reader *r;
	size_t k;

	r = reader_new(FMT_LOG4NET, 0, 0, on_time, &got);
	reader_set_zone(r, tzif_posix("CET-1CEST,M3.5.0,M10.5.0/3", NULL));
	reader_feed(r, in, sizeof(in) - 1);
	reader_finish(r);
	reader_free(r);
	ck_assert_uint_eq(got.n, 5);
	for (k = 0; k < 5; k++)
		ck_assert_msg(got.t[k] == want[k], "%zu: %lld, not %lld", k,
		    (long long)got.t[k], (long long)want[k]);

	got.n = 0;
	r = reader_new(FMT_CONFIGMGR, 0, 0, on_time, &got);
	reader_set_zone(r, tzif_posix("CET-1CEST,M3.5.0,M10.5.0/3", NULL));
	reader_set_format(r, FMT_CONFIGMGR);
	reader_feed(r, "x $$<C><07-01-2016 12:00:00.500+000><thread=1>\n", 48);
	reader_finish(r);
	reader_free(r);
	ck_assert_uint_eq(got.n, 1);
	ck_assert_int_eq(got.t[0], 1467374400500LL);
}
END_TEST

/* Feed in[0..len) in one go and return the records as struct out. */
static void
read_all(struct out *o, enum event_format fmt, const char *in, size_t len)
{
	read_from(o, fmt, TEXT_ENC_UNKNOWN, in, len, 0, 0);
}

/*
 * A run of NULs in mid-line (a pre-allocated log, or one cut by a crash,
 * then written again): the text after it is a record of its own in every
 * format, never the end of the record the writer left unfinished, and
 * both keep the number of their physical line.  A follower restarting
 * anywhere gets the same records.
 */
START_TEST(test_nul_run_starts_a_record)
{
	static const char cm[] =
	    "Cannot find a public key for instruction 1.ins incoming from "
	    "site S02, ret\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "Cannot find a public key for instruction 2.ins incoming from "
	    "site S03  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420>"
	    "<thread=2316 (0x90C)>\n"
	    "done $$<SMS_DESPOOLER><08-22-2016 04:15:02.000+420><thread=1>\n";
	static const char l4[] =
	    "2011-05-03 14:22:10,123 WARN [12] A.B - first\0\0\0\0\0\0\0\0"
	    "Object reference not set to an instance of an object.\n"
	    "2011-05-03 14:22:11,000 INFO [12] A.B - next\n";
	static const char ct[] =
	    "<![LOG[cut here\0\0\0\0<![LOG[whole]LOG]!><time=\"10:00:00.000+000\" "
	    "date=\"01-02-2016\" component=\"C\" context=\"\" type=\"1\" "
	    "thread=\"1\" file=\"\">\n";
	struct out o;

	read_all(&o, FMT_AUTO, cm, sizeof(cm) - 1);
	ck_assert_uint_eq(o.n, 3);
	ck_assert_msg(strstr(o.text.data, "1..1 90 configmgr [Cannot find a "
	    "public key for instruction 1.ins incoming from site S02, ret]\n"
	    "1..1 ") == o.text.data, "%s", o.text.data);
	ck_assert_msg(strstr(o.text.data, "\n1..1 229 configmgr [Cannot find a "
	    "public key for instruction 2.ins incoming from site S03]\n"
	    "2..2 ") != NULL, "%s", o.text.data);
	buf_free(&o.text);
	assert_restarts(FMT_AUTO, cm, sizeof(cm) - 1);
	assert_restarts(FMT_CONFIGMGR, cm, sizeof(cm) - 1);

	read_all(&o, FMT_AUTO, l4, sizeof(l4) - 1);
	ck_assert_uint_eq(o.n, 3);
	ck_assert_msg(strstr(o.text.data, "log4net [first]\n1..1 ") != NULL, "%s", o.text.data);
	ck_assert_msg(strstr(o.text.data, "log4net [Object reference not set to "
	    "an instance of an object.]\n2..2 ") != NULL, "%s", o.text.data);
	buf_free(&o.text);
	assert_restarts(FMT_AUTO, l4, sizeof(l4) - 1);
	assert_restarts(FMT_PLAIN, l4, sizeof(l4) - 1);

	read_all(&o, FMT_AUTO, ct, sizeof(ct) - 1);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_msg(strstr(o.text.data, "cmtrace [cut here]\n") != NULL, "%s", o.text.data);
	ck_assert_msg(strstr(o.text.data, "cmtrace [whole]\n") != NULL, "%s", o.text.data);
	buf_free(&o.text);
	assert_restarts(FMT_CMTRACE, ct, sizeof(ct) - 1);
}
END_TEST

/* The same in a UTF-16LE ConfigMgr log. */
START_TEST(test_nul_run_starts_a_record_utf16)
{
	static const char *const part[] = {
		"SMS_DESPOOLER cut by a cra",
		"Cannot find a public key for instruction 2.ins incoming from "
		"site S03  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420>"
		"<thread=2316 (0x90C)>\r\n",
	};
	char in[1024];
	size_t n = 0, k;
	const char *c;
	struct out o;

	in[n++] = (char)0xFF;
	in[n++] = (char)0xFE;
	for (k = 0; k < 2; k++) {
		for (c = part[k]; *c != '\0'; c++) {
			in[n++] = *c;
			in[n++] = '\0';
		}
		if (k == 0) {
			memset(in + n, 0, 40);
			n += 40;
		}
	}
	read_all(&o, FMT_AUTO, in, n);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_msg(strstr(o.text.data, "1..1 94 configmgr [SMS_DESPOOLER cut "
	    "by a cra]\n1..1 ") != NULL, "%s", o.text.data);
	ck_assert_msg(strstr(o.text.data, "from site S03]\n") != NULL, "%s", o.text.data);
	buf_free(&o.text);
	assert_restarts(FMT_CONFIGMGR, in, n);
}
END_TEST

Suite *
reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_long_level_cut_on_a_character);
	tcase_add_test(tc, test_long_cmtrace_tag_cut_on_a_character);
	tcase_add_test(tc, test_restart_cmtrace_shared_line);
	tcase_add_test(tc, test_restart_configmgr_records_on_a_line);
	tcase_add_test(tc, test_restart_configmgr_spanning_then_next);
	tcase_add_test(tc, test_restart_after_a_filtered_line);
	tcase_add_test(tc, test_shared_lines_do_not_stall_the_safe_point);
	tcase_add_test(tc, test_nul_run_starts_a_record);
	tcase_add_test(tc, test_restart_configmgr_damaged);
	tcase_add_test(tc, test_reader_zone);
	tcase_add_test(tc, test_nul_run_starts_a_record_utf16);
	suite_add_tcase(s, tc);
	return s;
}
