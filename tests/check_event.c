/*
 * check_event — record assembly for every format of FORMATS.md, the
 * ConfigMgr timestamp generations, continuation lines, format sniffing,
 * cutting, and hostile input.
 */
#include "testutil.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "decode/event.h"
#include "decode/text.h"

#define MAXEV	64

struct rec {
	enum event_format fmt;
	char		*text;
	char		*first;
	char		*comp;
	char		*level;
	char		*thread;
	uint64_t	 line;
	uint64_t	 last_line;
	uint64_t	 end_offset;
	int		 has_time;
	int64_t		 time_ms;
	int		 flags;
	size_t		 text_len;
};

struct evs {
	size_t		 n;
	struct rec	 r[MAXEV];
};

static void
ev_cb(void *arg, const struct event *ev)
{
	struct evs *e = arg;
	struct rec *r;

	ck_assert_int_ne(ev->format, FMT_AUTO);
	ck_assert_int_eq(ev->text[ev->text_len], '\0');
	ck_assert_int_eq(ev->first[ev->first_len], '\0');
	ck_assert_ptr_nonnull(ev->component);
	ck_assert_ptr_nonnull(ev->level);
	ck_assert_ptr_nonnull(ev->thread);
	ck_assert_uint_le(ev->line, ev->last_line);
	if (e->n < MAXEV) {
		r = &e->r[e->n];
		r->fmt = ev->format;
		r->text = strdup(ev->text);
		r->first = strdup(ev->first);
		r->comp = strdup(ev->component);
		r->level = strdup(ev->level);
		r->thread = strdup(ev->thread);
		r->line = ev->line;
		r->last_line = ev->last_line;
		r->end_offset = ev->end_offset;
		r->has_time = ev->has_time;
		r->time_ms = ev->time_ms;
		r->flags = ev->flags;
		r->text_len = ev->text_len;
	}
	e->n++;
}

static void
evs_free(struct evs *e)
{
	size_t i;

	for (i = 0; i < e->n && i < MAXEV; i++) {
		free(e->r[i].text);
		free(e->r[i].first);
		free(e->r[i].comp);
		free(e->r[i].level);
		free(e->r[i].thread);
	}
	memset(e, 0, sizeof(*e));
}

/*
 * Split `in` at '\n' (a CR before it is dropped), feed every line with its
 * raw end offset, then flush.  A line that is just "\f" is no line: it
 * flushes there, as a follower does when its file goes quiet.  Returns the
 * parser's format.
 */
static enum event_format
run(struct evs *e, enum event_format fmt, int tz, size_t max_record,
    const char *in)
{
	struct event_parser *p = event_new(fmt, max_record, tz);
	const char *s = in, *nl;
	size_t n, len;
	uint64_t ln = 1;
	enum event_format got;

	memset(e, 0, sizeof(*e));
	while (*s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		len = n > 0 && s[n - 1] == '\r' ? n - 1 : n;
		if (len == 1 && s[0] == '\f') {
			event_flush(p, ev_cb, e);
			s += n + (nl != NULL);
			continue;
		}
		event_line(p, s, len, ln++, (uint64_t)(s - in) + n +
		    (nl != NULL), 0, ev_cb, e);
		s += n + (nl != NULL);
	}
	event_flush(p, ev_cb, e);
	got = event_parser_format(p);
	event_free(p);
	return got;
}

static int64_t
utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return test_timegm(&tm) * 1000 + ms;
}

static int64_t
cmt(const char *ts, int tz)
{
	int64_t ms = -1;

	ck_assert_msg(event_configmgr_time(ts, strlen(ts), tz, &ms) == 0,
	    "cannot parse <%s>", ts);
	return ms;
}

/* ConfigMgr timestamps */

START_TEST(test_cm_time_generation_c)
{
	int64_t ms;

	/* +420 is UTC-7: UTC = local + bias. */
	ck_assert_int_eq(cmt("08-22-2016 04:15:01.917+420", 0),
	    1471864501917LL);
	ck_assert_int_eq(cmt("08-22-2016 04:15:01.917+420", 0),
	    utc(2016, 8, 22, 11, 15, 1, 917));
	ck_assert_int_eq(cmt("<08-22-2016 04:15:01.917+420>", 0),
	    utc(2016, 8, 22, 11, 15, 1, 917));
	/* -60 is UTC+1, -780 UTC+13 (across midnight back a day). */
	ck_assert_int_eq(cmt("01-02-2017 10:00:00.000-60", 0),
	    utc(2017, 1, 2, 9, 0, 0, 0));
	ck_assert_int_eq(cmt("01-02-2017 10:00:00.000-780", 0),
	    utc(2017, 1, 1, 21, 0, 0, 0));
	/* Not zero-padded biases and dates. */
	ck_assert_int_eq(cmt("1-2-2017 10:00:00.000+00", 300),
	    utc(2017, 1, 2, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("1-2-2017 10:00:00.000+000", 300),
	    utc(2017, 1, 2, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("12-31-2016 23:59:59.999+0", 0),
	    utc(2016, 12, 31, 23, 59, 59, 999));
	/* Garbage is refused. */
	ck_assert_int_eq(event_configmgr_time("13-45-2016 04:15:01.917+420",
	    27, 0, &ms), -1);
	ck_assert_int_eq(event_configmgr_time("not a time", 10, 0, &ms), -1);
	ck_assert_int_eq(event_configmgr_time("", 0, 0, &ms), -1);
}

START_TEST(test_cm_time_generation_b)
{
	int64_t ms;

	ck_assert_int_eq(
	    cmt("Fri Mar 26 10:43:41.547 1999 Eastern Standard Time", 0),
	    utc(1999, 3, 26, 15, 43, 41, 547));
	/* One-digit hour. */
	ck_assert_int_eq(
	    cmt("Fri Mar 26 8:13:13.869 1999 Eastern Standard Time", 0),
	    utc(1999, 3, 26, 13, 13, 13, 869));
	/* No zone name: the default (+60 here). */
	ck_assert_int_eq(cmt("Fri Mar 26 8:13:13.869 1999", 60),
	    utc(1999, 3, 26, 7, 13, 13, 869));
	/* A localized name we do not know: the default too. */
	ck_assert_int_eq(cmt("Fri Mar 26 8:13:13.869 1999 Hora de verano "
	    "de Chile", -180), utc(1999, 3, 26, 11, 13, 13, 869));
	/* GMT Daylight Time is UK summer time, UTC+1. */
	ck_assert_int_eq(cmt("Mon Jul 05 12:00:00.000 2004 GMT Daylight Time",
	    0), utc(2004, 7, 5, 11, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 GMT Standard Time",
	    300), utc(2004, 1, 5, 12, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jul 05 12:00:00.000 2004 W. Europe Daylight "
	    "Time", 0), utc(2004, 7, 5, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 W. Europe Standard "
	    "Time", 0), utc(2004, 1, 5, 11, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jul 05 12:00:00.000 2004 Pacific Daylight "
	    "Time", 0), utc(2004, 7, 5, 19, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Central Standard "
	    "Time", 0), utc(2004, 1, 5, 18, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Mountain Standard "
	    "Time", 0), utc(2004, 1, 5, 19, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Alaskan Standard "
	    "Time", 0), utc(2004, 1, 5, 21, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Hawaiian Standard "
	    "Time", 0), utc(2004, 1, 5, 22, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Atlantic Standard "
	    "Time", 0), utc(2004, 1, 5, 16, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Romance Standard "
	    "Time", 0), utc(2004, 1, 5, 11, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jul 05 12:00:00.000 2004 Central Europe "
	    "Daylight Time", 0), utc(2004, 7, 5, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Central European "
	    "Standard Time", 0), utc(2004, 1, 5, 11, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 E. Europe Standard "
	    "Time", 0), utc(2004, 1, 5, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 FLE Standard Time",
	    0), utc(2004, 1, 5, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 GTB Standard Time",
	    0), utc(2004, 1, 5, 10, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Russian Standard "
	    "Time", 0), utc(2004, 1, 5, 9, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 India Standard "
	    "Time", 0), utc(2004, 1, 5, 6, 30, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 China Standard "
	    "Time", 0), utc(2004, 1, 5, 4, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Tokyo Standard "
	    "Time", 0), utc(2004, 1, 5, 3, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 AUS Eastern "
	    "Daylight Time", 0), utc(2004, 1, 5, 1, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 New Zealand "
	    "Daylight Time", 0), utc(2004, 1, 4, 23, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 SA Pacific "
	    "Standard Time", 0), utc(2004, 1, 5, 17, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 UTC", 120),
	    utc(2004, 1, 5, 12, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 Coordinated "
	    "Universal Time", 120), utc(2004, 1, 5, 12, 0, 0, 0));
	ck_assert_int_eq(cmt("Mon Jan 05 12:00:00.000 2004 "
	    "Mitteleurop\xc3\xa4ische Zeit", 0), utc(2004, 1, 5, 11, 0, 0, 0));
	ck_assert_int_eq(event_configmgr_time("Fri Foo 26 8:13:13.869 1999",
	    27, 0, &ms), -1);
}

START_TEST(test_cm_time_generation_a)
{
	ck_assert_int_eq(cmt("Wed May 21 17:09:02 1997~", 0),
	    utc(1997, 5, 21, 17, 9, 2, 0));
	ck_assert_int_eq(cmt("<Wed May 21 17:09:02 1997~>", -300),
	    utc(1997, 5, 21, 22, 9, 2, 0));
}

/* ConfigMgr records */

#define TR_C	"$$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420><thread=4544 (0x11C0)>"

START_TEST(test_cm_basic_record)
{
	struct evs e;

	ck_assert_int_eq(run(&e, FMT_CONFIGMGR, 0, 0,
	    "Waiting for ready instruction....~  " TR_C "\r\n"), FMT_CONFIGMGR);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_int_eq(e.r[0].fmt, FMT_CONFIGMGR);
	ck_assert_str_eq(e.r[0].text, "Waiting for ready instruction....\n");
	ck_assert_str_eq(e.r[0].comp, "SMS_DESPOOLER");
	ck_assert_str_eq(e.r[0].thread, "4544");
	ck_assert_int_eq(e.r[0].has_time, 1);
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 22, 11, 15, 1, 917));
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 1);
	ck_assert_uint_eq(e.r[0].end_offset, strlen(
	    "Waiting for ready instruction....~  " TR_C "\r\n"));
	ck_assert_str_eq(e.r[0].first,
	    "Waiting for ready instruction....~  " TR_C);
	evs_free(&e);
}

START_TEST(test_cm_tilde)
{
	struct evs e;

	run(&e, FMT_CONFIGMGR, 0, 0,
	    "~Start~~Found C:\\PROGRA~1\\MICROS~2\\inbox~3 x~ y  " TR_C "\n"
	    "a~b~~  " TR_C "\n");
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[0].text,
	    "\nStart\n\nFound C:\\PROGRA~1\\MICROS~2\\inbox~3 x\n y");
	ck_assert_str_eq(e.r[1].text, "a\nb\n\n");
	evs_free(&e);
}

START_TEST(test_cm_generations_in_records)
{
	struct evs e;

	run(&e, FMT_CONFIGMGR, 60, 0,
	    "SMS 2.0 msg $$<SMS_SENDER><Fri Mar 26 10:43:41.547 1999 Eastern "
	    "Standard Time><thread=1234 (0x4D2)>\n"
	    "one digit $$<SMS_SENDER><Fri Mar 26 8:13:13.869 1999><thread=1>\n"
	    "SMS 1.x msg $$<SMS_SENDER><Wed May 21 17:09:02 1997~><thread=DB>\n"
	    "UK $$<SMS_SENDER><Mon Jul 05 12:00:00.000 2004 GMT Daylight Time>"
	    "<thread=2>\n");
	ck_assert_uint_eq(e.n, 4);
	ck_assert_int_eq(e.r[0].time_ms, utc(1999, 3, 26, 15, 43, 41, 547));
	ck_assert_str_eq(e.r[0].thread, "1234");
	ck_assert_int_eq(e.r[1].time_ms, utc(1999, 3, 26, 7, 13, 13, 869));
	ck_assert_str_eq(e.r[2].text, "SMS 1.x msg");
	ck_assert_str_eq(e.r[2].thread, "DB");
	ck_assert_int_eq(e.r[2].time_ms, utc(1997, 5, 21, 16, 9, 2, 0));
	ck_assert_int_eq(e.r[3].time_ms, utc(2004, 7, 5, 11, 0, 0, 0));
	evs_free(&e);
}

START_TEST(test_cm_spanning_record)
{
	struct evs e;

	run(&e, FMT_CONFIGMGR, 0, 0,
	    "first part of the message\r\n"
	    "\r\n"
	    "second part " TR_C "\r\n"
	    "next " TR_C "\r\n");
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[0].text,
	    "first part of the message\nsecond part");
	ck_assert_str_eq(e.r[0].first, "first part of the message");
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 3);
	ck_assert_str_eq(e.r[0].comp, "SMS_DESPOOLER");
	ck_assert_str_eq(e.r[1].text, "next");
	ck_assert_uint_eq(e.r[1].line, 4);
	evs_free(&e);
}

START_TEST(test_cm_wrapped_trailer)
{
	struct evs e;

	/* Wrapped at a blank inside the timestamp. */
	run(&e, FMT_CONFIGMGR, 0, 0,
	    "Sending to site XYZ $$<SMS_SENDER><08-22-2016\n"
	    "04:15:01.917+420><thread=4544 (0x11C0)>\n"
	    "after " TR_C "\n");
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[0].text, "Sending to site XYZ");
	ck_assert_str_eq(e.r[0].comp, "SMS_SENDER");
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 22, 11, 15, 1, 917));
	ck_assert_str_eq(e.r[0].thread, "4544");
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 2);
	ck_assert_str_eq(e.r[1].text, "after");
	evs_free(&e);

	/* Wrapped mid-token, and the whole trailer on the next line. */
	run(&e, FMT_CONFIGMGR, 0, 0,
	    "msg one $$<SMS_SEN\n"
	    "DER><08-22-2016 04:15:01.917+420><thread=7>\n"
	    "msg two\n"
	    TR_C "\n"
	    "msg three $$\n"
	    "<C><08-22-2016 04:15:01.917+420><thread=8>\n");
	ck_assert_uint_eq(e.n, 3);
	ck_assert_str_eq(e.r[0].text, "msg one");
	ck_assert_str_eq(e.r[0].comp, "SMS_SENDER");
	ck_assert_str_eq(e.r[1].text, "msg two");
	ck_assert_uint_eq(e.r[1].line, 3);
	ck_assert_uint_eq(e.r[1].last_line, 4);
	ck_assert_str_eq(e.r[2].text, "msg three");
	ck_assert_str_eq(e.r[2].thread, "8");
	evs_free(&e);

	/* A "$$<" fragment that is not a trailer after all stays text. */
	run(&e, FMT_CONFIGMGR, 0, 0,
	    "price $$<dollars\n"
	    "more text " TR_C "\n");
	ck_assert_uint_eq(e.n, 1);
	ck_assert_str_eq(e.r[0].text, "price $$<dollars\nmore text");
	evs_free(&e);
}

START_TEST(test_cm_several_records_on_a_line)
{
	static const char in[] =
	    "one $$<A><08-22-2016 04:15:01.917+420><thread=1>"
	    "two~ $$<SMS Provider><08-22-2016 04:15:02.000+420><thread=2>"
	    "three $$<C:\\Program Files\\x.exe><08-22-2016 04:15:03.000+420>"
	    "<thread=4294967295 (0xFFFFFFFF)>\r\n";
	struct evs e;

	run(&e, FMT_CONFIGMGR, 0, 0, in);
	ck_assert_uint_eq(e.n, 3);
	ck_assert_str_eq(e.r[0].text, "one");
	ck_assert_str_eq(e.r[0].comp, "A");
	ck_assert_str_eq(e.r[1].text, "two\n");
	ck_assert_str_eq(e.r[1].comp, "SMS Provider");
	ck_assert_int_eq(e.r[1].time_ms, utc(2016, 8, 22, 11, 15, 2, 0));
	ck_assert_str_eq(e.r[2].text, "three");
	ck_assert_str_eq(e.r[2].comp, "C:\\Program Files\\x.exe");
	ck_assert_str_eq(e.r[2].thread, "4294967295");
	ck_assert(strncmp(e.r[1].first, "two~ $$<SMS Provider>", 21) == 0);
	ck_assert(strncmp(e.r[2].first, "three $$<", 9) == 0);
	ck_assert_uint_eq(strlen(e.r[0].first), sizeof(in) - 3);
	ck_assert(strncmp(e.r[0].first, in, sizeof(in) - 3) == 0);
	ck_assert_uint_eq(e.r[0].end_offset, sizeof(in) - 1);
	ck_assert_uint_eq(e.r[1].end_offset, sizeof(in) - 1);
	ck_assert_uint_eq(e.r[2].end_offset, sizeof(in) - 1);
	ck_assert_uint_eq(e.r[2].line, 1);
	evs_free(&e);
}

START_TEST(test_cm_time_never_from_message)
{
	struct evs e;

	run(&e, FMT_CONFIGMGR, 0, 0,
	    "STATMSG: ID=4404 SEV=W LEV=M SOURCE=\"SMS Server\" "
	    "COMP=\"SMS_DESPOOLER\" GMTDATE=Mon Aug 22 11:15:01.917 2016 "
	    "ISTR0=\"x\" won't be processed till 5/16/2016 12:29:11 PM Eastern "
	    "Daylight Time  $$<SMS_DESPOOLER><08-23-2016 04:15:01.917+420>"
	    "<thread=1>\n"
	    "no trailer at all, time unknown\n");
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 23, 11, 15, 1, 917));
	ck_assert_int_eq(e.r[1].has_time, 0);
	ck_assert_str_eq(e.r[1].text, "no trailer at all, time unknown");
	evs_free(&e);
}

START_TEST(test_cm_hostile)
{
	struct buf in = { 0 };
	struct evs e;
	int i;

	for (i = 0; i < 200000; i++)
		buf_puts(&in, "$$<");
	buf_puts(&in, "\n");
	for (i = 0; i < 50000; i++)
		buf_puts(&in, "$$<x><y");
	buf_puts(&in, "\n<html><body>garbage</body></html>\n");
	buf_puts(&in, "good " TR_C "\n");
	buf_puts(&in, "$$<\n");
	buf_puts(&in, "good two " TR_C "\n");
	run(&e, FMT_CONFIGMGR, 0, 0, in.data);
	/*
	 * The damaged trailer that ends line 2 closes the record of lines 1
	 * and 2 (cut), which does not swallow the good ones after it; a "$$<"
	 * with no field closed is text.
	 */
	ck_assert_uint_eq(e.n, 3);
	ck_assert_int_eq(e.r[0].flags & EVENT_CUT, EVENT_CUT);
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 2);
	ck_assert_str_eq(e.r[0].comp, "x");
	ck_assert_str_eq(e.r[1].text, "<html><body>garbage</body></html>\ngood");
	ck_assert_str_eq(e.r[1].comp, "SMS_DESPOOLER");
	ck_assert_str_eq(e.r[2].text, "$$<\ngood two");
	ck_assert_int_eq(e.r[2].has_time, 1);
	evs_free(&e);
	buf_free(&in);
}

/*
 * A damaged trailer ("$$>", "$$(…)", a bad field, one cut at the end of a
 * line the next does not complete) closes its record, with the component
 * and time that can be read; a log4net line among ConfigMgr records is a
 * record of its own with its stack trace.  None swallows the next record.
 */
START_TEST(test_cm_damaged_trailer_closes_its_record)
{
	struct evs e;

	run(&e, FMT_CONFIGMGR, 0, 0,
	    "Broken gt  $$>SMS_SENDER><08-22-2016 04:15:02.917+420><thread=1>\n"
	    "a " TR_C "\n"
	    "Parens  $$(SMS_SENDER)(08-22-2016 04:15:04.000+420)(thread=1)\n"
	    "b " TR_C "\n"
	    "Cut trailer  $$<SMS_SENDER><08-22-2016 04:1\n"
	    "c " TR_C "\n"
	    "Bad field  $$<SMS_SENDER><08-22-2016 <04:15:06><thread=1>\n"
	    "d " TR_C "\n"
	    "2016-08-22 04:15:08,000 ERROR [5] Other.Process - alien\n"
	    "System.Exception: x\n"
	    "   at Foo()\n"
	    "e " TR_C "\n");
	ck_assert_uint_eq(e.n, 10);
	ck_assert_str_eq(e.r[0].text, "Broken gt");
	ck_assert_str_eq(e.r[0].comp, "SMS_SENDER");
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 22, 11, 15, 2, 917));
	ck_assert_str_eq(e.r[1].text, "a");
	ck_assert_str_eq(e.r[2].text, "Parens");
	ck_assert_int_eq(e.r[2].has_time, 1);
	ck_assert_str_eq(e.r[3].text, "b");
	ck_assert_str_eq(e.r[4].text, "Cut trailer");
	ck_assert_str_eq(e.r[4].comp, "SMS_SENDER");
	ck_assert_int_eq(e.r[4].has_time, 0);
	ck_assert_uint_eq(e.r[4].last_line, 5);
	ck_assert_str_eq(e.r[5].text, "c");
	ck_assert_str_eq(e.r[6].text, "Bad field");
	ck_assert_str_eq(e.r[7].text, "d");
	ck_assert_str_eq(e.r[8].text, "alien\nSystem.Exception: x\n   at Foo()");
	ck_assert_int_eq(e.r[8].time_ms, utc(2016, 8, 22, 4, 15, 8, 0));
	ck_assert_str_eq(e.r[8].level, "error");
	ck_assert_str_eq(e.r[9].text, "e");
	evs_free(&e);
}

/*
 * A line the decoder cut (its trailer was in the discarded part) closes its
 * record: it must not swallow the good record on the next line.
 */
START_TEST(test_cm_cut_line_closes_its_record)
{
	struct event_parser *p = event_new(FMT_CONFIGMGR, 0, 0);
	const char *good = "good " TR_C;
	struct evs e;

	memset(&e, 0, sizeof(e));
	event_line(p, "xxxxxxxxxx", 10, 1, 5000000, TEXT_LINE_CUT, ev_cb, &e);
	event_line(p, good, strlen(good), 2, 5000100, 0, ev_cb, &e);
	event_flush(p, ev_cb, &e);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 1);
	ck_assert_int_eq(e.r[0].flags & EVENT_LINE_CUT, EVENT_LINE_CUT);
	ck_assert_int_eq(e.r[0].has_time, 0);
	ck_assert_str_eq(e.r[1].text, "good");
	ck_assert_uint_eq(e.r[1].line, 2);
	ck_assert_int_eq(e.r[1].has_time, 1);
	evs_free(&e);
	event_free(p);
}
END_TEST

/* cmtrace */

START_TEST(test_cmtrace_basic)
{
	static const char in[] =
	    "<![LOG[Successfully sent location services HTTP request.]LOG]!>"
	    "<time=\"13:59:35.672+420\" date=\"8-22-2016\" "
	    "component=\"LocationServices\" context=\"\" type=\"3\" "
	    "thread=\"4236\" file=\"lsad.cpp:5109\">\r\n"
	    "<![LOG[second]LOG]!><time=\"01:02:03.004-60\" date=\"08-02-2016\" "
	    "component=\"X\" context=\"\" type=\"2\" thread=\"1\" "
	    "file=\"\">\r\n";
	struct evs e;

	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, in), FMT_CMTRACE);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(e.r[0].fmt, FMT_CMTRACE);
	ck_assert_str_eq(e.r[0].text,
	    "Successfully sent location services HTTP request.");
	ck_assert_str_eq(e.r[0].comp, "LocationServices");
	ck_assert_str_eq(e.r[0].level, "error");
	ck_assert_str_eq(e.r[0].thread, "4236");
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 22, 20, 59, 35, 672));
	ck_assert_str_eq(e.r[1].level, "warning");
	ck_assert_int_eq(e.r[1].time_ms, utc(2016, 8, 2, 0, 2, 3, 4));
	ck_assert_uint_eq(e.r[1].end_offset, sizeof(in) - 1);
	evs_free(&e);
}

START_TEST(test_cmtrace_spanning_and_brackets)
{
	struct evs e;

	run(&e, FMT_CMTRACE, 60, 0,
	    "<![LOG[Policy [A] failed:\n"
	    "  detail line\n"
	    "ends with bracket]]LOG]!><TYPE=\"1\" Thread=\"9\" "
	    "Component=\"PolicyAgent\" DATE=\"12-1-2019\"\n"
	    " time=\"13:59:35.6721099\" file=\"x.cpp:1\">\n"
	    "<![LOG[two [x]]LOG]!><time=\"13:59:35.6721099\" date=\"12-01-2019\" "
	    "component=\"C\" type=\"1\" thread=\"2\">"
	    "<![LOG[three]LOG]!><time=\"1:2:3.000+0\" date=\"12-01-2019\" "
	    "component=\"D\" type=\"1\" thread=\"3\">\n");
	ck_assert_uint_eq(e.n, 3);
	ck_assert_str_eq(e.r[0].text,
	    "Policy [A] failed:\n  detail line\nends with bracket]");
	ck_assert_str_eq(e.r[0].comp, "PolicyAgent");
	ck_assert_str_eq(e.r[0].level, "info");
	ck_assert_str_eq(e.r[0].thread, "9");
	/* 7-digit fraction, no bias: local time, default zone +60. */
	ck_assert_int_eq(e.r[0].time_ms, utc(2019, 12, 1, 12, 59, 35, 672));
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 4);
	ck_assert_str_eq(e.r[1].text, "two [x]");
	ck_assert_str_eq(e.r[2].text, "three");
	ck_assert_int_eq(e.r[2].time_ms, utc(2019, 12, 1, 1, 2, 3, 0));
	ck_assert_uint_eq(e.r[1].line, 5);
	ck_assert_uint_eq(e.r[2].line, 5);
	evs_free(&e);
}

START_TEST(test_cmtrace_hostile)
{
	struct buf in = { 0 };
	struct evs e;
	int i;

	buf_puts(&in, "<![LOG[\n");
	buf_puts(&in, "<![LOG[good]LOG]!><time=\"10:00:00.000+0\" "
	    "date=\"1-1-2020\" component=\"G\" type=\"3\" thread=\"1\">\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&in, "<![LOG[");
	buf_puts(&in, "\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&in, "]LOG]!>");
	buf_puts(&in, "\nSystem.Exception: orphan continuation\n");
	buf_puts(&in, "<![LOG[good two]LOG]!><time=\"10:00:00.000+0\" "
	    "date=\"1-1-2020\" component=\"G\" type=\"1\" thread=\"1\">\n");
	run(&e, FMT_CMTRACE, 0, 0, in.data);
	/* The empty unclosed envelopes vanish; the garbage is one record. */
	ck_assert_uint_eq(e.n, 3);
	ck_assert_str_eq(e.r[0].text, "good");
	ck_assert_str_eq(e.r[0].level, "error");
	ck_assert_int_eq(e.r[0].time_ms, utc(2020, 1, 1, 10, 0, 0, 0));
	ck_assert_uint_eq(e.r[0].line, 2);
	ck_assert_int_eq(e.r[1].flags & EVENT_CUT, EVENT_CUT);
	ck_assert_uint_eq(e.r[1].line, 3);
	ck_assert_uint_eq(e.r[1].last_line, 5);
	ck_assert_str_eq(e.r[e.n - 1].text, "good two");
	ck_assert_str_eq(e.r[e.n - 1].comp, "G");
	evs_free(&e);
	buf_free(&in);
}

/* log4net */

START_TEST(test_log4net_cms5)
{
	struct evs e;

	ck_assert_int_eq(run(&e, FMT_AUTO, 120, 0,
	    "2013-04-09 00:57:29,648 ERROR [57] EPiServer.Global.Global_Error - "
	    "1.2.5 Unhandled exception in ASP.NET\r\n"
	    "System.Net.Sockets.SocketException: No connection could be made\r\n"
	    "   at System.Net.Sockets.Socket.Connect(EndPoint remoteEP)\r\n"
	    "\r\n"
	    "Server stack trace: \r\n"
	    "   at System.Runtime.Remoting.Channels.Tcp.TcpClientSocketHandler\r\n"
	    "\r\n"
	    "Exception rethrown at [0]: \r\n"
	    "   bei EPiServer.Foo.Bar()\r\n"
	    "   \xd0\xb2 EPiServer.Baz()\r\n"
	    " ---> System.IO.IOException: inner\r\n"
	    "--- End of inner exception stack trace ---\r\n"
	    "--- Ende der internen Ausnahmestapel\xc3\xbc" "berwachung ---\r\n"
	    "Ektron.Cms.Sync.SyncException\r\n"
	    "2013-04-09 00:57:30.100 INFO  [12] EPiServer.Core - started\r\n"
	    "\r\n"), FMT_LOG4NET);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(e.r[0].fmt, FMT_LOG4NET);
	ck_assert_str_eq(e.r[0].level, "error");
	ck_assert_str_eq(e.r[0].thread, "57");
	ck_assert_str_eq(e.r[0].comp, "EPiServer.Global.Global_Error");
	ck_assert_int_eq(e.r[0].time_ms, utc(2013, 4, 8, 22, 57, 29, 648));
	ck_assert_str_eq(e.r[0].text,
	    "1.2.5 Unhandled exception in ASP.NET\n"
	    "System.Net.Sockets.SocketException: No connection could be made\n"
	    "   at System.Net.Sockets.Socket.Connect(EndPoint remoteEP)\n"
	    "\n"
	    "Server stack trace: \n"
	    "   at System.Runtime.Remoting.Channels.Tcp.TcpClientSocketHandler\n"
	    "\n"
	    "Exception rethrown at [0]: \n"
	    "   bei EPiServer.Foo.Bar()\n"
	    "   \xd0\xb2 EPiServer.Baz()\n"
	    " ---> System.IO.IOException: inner\n"
	    "--- End of inner exception stack trace ---\n"
	    "--- Ende der internen Ausnahmestapel\xc3\xbc" "berwachung ---\n"
	    "Ektron.Cms.Sync.SyncException");
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 14);
	ck_assert_str_eq(e.r[1].level, "info");
	ck_assert_str_eq(e.r[1].text, "started");
	ck_assert_int_eq(e.r[1].time_ms, utc(2013, 4, 8, 22, 57, 30, 100));
	ck_assert_uint_eq(e.r[1].last_line, 16);
	evs_free(&e);
}

START_TEST(test_log4net_cms7)
{
	struct evs e;

	run(&e, FMT_LOG4NET, 0, 0,
	    "2013-04-09 00:57:29,648 [57] WARN EPiServer.Events.Remote."
	    "EventReplication: Exception calling IEventReplication::RaiseEvent "
	    "on remote object. System.Net.Sockets.SocketException: refused\n"
	    "2013-04-09 00:57:31 [Thread Pool 3] ERROR EPiServer.Foo: failed\n"
	    "System.ServiceModel.CommunicationObjectFaultedException: The "
	    "communication object, System.ServiceModel.Channels.ServiceChannel\n"
	    "   at X.Y()\n");
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[0].level, "warning");
	ck_assert_str_eq(e.r[0].comp, "EPiServer.Events.Remote.EventReplication");
	ck_assert(strstr(e.r[0].text, "SocketException: refused") != NULL);
	ck_assert(strncmp(e.r[0].text, "Exception calling", 17) == 0);
	ck_assert_int_eq(e.r[0].time_ms, utc(2013, 4, 9, 0, 57, 29, 648));
	ck_assert_str_eq(e.r[1].thread, "Thread Pool 3");
	ck_assert_str_eq(e.r[1].comp, "EPiServer.Foo");
	ck_assert_int_eq(e.r[1].time_ms, utc(2013, 4, 9, 0, 57, 31, 0));
	ck_assert_str_eq(e.r[1].text, "failed\n"
	    "System.ServiceModel.CommunicationObjectFaultedException: The "
	    "communication object, System.ServiceModel.Channels.ServiceChannel\n"
	    "   at X.Y()");
	ck_assert_uint_eq(e.r[1].last_line, 4);
	evs_free(&e);
}

START_TEST(test_log4net_orphans)
{
	struct evs e;

	/*
	 * Lines before the first header are not lost.  A failure's message
	 * runs on; after an INFO record, a line of another writer is a record
	 * of its own, unless it tells of an exception.
	 */
	run(&e, FMT_LOG4NET, 0, 0,
	    "\n"
	    "leftover from a previous run\n"
	    "2013-04-09 00:57:29,648 ERROR [5] A.B - x\n"
	    "not a header, so a continuation\n"
	    "2013-04-09 00:57:30,000 INFO [5] A.B - started\n"
	    "Service stopped by another writer\n"
	    "Eine Ausnahme vom Typ System.OutOfMemoryException wurde ausgel\xc3\xb6st.\n");
	ck_assert_uint_eq(e.n, 4);
	ck_assert_str_eq(e.r[0].text, "leftover from a previous run");
	ck_assert_int_eq(e.r[0].has_time, 0);
	ck_assert_uint_eq(e.r[0].line, 2);
	ck_assert_str_eq(e.r[1].text, "x\nnot a header, so a continuation");
	ck_assert_str_eq(e.r[2].text, "started");
	ck_assert_str_eq(e.r[3].text, "Service stopped by another writer\n"
	    "Eine Ausnahme vom Typ System.OutOfMemoryException wurde ausgel\xc3\xb6st.");
	ck_assert_int_eq(e.r[3].has_time, 0);
	evs_free(&e);
}

/*
 * A record passed on while still open (its file went quiet, or it kept
 * growing): the lines after it continue it, with its header, until the
 * next record starts.
 */
START_TEST(test_flush_continues)
{
	struct evs e;

	run(&e, FMT_LOG4NET, 0, 0,
	    "2013-04-09 00:57:29,648 ERROR [5] A.B - failed\n"
	    "System.Exception: boom\n"
	    "\f\n"
	    "   at A.B.C()\n"
	    "   at A.B.D()\n"
	    "\f\n"
	    "   at A.B.E()\n"
	    "2013-04-09 00:57:30,001 INFO [5] A.B - next\n"
	    "\f\n"
	    "2013-04-09 00:57:31,001 INFO [5] A.B - after\n");
	ck_assert_uint_eq(e.n, 5);
	ck_assert_str_eq(e.r[0].text, "failed\nSystem.Exception: boom");
	ck_assert_int_eq(e.r[0].flags & EVENT_CONTINUED, 0);
	ck_assert_str_eq(e.r[1].text, "   at A.B.C()\n   at A.B.D()");
	ck_assert_int_ne(e.r[1].flags & EVENT_CONTINUED, 0);
	ck_assert_str_eq(e.r[1].first, e.r[0].first);
	ck_assert_str_eq(e.r[1].level, "error");
	ck_assert_str_eq(e.r[1].thread, "5");
	ck_assert_int_eq(e.r[1].has_time, 1);
	ck_assert_int_eq(e.r[1].time_ms, e.r[0].time_ms);
	ck_assert_uint_eq(e.r[1].line, 3);
	ck_assert_int_ne(e.r[2].flags & EVENT_CONTINUED, 0);
	ck_assert_str_eq(e.r[2].text, "   at A.B.E()");
	/* A new header starts a record of its own, flushed or not. */
	ck_assert_str_eq(e.r[3].text, "next");
	ck_assert_int_eq(e.r[3].flags & EVENT_CONTINUED, 0);
	ck_assert_str_eq(e.r[4].text, "after");
	ck_assert_int_eq(e.r[4].flags & EVENT_CONTINUED, 0);
	evs_free(&e);

	/* Enterprise Library: the rest of a block, up to its dashed line. */
	run(&e, FMT_ENTLIB, 0, 0,
	    "----------------------------------------\n"
	    "Timestamp: 5/4/2011 10:12:03 AM\n"
	    "Message: SyncDatabaseFailed\n"
	    "\f\n"
	    "Category: General\n"
	    "Severity: Error\n"
	    "----------------------------------------\n"
	    "\f\n"
	    "Timestamp: 5/4/2011 10:13:03 AM\n"
	    "Message: next\n");
	ck_assert_uint_eq(e.n, 3);
	ck_assert_int_ne(e.r[1].flags & EVENT_CONTINUED, 0);
	ck_assert_str_eq(e.r[1].text, "Category: General\nSeverity: Error");
	ck_assert_int_eq(e.r[1].time_ms, e.r[0].time_ms);
	ck_assert_int_eq(e.r[2].flags & EVENT_CONTINUED, 0);
	evs_free(&e);
}
END_TEST

/* entlib */

START_TEST(test_entlib_blocks)
{
	struct evs e;

	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0,
	    "----------------------------------------\r\n"
	    "Timestamp: 5/4/2011 10:00:00 PM\r\n"
	    "Message: Sync failed: The remote server returned an error: (407) "
	    "Proxy Authentication Required.\r\n"
	    "   at Ektron.Sync.Foo()\r\n"
	    "Category: Sync\r\n"
	    "Priority: -1\r\n"
	    "EventId: 0\r\n"
	    "Severity: Error\r\n"
	    "Title:\r\n"
	    "Machine: WEB01\r\n"
	    "App Domain: EktronWindowsService40.exe\r\n"
	    "ProcessId: 1234\r\n"
	    "Process Name: C:\\Ektron\\EktronWindowsService40.exe\r\n"
	    "Thread Name: \r\n"
	    "Win32 ThreadId:5678\r\n"
	    "Extended Properties: \r\n"
	    "----------------------------------------\r\n"
	    "\r\n"
	    "----------------------------------------\r\n"
	    "Timestamp: 25/4/2011 13:05:09\r\n"
	    "Message: second\r\n"
	    "Category: General\r\n"
	    "Severity: Information\r\n"
	    "----------------------------------------\r\n"
	    "Timestamp: 4/26/2011 1:00:00 AM\r\n"
	    "Message: third, no dashes after\r\n"
	    "Timestamp: 4/27/2011 12:00:00 AM\r\n"
	    "Message: fourth\r\n"
	    "Severity: Warning\r\n"), FMT_ENTLIB);
	ck_assert_uint_eq(e.n, 4);
	ck_assert_int_eq(e.r[0].fmt, FMT_ENTLIB);
	ck_assert_int_eq(e.r[0].time_ms, utc(2011, 5, 4, 22, 0, 0, 0));
	ck_assert_str_eq(e.r[0].comp, "Sync");
	ck_assert_str_eq(e.r[0].level, "error");
	ck_assert_str_eq(e.r[0].thread, "5678");
	ck_assert(strncmp(e.r[0].text, "Timestamp: 5/4/2011 10:00:00 PM\n"
	    "Message: Sync failed", 52) == 0);
	ck_assert(strstr(e.r[0].text, "(407) Proxy Authentication Required."
	    "\n   at Ektron.Sync.Foo()\nCategory: Sync\n") != NULL);
	ck_assert(strstr(e.r[0].text, "Extended Properties:") != NULL);
	ck_assert(strstr(e.r[0].text, "-----") == NULL);
	ck_assert_uint_eq(e.r[0].line, 2);
	ck_assert_uint_eq(e.r[0].last_line, 16);
	ck_assert_str_eq(e.r[0].first, "Timestamp: 5/4/2011 10:00:00 PM");
	/* 25 cannot be a month: day first. */
	ck_assert_int_eq(e.r[1].time_ms, utc(2011, 4, 25, 13, 5, 9, 0));
	ck_assert_str_eq(e.r[1].level, "info");
	ck_assert_str_eq(e.r[1].comp, "General");
	ck_assert_str_eq(e.r[2].text,
	    "Timestamp: 4/26/2011 1:00:00 AM\nMessage: third, no dashes after");
	ck_assert_int_eq(e.r[2].time_ms, utc(2011, 4, 26, 1, 0, 0, 0));
	ck_assert_int_eq(e.r[3].time_ms, utc(2011, 4, 27, 0, 0, 0, 0));
	ck_assert_str_eq(e.r[3].level, "warning");
	evs_free(&e);
}

/* plain and continuation lines */

START_TEST(test_plain_continuations)
{
	struct evs e;

	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0,
	    "   \n"
	    "Service initialized successfully\n"
	    "Sync failed\n"
	    "System.ServiceModel.CommunicationException: boom\n"
	    "   at A.B()\n"
	    " ---> System.Net.WebException: The remote server returned an error: "
	    "(403) Forbidden.\n"
	    "--- End of inner exception stack trace ---\n"
	    "Server stack trace: \n"
	    "\n"
	    "Exception rethrown at [1]: \n"
	    "Ektron.Something.BarException\n"
	    "\t\n"
	    "Service started successfully\n"), FMT_AUTO);
	ck_assert_uint_eq(e.n, 3);
	ck_assert_int_eq(e.r[0].fmt, FMT_PLAIN);
	ck_assert_str_eq(e.r[0].text, "Service initialized successfully");
	ck_assert_uint_eq(e.r[0].line, 2);
	ck_assert_str_eq(e.r[1].text, "Sync failed\n"
	    "System.ServiceModel.CommunicationException: boom\n"
	    "   at A.B()\n"
	    " ---> System.Net.WebException: The remote server returned an error: "
	    "(403) Forbidden.\n"
	    "--- End of inner exception stack trace ---\n"
	    "Server stack trace: \n"
	    "\n"
	    "Exception rethrown at [1]: \n"
	    "Ektron.Something.BarException");
	ck_assert_uint_eq(e.r[1].line, 3);
	ck_assert_uint_eq(e.r[1].last_line, 12);
	ck_assert_str_eq(e.r[2].text, "Service started successfully");
	ck_assert_uint_eq(e.r[2].line, 13);
	evs_free(&e);

	/* Not exception types: ordinary words, no dot, no Exception suffix. */
	run(&e, FMT_PLAIN, 0, 0,
	    "one\nException handling enabled\nSystem.Net is fine\n"
	    "MyException: x\n");
	ck_assert_uint_eq(e.n, 4);
	evs_free(&e);
}

/*
 * Indented text: in plain text an indented block of ordinary lines is
 * several records; stack frames in any language (a word, then a dotted
 * method with its '('), indented or not, and indented lines under a
 * record that tells of an exception continue it.
 */
START_TEST(test_plain_indented_block)
{
	struct evs e;

	run(&e, FMT_PLAIN, 0, 0,
	    "Report:\n"
	    "    step one ok\n"
	    "    step two failed\n"
	    "Sync failed: System.NullReferenceException: x\n"
	    "   bei A.B.C(Int32 x)\n"
	    "\xe5\xa0\xb4\xe6\x89\x80 A.B.D()\n"
	    "at Ektron.X.Y`1.<Run>b__0(Object o)\n"
	    "    the step was skipped\n"
	    "  done\n"
	    "at noon the job ran\n");
	ck_assert_uint_eq(e.n, 5);
	ck_assert_str_eq(e.r[0].text, "Report:");
	ck_assert_str_eq(e.r[1].text, "    step one ok");
	ck_assert_str_eq(e.r[2].text, "    step two failed");
	ck_assert_str_eq(e.r[3].text, "Sync failed: System.NullReferenceException: "
	    "x\n   bei A.B.C(Int32 x)\n\xe5\xa0\xb4\xe6\x89\x80 A.B.D()\n"
	    "at Ektron.X.Y`1.<Run>b__0(Object o)\n    the step was skipped\n"
	    "  done");
	ck_assert_uint_eq(e.r[3].last_line, 9);
	/* No dotted method: an ordinary line. */
	ck_assert_str_eq(e.r[4].text, "at noon the job ran");
	evs_free(&e);
}

/*
 * The log4net default layout with its NDC, and NLog's: four fraction
 * digits, fields separated by '|' (its default) or tabs, the level in any
 * case; all detected, all with time, level and logger.
 */
START_TEST(test_log4net_ndc_and_nlog)
{
	static const char *const in[] = {
		"2013-04-09 00:57:29,648 [57] ERROR EPiServer.Foo [(null)] - ndc\n",
		"2013-04-09 00:57:29,648 [57] ERROR EPiServer.Foo [user=x] - ndc\n",
		"2013-04-09 00:57:29.6481|ERROR|Ektron.Sync|ndc\n",
		"2013-04-09 00:57:29.6481\tError\tEktron.Sync\tndc\n",
		"2013-04-09 00:57:29.6481 ERROR [5] Ektron.Sync - ndc\n",
	};
	struct evs e;
	size_t k;

	for (k = 0; k < sizeof(in) / sizeof(in[0]); k++) {
		ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, in[k]), FMT_LOG4NET);
		ck_assert_uint_eq(e.n, 1);
		ck_assert_msg(strcmp(e.r[0].text, "ndc") == 0, "%zu: %s", k,
		    e.r[0].text);
		ck_assert_str_eq(e.r[0].level, "error");
		ck_assert_int_eq(e.r[0].time_ms, utc(2013, 4, 9, 0, 57, 29,
		    648));
		ck_assert(strncmp(e.r[0].comp, k < 2 ? "EPiServer.Foo" :
		    "Ektron.Sync", 11) == 0);
		evs_free(&e);
	}
	/* Not a level between the bars: not a header. */
	ck_assert_int_eq(event_sniff("2013-04-09 00:57:29.6481|hello|x|y\n",
	    34), FMT_PLAIN);
}

/*
 * A row copied out of Trace32/CMTrace's grid: message, component, date in
 * the machine's culture, thread; a record with its time.  A tab-separated
 * line whose fields are not those is plain text as it is.
 */
START_TEST(test_trace32_copied_rows)
{
	struct evs e;

	run(&e, FMT_PLAIN, 60, 0,
	    "Cannot find a public key\tSMS_DESPOOLER\t8/22/2016 4:15:01 PM\t"
	    "2316 (0x090C)\n"
	    "Sender: no address\tSMS_LAN_SENDER\t22.08.2016 16:15:02\t7\n"
	    "a\tb\tnot a date\t12\n"
	    "Received\tSMS_DESPOOLER\t2016-08-22 16:15:03\t12 (0xC)\n");
	ck_assert_uint_eq(e.n, 4);
	ck_assert_str_eq(e.r[0].text, "Cannot find a public key");
	ck_assert_str_eq(e.r[0].comp, "SMS_DESPOOLER");
	ck_assert_str_eq(e.r[0].thread, "2316");
	ck_assert_int_eq(e.r[0].time_ms, utc(2016, 8, 22, 15, 15, 1, 0));
	ck_assert_int_eq(e.r[1].time_ms, utc(2016, 8, 22, 15, 15, 2, 0));
	ck_assert_str_eq(e.r[1].thread, "7");
	ck_assert_int_eq(e.r[2].has_time, 0);
	ck_assert_str_eq(e.r[2].text, "a\tb\tnot a date\t12");
	ck_assert_int_eq(e.r[3].time_ms, utc(2016, 8, 22, 15, 15, 3, 0));
	evs_free(&e);
}

/* sniffing, cutting, plumbing */

START_TEST(test_sniff)
{
	ck_assert_int_eq(event_sniff("a\nb " TR_C "\n", strlen("a\nb " TR_C
	    "\n")), FMT_CONFIGMGR);
	ck_assert_int_eq(event_sniff("x\n<![LOG[m]LOG]!><time=\"\">", 27),
	    FMT_CMTRACE);
	ck_assert_int_eq(event_sniff("2013-04-09 00:57:29,648 [57] ERROR A: b",
	    39), FMT_LOG4NET);
	ck_assert_int_eq(event_sniff("----------\r\nMessage: x\r\n", 24),
	    FMT_ENTLIB);
	ck_assert_int_eq(event_sniff("Timestamp: 5/4/2011 10:00:00 AM\n", 32),
	    FMT_ENTLIB);
	ck_assert_int_eq(event_sniff("just text\n----------\nmore\n", 26),
	    FMT_PLAIN);
	ck_assert_int_eq(event_sniff("", 0), FMT_PLAIN);
}

START_TEST(test_auto_holds_and_replays)
{
	struct buf in = { 0 };
	struct evs e;
	int i;

	/*
	 * Text lines first, then trailers enough to outweigh them: all
	 * become records, the text that of the first.
	 */
	for (i = 0; i < 10; i++)
		buf_printf(&in, "preamble %d\n", i);
	for (i = 0; i < 5; i++)
		buf_puts(&in, "msg " TR_C "\n");
	buf_puts(&in, "last " TR_C "\n");
	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, in.data), FMT_CONFIGMGR);
	ck_assert_uint_eq(e.n, 6);
	ck_assert(strncmp(e.r[0].text, "preamble 0\npreamble 1\n", 22) == 0);
	ck_assert_uint_eq(e.r[0].line, 1);
	ck_assert_uint_eq(e.r[0].last_line, 11);
	evs_free(&e);
	buf_free(&in);

	/* Nothing recognisable within EVENT_SNIFF_LINES: plain for good. */
	for (i = 0; i < EVENT_SNIFF_LINES + 5; i++)
		buf_printf(&in, "line %d\n", i);
	buf_puts(&in, "late " TR_C "\n");
	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, in.data), FMT_PLAIN);
	ck_assert_uint_eq(e.n, EVENT_SNIFF_LINES + 6);
	evs_free(&e);
	buf_free(&in);
}

/*
 * A file whose own lines outweigh the ConfigMgr lines it quotes (a
 * monitoring script's output, a status-message export with `~` in its
 * text) is not ConfigMgr: every line is a plain record, the quoted one
 * too, and none swallows the others.  Five of its lines against two
 * trailers decide it at the end; against one, as soon as the window of
 * EVENT_SNIFF_LINES is full.
 */
START_TEST(test_auto_weighs_configmgr_evidence)
{
	static const char in[] =
	    "check site S01 ~ OK\n"
	    "check site S02 ~ FAILED\n"
	    "last despooler line: Cannot find a public key " TR_C "\n"
	    "check site S03 ~ OK\n"
	    "summary: 1 of 3 failed\n"
	    "next run in 5 minutes\n"
	    "again: x " TR_C "\n";
	struct buf b = { 0 };
	struct evs e;
	struct event_parser *p;
	int i;

	ck_assert_int_eq(event_sniff(in, strlen(in)), FMT_PLAIN);
	p = event_new(FMT_AUTO, 0, 0);
	memset(&e, 0, sizeof(e));
	event_line(p, "a ~ b", 5, 1, 6, 0, ev_cb, &e);
	event_line(p, "c ~ d", 5, 2, 12, 0, ev_cb, &e);
	event_line(p, "x " TR_C, strlen("x " TR_C), 3, 90, 0, ev_cb, &e);
	event_line(p, "e", 1, 4, 92, 0, ev_cb, &e);
	ck_assert_int_eq(event_parser_format(p), FMT_AUTO);
	event_finish(p, ev_cb, &e);
	ck_assert_int_eq(event_parser_format(p), FMT_PLAIN);
	ck_assert_uint_eq(e.n, 4);
	ck_assert_str_eq(e.r[0].text, "a ~ b");
	ck_assert_str_eq(e.r[2].text, "x " TR_C);
	event_free(p);
	evs_free(&e);

	for (i = 0; i < EVENT_SNIFF_LINES / 2; i++)
		buf_printf(&b, "status %d ~ fine\n", i);
	buf_puts(&b, "quoted " TR_C "\n");
	for (i = 0; i < EVENT_SNIFF_LINES; i++)
		buf_printf(&b, "status %d ~ fine\n", i);
	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, b.data), FMT_PLAIN);
	ck_assert_uint_eq(e.n, EVENT_SNIFF_LINES / 2 * 3 + 1);
	evs_free(&e);
	buf_free(&b);

	/* A real ConfigMgr log with a line of its own at the top. */
	ck_assert_int_eq(run(&e, FMT_AUTO, 0, 0, "header\n" "x " TR_C "\n"),
	    FMT_CONFIGMGR);
	ck_assert_uint_eq(e.n, 1);
	evs_free(&e);
}

START_TEST(test_flush_before_decided)
{
	struct event_parser *p = event_new(FMT_AUTO, 0, 0);
	struct evs e;

	memset(&e, 0, sizeof(e));
	event_line(p, "hello", 5, 1, 6, 0, ev_cb, &e);
	ck_assert_uint_eq(e.n, 0);
	event_flush(p, ev_cb, &e);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_str_eq(e.r[0].text, "hello");
	ck_assert_uint_eq(e.r[0].end_offset, 6);
	ck_assert_int_eq(event_parser_format(p), FMT_AUTO);
	event_line(p, "x " TR_C, strlen("x " TR_C), 2, 90, 0, ev_cb, &e);
	ck_assert_int_eq(event_parser_format(p), FMT_CONFIGMGR);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[1].comp, "SMS_DESPOOLER");
	event_free(p);
	evs_free(&e);
}

START_TEST(test_pending)
{
	struct event_parser *p = event_new(FMT_CONFIGMGR, 0, 0);
	struct evs e;
	uint64_t off = 0, ln = 0;

	memset(&e, 0, sizeof(e));
	event_resume(p, 1000);
	ck_assert_int_eq(event_pending(p, &off, &ln), 0);
	event_line(p, "part one", 8, 7, 1010, 0, ev_cb, &e);
	ck_assert_int_eq(event_pending(p, &off, &ln), 1);
	ck_assert_uint_eq(off, 1000);
	ck_assert_uint_eq(ln, 7);
	event_line(p, "two " TR_C, strlen("two " TR_C), 8, 1100, 0, ev_cb, &e);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_int_eq(event_pending(p, &off, &ln), 0);
	/* A record opened after a trailer holds its whole line. */
	event_line(p, "a " TR_C "b", strlen("a " TR_C "b"), 9, 1200, 0, ev_cb,
	    &e);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(event_pending(p, &off, &ln), 1);
	ck_assert_uint_eq(off, 1100);
	ck_assert_uint_eq(ln, 9);
	event_flush(p, ev_cb, &e);
	ck_assert_int_eq(event_pending(p, &off, &ln), 0);
	ck_assert_uint_eq(e.n, 3);
	event_free(p);
	evs_free(&e);

	/* FMT_AUTO: the held lines are pending. */
	p = event_new(FMT_AUTO, 0, 0);
	event_line(p, "x", 1, 1, 2, 0, ev_cb, &e);
	event_line(p, "y", 1, 2, 4, 0, ev_cb, &e);
	ck_assert_int_eq(event_pending(p, &off, &ln), 1);
	ck_assert_uint_eq(off, 0);
	ck_assert_uint_eq(ln, 1);
	event_flush(p, ev_cb, &e);
	ck_assert_int_eq(event_pending(p, &off, &ln), 0);
	/* log4net: the last record waits for the next header. */
	event_line(p, "2013-04-09 00:57:29,648 [1] INFO A: m", 37, 3, 42, 0,
	    ev_cb, &e);
	ck_assert_int_eq(event_pending(p, &off, &ln), 1);
	ck_assert_uint_eq(off, 4);
	ck_assert_uint_eq(ln, 3);
	event_free(p);
	evs_free(&e);
}

START_TEST(test_max_record_cut)
{
	struct buf in = { 0 };
	struct evs e;
	int i;

	buf_puts(&in, "2013-04-09 00:57:29,648 ERROR [57] A.B - head\n");
	for (i = 0; i < 1000; i++)
		buf_puts(&in, "   at Some.Frame.Method() in \xc3\xa9t\xc3\xa9.cs\n");
	buf_puts(&in, "2013-04-09 00:57:30,000 INFO [57] A.B - next\n");
	run(&e, FMT_LOG4NET, 0, 100, in.data);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(e.r[0].flags & EVENT_CUT, EVENT_CUT);
	ck_assert_uint_le(e.r[0].text_len, 100);
	ck_assert_uint_ge(e.r[0].text_len, 95);
	ck_assert_uint_eq(e.r[0].last_line, 1001);
	ck_assert_uint_eq(e.r[0].end_offset, in.len - strlen(
	    "2013-04-09 00:57:30,000 INFO [57] A.B - next\n"));
	ck_assert_int_eq(e.r[1].flags, 0);
	ck_assert_str_eq(e.r[1].text, "next");
	evs_free(&e);
	buf_free(&in);
}

START_TEST(test_line_cut_flag)
{
	struct event_parser *p = event_new(FMT_PLAIN, 0, 0);
	struct evs e;

	memset(&e, 0, sizeof(e));
	event_line(p, "abc", 3, 1, 4, TEXT_LINE_CUT, ev_cb, &e);
	event_flush(p, ev_cb, &e);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_int_eq(e.r[0].flags, EVENT_LINE_CUT);
	event_free(p);
	evs_free(&e);
}

START_TEST(test_format_names)
{
	int f;

	for (f = 0; f < FMT_COUNT; f++)
		ck_assert_int_eq(event_format_parse(event_format_name(f)), f);
	ck_assert_str_eq(event_format_name(FMT_CONFIGMGR), "configmgr");
	ck_assert_int_eq(event_format_parse("CMTrace"), FMT_CMTRACE);
	ck_assert_int_eq(event_format_parse("nope"), -1);
}

/* text and event together: a UTF-16LE ConfigMgr log fed byte by byte */

struct pipe {
	struct event_parser *p;
	struct evs	*e;
};

static void
pipe_line(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct pipe *pp = arg;

	event_line(pp->p, line, len, line_no, end_offset, flags, ev_cb, pp->e);
}

START_TEST(test_utf16_configmgr_end_to_end)
{
	static const char src[] = "Caf\xe9 m~sg " TR_C "\r\nsecond\r\n" TR_C
	    "\r\n";
	unsigned char in[512];
	size_t n = 0, i;
	struct text_decoder *d = text_new(0);
	struct evs e;
	struct pipe pp;

	in[n++] = 0xFF;
	in[n++] = 0xFE;
	for (i = 0; src[i] != '\0'; i++) {
		in[n++] = (unsigned char)src[i];
		in[n++] = 0;
	}
	memset(&e, 0, sizeof(e));
	pp.p = event_new(FMT_AUTO, 0, 0);
	pp.e = &e;
	for (i = 0; i < n; i++)
		text_feed(d, in + i, 1, pipe_line, &pp);
	text_finish(d, pipe_line, &pp);
	event_flush(pp.p, ev_cb, &e);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.r[0].text, "Caf\xc3\xa9 m\nsg");
	ck_assert_uint_eq(e.r[0].end_offset, 2 + 2 * (strlen(src) -
	    strlen("second\r\n" TR_C "\r\n")));
	ck_assert_str_eq(e.r[1].text, "second");
	ck_assert_uint_eq(e.r[1].end_offset, n);
	ck_assert_uint_eq(e.r[1].line, 2);
	ck_assert_uint_eq(e.r[1].last_line, 3);
	event_free(pp.p);
	text_free(d);
	evs_free(&e);
}

Suite *
event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cm_time_generation_c);
	tcase_add_test(tc, test_cm_time_generation_b);
	tcase_add_test(tc, test_cm_time_generation_a);
	tcase_add_test(tc, test_cm_basic_record);
	tcase_add_test(tc, test_cm_tilde);
	tcase_add_test(tc, test_cm_generations_in_records);
	tcase_add_test(tc, test_cm_spanning_record);
	tcase_add_test(tc, test_cm_wrapped_trailer);
	tcase_add_test(tc, test_cm_several_records_on_a_line);
	tcase_add_test(tc, test_cm_time_never_from_message);
	tcase_add_test(tc, test_cm_hostile);
	tcase_add_test(tc, test_cm_damaged_trailer_closes_its_record);
	tcase_add_test(tc, test_cm_cut_line_closes_its_record);
	tcase_add_test(tc, test_cmtrace_basic);
	tcase_add_test(tc, test_cmtrace_spanning_and_brackets);
	tcase_add_test(tc, test_cmtrace_hostile);
	tcase_add_test(tc, test_log4net_cms5);
	tcase_add_test(tc, test_log4net_cms7);
	tcase_add_test(tc, test_log4net_orphans);
	tcase_add_test(tc, test_flush_continues);
	tcase_add_test(tc, test_entlib_blocks);
	tcase_add_test(tc, test_plain_continuations);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_auto_holds_and_replays);
	tcase_add_test(tc, test_plain_indented_block);
	tcase_add_test(tc, test_log4net_ndc_and_nlog);
	tcase_add_test(tc, test_trace32_copied_rows);
	tcase_add_test(tc, test_auto_weighs_configmgr_evidence);
	tcase_add_test(tc, test_flush_before_decided);
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_max_record_cut);
	tcase_add_test(tc, test_line_cut_flag);
	tcase_add_test(tc, test_format_names);
	tcase_add_test(tc, test_utf16_configmgr_end_to_end);
	suite_add_tcase(s, tc);
	return s;
}
