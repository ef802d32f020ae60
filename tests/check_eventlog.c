/*
 * check_eventlog — Windows event logs as records: every export layout
 * (Event Viewer's tab-delimited text and CSV, wevtutil /f:text and
 * /f:xml, the real .evtx files in tests/data/evtx), their times in UTC
 * and in time order, levels, sources and messages; auto-detection; the
 * one mapping; and hostile input (truncated XML, huge fields, NULs,
 * invalid UTF-16, random bytes), which must be reported, never crash.
 */
#include "testutil.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode/event.h"
#include "decode/evlog.h"
#include "decode/evtx.h"
#include "decode/reader.h"
#include "lib/buf.h"
#include "lib/timefmt.h"
#include "lib/winevent.h"
#include "platform/platform.h"

#define MAXREC	64

struct rec {
	char		*text, *first, *comp, *level;
	uint64_t	 line, record_id;
	int		 has_time, has_event_id, flags;
	int64_t		 time_ms;
	uint32_t	 event_id;
	enum event_format fmt;
};

struct got {
	size_t		 n;
	struct rec	 r[MAXREC];
	int		 problems;
	uint64_t	 problem_line;
	char		 problem[256];
};

static void
on_rec(void *arg, const struct event *ev)
{
	struct got *g = arg;
	struct rec *r;

	ck_assert_int_eq(ev->text[ev->text_len], '\0');
	ck_assert_ptr_nonnull(ev->component);
	ck_assert_ptr_nonnull(ev->level);
	if (g->n >= MAXREC)
		return;
	r = &g->r[g->n++];
	r->text = strdup(ev->text);
	r->first = strdup(ev->first);
	r->comp = strdup(ev->component);
	r->level = strdup(ev->level);
	r->line = ev->line;
	r->record_id = ev->record_id;
	r->has_time = ev->has_time;
	r->time_ms = ev->time_ms;
	r->has_event_id = ev->has_event_id;
	r->event_id = ev->event_id;
	r->flags = ev->flags;
	r->fmt = ev->format;
}

static void
on_problem(void *arg, uint64_t line, const char *msg)
{
	struct got *g = arg;

	if (g->problems++ == 0) {
		g->problem_line = line;
		snprintf(g->problem, sizeof(g->problem), "%s", msg);
	}
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->r[i].text);
		free(g->r[i].first);
		free(g->r[i].comp);
		free(g->r[i].level);
	}
	memset(g, 0, sizeof(*g));
}

/* Read bytes as format fmt (tz minutes east), in chunks of step bytes. */
static void
read_bytes(struct got *g, enum event_format fmt, int tz, const void *b,
    size_t n, size_t step)
{
	struct reader *r = reader_new(fmt, 0, tz, on_rec, g);
	const char *p = b;
	size_t k;

	reader_set_problem_cb(r, on_problem, g);
	if (step == 0)
		step = n ? n : 1;
	for (k = 0; k < n; k += step)
		reader_feed(r, p + k, n - k < step ? n - k : step);
	reader_finish(r);
	if (fmt != FMT_AUTO || g->n > 0)
		ck_assert_int_eq(reader_format(r), fmt == FMT_AUTO ?
		    FMT_EVENTLOG : fmt);
	reader_free(r);
}

static void
read_str(struct got *g, enum event_format fmt, int tz, const char *s)
{
	read_bytes(g, fmt, tz, s, strlen(s), 0);
}

/* s as UTF-16LE with BOM. */
static void
utf16le(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	buf_append(out, "\xff\xfe", 2);
	while (*p) {
		if (*p < 0x80)
			cp = *p++;
		else if ((*p & 0xe0) == 0xc0) {
			cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else {
			cp = (uint32_t)(p[0] & 0x0f) << 12 |
			    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			p += 3;
		}
		buf_putc(out, (int)(cp & 0xff));
		buf_putc(out, (int)(cp >> 8));
	}
}

static int64_t
utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
	int64_t t;

	ck_assert_int_eq(timefmt_civil_ms(y, mo, d, h, mi, s, ms, &t), 0);
	return t;
}

static const char tsv[] =
    "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
    "Information\t12/4/2026 6:55:03 PM\tEktronL2\t0\tNone\t"
    "Service started successfully\r\n"
    "Error\t12/4/2026 6:49:05 PM\tEktronL2\t0\tNone\t\"The communication "
    "object, System.ServiceModel.Channels.ServiceChannel, cannot be used "
    "for communication\r\nbecause it is in the \"\"Faulted\"\" state.\r\n"
    "\r\nServer stack trace: \"\r\n"
    "Warning\t12/4/2026 6:40:04 PM\tEktronL2\t1\tNone\t"
    "Service stopped successfully\r\n"
    "Information\t12/4/2026 6:40:04 PM\tEktronL2\t0\tNone\t"
    "Service initialized successfully\r\n"
    "Critical\t12/4/2026 9:05:00 AM\tApplication Error\t1000\t(100)\t"
    "Faulting application name: Ektron.ASM.EktronServices40.exe\r\n";

START_TEST(test_tsv_newest_first_utf16)
{
	struct buf b = { 0 };
	struct got g = { 0 };

	utf16le(tsv, &b);
	/* CET: the export's local times are an hour ahead of UTC. */
	read_bytes(&g, FMT_AUTO, 60, b.data, b.len, 7);
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 5);
	/* Oldest first; the two of 6:40:04 PM in the order logged. */
	ck_assert_str_eq(g.r[0].comp, "Application Error");
	ck_assert_str_eq(g.r[0].level, "critical");
	ck_assert_int_eq(g.r[0].event_id, 1000);
	ck_assert(g.r[0].time_ms == utc(2026, 12, 4, 8, 5, 0, 0));
	ck_assert_str_eq(g.r[1].text, "Service initialized successfully");
	ck_assert_str_eq(g.r[1].level, "information");
	ck_assert_str_eq(g.r[2].text, "Service stopped successfully");
	ck_assert_str_eq(g.r[2].level, "warning");
	ck_assert(g.r[1].time_ms == utc(2026, 12, 4, 17, 40, 4, 0));
	ck_assert(g.r[2].time_ms == g.r[1].time_ms);
	ck_assert_str_eq(g.r[3].level, "error");
	ck_assert_str_eq(g.r[3].text, "The communication object, "
	    "System.ServiceModel.Channels.ServiceChannel, cannot be used for "
	    "communication\nbecause it is in the \"Faulted\" state.\n\n"
	    "Server stack trace:");
	ck_assert_str_eq(g.r[3].first, "The communication object, "
	    "System.ServiceModel.Channels.ServiceChannel, cannot be used for "
	    "communication");
	ck_assert_uint_eq(g.r[3].line, 3);
	ck_assert_str_eq(g.r[4].text, "Service started successfully");
	ck_assert_uint_eq(g.r[4].line, 2);
	ck_assert_int_eq(g.r[4].fmt, FMT_EVENTLOG);
	got_free(&g);
	buf_free(&b);
}
END_TEST

START_TEST(test_csv_cultures)
{
	struct got g = { 0 };

	/* en-GB: day first, 24 hours; the 13th settles the order. */
	read_str(&g, FMT_EVENTLOG, 0,
	    "\"Level\",\"Date and Time\",\"Source\",\"Event ID\",\"Task Category\"\n"
	    "Error,05/04/2011 10:00:02,EktronL2,0,None,\"a, \"\"quoted\"\" one\"\n"
	    "Information,13/04/2011 09:00:00,EktronL2,0,None,later\n");
	ck_assert_uint_eq(g.n, 2);
	ck_assert(g.r[0].time_ms == utc(2011, 4, 5, 10, 0, 2, 0));
	ck_assert_str_eq(g.r[0].text, "a, \"quoted\" one");
	ck_assert(g.r[1].time_ms == utc(2011, 4, 13, 9, 0, 0, 0));
	got_free(&g);

	/* en-US, 12-hour: month first unless a row says otherwise. */
	read_str(&g, FMT_EVENTLOG, 0,
	    "Level,Date and Time,Source,Event ID,Task Category\n"
	    "Warning,5/4/2011 10:00:02 PM,EktronL2,0,None,x\n");
	ck_assert(g.r[0].time_ms == utc(2011, 5, 4, 22, 0, 2, 0));
	got_free(&g);

	/* German: dots, localized header and levels; bidi marks. */
	read_str(&g, FMT_AUTO, 0,
	    "Ebene\tDatum und Uhrzeit\tQuelle\tEreignis-ID\tAufgabenkategorie\n"
	    "Fehler\t\xe2\x80\x8e" "04.12.2026 18:49:05\tEktronL2\t0\tKeine\tkaputt\n"
	    "Informationen\t04.12.2026 18:49:06\tEktronL2\t0\tKeine\theil\n"
	    "Warnung\t2026-12-04 18:49:07\tEktronL2\t0\tKeine\tiso\n");
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(g.r[0].level, "error");
	ck_assert_str_eq(g.r[1].level, "information");
	ck_assert_str_eq(g.r[2].level, "warning");
	ck_assert(g.r[0].time_ms == utc(2026, 12, 4, 18, 49, 5, 0));
	ck_assert(g.r[2].time_ms == utc(2026, 12, 4, 18, 49, 7, 0));
	got_free(&g);

	/* Windows 2003's columns: Date, Time, Source, Type, …, Description. */
	read_str(&g, FMT_AUTO, 0,
	    "8/22/2016,4:10:03 AM,SMS Server,Information,SMS_DESPOOLER,2404,"
	    "N/A,SCCMPRI01,\"On 08/22/16, done.\"\n");
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.r[0].comp, "SMS Server");
	ck_assert_str_eq(g.r[0].level, "information");
	ck_assert_int_eq(g.r[0].event_id, 2404);
	ck_assert_str_eq(g.r[0].text, "On 08/22/16, done.");
	ck_assert(g.r[0].time_ms == utc(2016, 8, 22, 4, 10, 3, 0));
	got_free(&g);
}
END_TEST

static const char wevt[] =
    "Event[0]:\n"
    "  Log Name: EktronL2\n"
    "  Source: EktronL2\n"
    "  Date: 2011-05-04T10:14:43.000\n"
    "  Event ID: 0\n"
    "  Task: N/A\n"
    "  Level: Information\n"
    "  Keyword: Classic\n"
    "  Computer: EKTRON02.corp.local\n"
    "  Description: \n"
    "Service started successfully\n"
    "\n"
    "Event[1]:\n"
    "  Protokollname: EktronL2\n"
    "  Quelle: EktronL2\n"
    "  Datum: 2011-05-04T09:58:01.5000000Z\n"
    "  Ereignis-ID: 7\n"
    "  Aufgabenkategorie: Keine\n"
    "  Ebene: Fehler\n"
    "  Beschreibung:\n"
    "first line\n"
    "\n"
    "  indented third\n"
    "\n"
    "\n";

START_TEST(test_wevtutil_text)
{
	struct got g = { 0 };

	read_str(&g, FMT_AUTO, 120, wevt);
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 2);
	/* Event[0] is local (UTC+2), Event[1] in UTC (Z) and newer. */
	ck_assert_uint_eq(g.r[0].line, 1);
	ck_assert(g.r[0].time_ms == utc(2011, 5, 4, 8, 14, 43, 0));
	ck_assert_str_eq(g.r[0].text, "Service started successfully");
	ck_assert_str_eq(g.r[0].level, "information");
	ck_assert_uint_eq(g.r[1].line, 13);
	ck_assert(g.r[1].time_ms == utc(2011, 5, 4, 9, 58, 1, 500));
	ck_assert_str_eq(g.r[1].level, "error");
	ck_assert_int_eq(g.r[1].event_id, 7);
	ck_assert_str_eq(g.r[1].comp, "EktronL2");
	ck_assert_str_eq(g.r[1].text, "first line\n\n  indented third");
	got_free(&g);
}
END_TEST

#define EV_OPEN "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"

START_TEST(test_xml_one_line)
{
	struct got g = { 0 };

	read_str(&g, FMT_AUTO, 0,
	    EV_OPEN "<System><Provider Name='EktronL2'/><EventID Qualifiers='0'>"
	    "0</EventID><Level>2</Level><TimeCreated SystemTime="
	    "'2011-05-04T10:00:02.1234567Z'/><EventRecordID>9</EventRecordID>"
	    "<Channel>EktronL2</Channel></System><EventData><Data>a &amp; b "
	    "&lt;c&gt; &#x41;&#66;&#13;\nnext</Data></EventData></Event>"
	    EV_OPEN "<System><Provider Name=\"Ektron\" EventSourceName=\"x\"/>"
	    "<EventID>5</EventID><Level>1</Level><TimeCreated SystemTime="
	    "\"2011-05-04T10:00:02.1234567Z\"/><EventRecordID>8</EventRecordID>"
	    "</System><EventData><Data>one</Data><Data/><Data>three</Data>"
	    "</EventData><RenderingInfo Culture='en-US'><Message>The rendered "
	    "message</Message><Level>Critical</Level></RenderingInfo></Event>"
	    "<e:Event xmlns:e='http://schemas.microsoft.com/win/2004/08/events/"
	    "event'><e:System><e:Provider Name='P'/><e:Level>3</e:Level>"
	    "<e:TimeCreated SystemTime='2011-05-04T09:00:00Z'/></e:System>"
	    "<e:UserData><X><A>ua</A><B>ub</B></X></e:UserData></e:Event>\n");
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(g.r[0].comp, "P");
	ck_assert_str_eq(g.r[0].level, "warning");
	ck_assert_str_eq(g.r[0].text, "ua\nub");
	/* Same time: record 8 before record 9. */
	ck_assert_uint_eq(g.r[1].record_id, 8);
	ck_assert_str_eq(g.r[1].text, "The rendered message");
	ck_assert_str_eq(g.r[1].level, "critical");
	ck_assert_str_eq(g.r[1].comp, "Ektron");
	ck_assert_uint_eq(g.r[2].record_id, 9);
	ck_assert_str_eq(g.r[2].text, "a & b <c> AB\nnext");
	ck_assert_str_eq(g.r[2].level, "error");
	ck_assert(g.r[2].time_ms == utc(2011, 5, 4, 10, 0, 2, 123));
	ck_assert_uint_eq(g.r[2].line, 1);
	got_free(&g);
}
END_TEST

START_TEST(test_xml_pretty_wrapped)
{
	struct got g = { 0 };

	read_str(&g, FMT_AUTO, 0,
	    "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<Events>\n"
	    "<!-- Event Viewer's XML -->\n" EV_OPEN "\n  <System>\n"
	    "    <Provider Name=\"EktronL2\" />\n    <Level>4</Level>\n"
	    "    <TimeCreated SystemTime=\"2011-05-04T09:57:58.000Z\" />\n"
	    "  </System>\n  <EventData>\n    <Data>Service initialized "
	    "successfully</Data>\n  </EventData>\n</Event>" EV_OPEN
	    "<System><Level>4</Level><TimeCreated SystemTime="
	    "'2011-05-04T09:58:01Z'/></System><EventData><Data>Service stopped "
	    "successfully</Data></EventData></Event>\n</Events>\n");
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.r[0].line, 4);
	ck_assert_str_eq(g.r[0].text, "Service initialized successfully");
	ck_assert_uint_eq(g.r[1].line, 13);
	ck_assert_str_eq(g.r[1].text, "Service stopped successfully");
	got_free(&g);
}
END_TEST

START_TEST(test_sniff)
{
	ck_assert_int_eq(event_sniff("Event[0]:\n  Log Name: X\n", 23),
	    FMT_EVENTLOG);
	ck_assert_int_eq(event_sniff(EV_OPEN "<System/></Event>", 85),
	    FMT_EVENTLOG);
	ck_assert_int_eq(event_sniff("Level,Date and Time,Source,Event ID,"
	    "Task Category\n", 50), FMT_EVENTLOG);
	ck_assert_int_eq(event_sniff("Error\t5/4/2011 10:00:02 AM\tX\t0\t"
	    "None\tmsg\n", 39), FMT_EVENTLOG);
	/* Not event logs. */
	ck_assert_int_eq(event_sniff("Event Type:\tInformation\nEvent "
	    "Source:\tSMS Server\n", 48), FMT_PLAIN);
	ck_assert_int_eq(event_sniff("<html><body>\n", 13), FMT_PLAIN);
	ck_assert_int_eq(event_sniff("a,b,c,d,e\n", 10), FMT_PLAIN);
	ck_assert_int_eq(event_format_parse("eventlog"), FMT_EVENTLOG);
	ck_assert_str_eq(event_format_name(FMT_EVENTLOG), "eventlog");
}
END_TEST

START_TEST(test_map)
{
	struct evlog_rec rec = { 0 };
	struct winevent ev;
	struct event out;
	const char *strs[2] = { "Service \xff stopped\r\nsecond\r\n\r\n", "x" };
	size_t lens[2] = { 29, 1 };

	winevent_clear(&ev);
	ev.source = "EktronL2";
	ev.level = WINEVENT_LEVEL_WARNING;
	ev.strings = strs;
	ev.string_lens = lens;
	ev.nstrings = 1;
	ev.record = 42;
	ev.has_event_id = 1;
	ev.event_id = 3;
	evlog_map(&ev, 0, &rec, &out);
	ck_assert_int_eq(out.format, FMT_EVENTLOG);
	ck_assert_str_eq(out.text, "Service \xef\xbf\xbd stopped\nsecond");
	ck_assert_str_eq(out.first, "Service \xef\xbf\xbd stopped");
	ck_assert_str_eq(out.component, "EktronL2");
	ck_assert_str_eq(out.level, "warning");
	ck_assert_uint_eq(out.record_id, 42);
	ck_assert_uint_eq(out.event_id, 3);
	/* Two strings: one a line; a message wins over them. */
	ev.nstrings = 2;
	evlog_map(&ev, 0, &rec, &out);
	ck_assert_str_eq(out.text, "Service \xef\xbf\xbd stopped\nsecond\nx");
	ev.message = "rendered";
	ev.message_len = 8;
	ev.level_name = "Audit Failure";
	evlog_map(&ev, 0, &rec, &out);
	ck_assert_str_eq(out.text, "rendered");
	ck_assert_str_eq(out.level, "audit-failure");
	/* Cut at max_record. */
	evlog_map(&ev, 4, &rec, &out);
	ck_assert_str_eq(out.text, "rend");
	ck_assert(out.flags & EVENT_CUT);
	evlog_rec_free(&rec);
}
END_TEST

START_TEST(test_held_until_flush)
{
	struct got g = { 0 };
	struct reader *r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
	const char *row = "Error\t5/4/2011 10:00:02 AM\tX\t0\tNone\t\"open\n";
	uint64_t off, lines;

	reader_feed(r, row, strlen(row));
	/* An open quote: nothing out, and the safe point before it. */
	reader_flush(r);
	ck_assert_uint_eq(g.n, 0);
	ck_assert(reader_holding(r));
	reader_safe_point(r, &off, &lines);
	ck_assert_uint_eq(off, 0);
	reader_feed(r, "closed\"\n", 8);
	ck_assert_uint_eq(g.n, 0);	/* held for the time order */
	ck_assert(reader_holding(r));
	reader_flush(r);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.r[0].text, "open\nclosed");
	ck_assert(!reader_holding(r));
	reader_safe_point(r, &off, &lines);
	ck_assert_uint_eq(off, strlen(row) + 8);
	reader_free(r);
	got_free(&g);
}
END_TEST

START_TEST(test_hostile)
{
	struct got g = { 0 };
	struct buf b = { 0 };
	size_t i;

	/* Truncated XML: reported with its line, what was read kept. */
	read_str(&g, FMT_AUTO, 0, "\n" EV_OPEN "<System><Provider Name='E'/>"
	    "<TimeCreated SystemTime='2011-05-04T09:57:58Z'/></System>"
	    "<EventData><Data>cut her");
	ck_assert_int_ge(g.problems, 1);
	ck_assert_uint_eq(g.problem_line, 2);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.r[0].text, "cut her");
	ck_assert_str_eq(g.r[0].comp, "E");
	got_free(&g);

	/* Mismatched tags, garbage, an attribute without quotes. */
	read_str(&g, FMT_EVENTLOG, 0, "<Event><System></Sys></Event>junk\n"
	    "<Event><System><Level a=b></Level></System></Event>\n");
	ck_assert_int_ge(g.problems, 2);
	ck_assert_uint_eq(g.n, 2);
	got_free(&g);

	/* A huge field: cut at the record size, flagged. */
	buf_puts(&b, EV_OPEN "<System><Level>2</Level></System><EventData><Data>");
	for (i = 0; i < 300000; i++)
		buf_putc(&b, 'a' + (char)(i % 26));
	buf_puts(&b, "</Data></EventData></Event>\n");
	read_bytes(&g, FMT_AUTO, 0, b.data, b.len, 4096);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(strlen(g.r[0].text), EVENT_DEFAULT_MAX_RECORD);
	ck_assert(g.r[0].flags & EVENT_CUT);
	got_free(&g);
	buf_reset(&b);

	/* NULs and a lone UTF-16 surrogate in a tab-delimited export. */
	buf_append(&b, "\xff\xfe", 2);
	buf_append(&b, "E\0r\0r\0o\0r\0\t\0" "5\0/\0" "4\0/\0" "2\0" "0\0"
	    "1\0" "1\0 \0" "1\0:\0" "0\0" "0\0:\0" "0\0" "0\0 \0A\0M\0\t\0"
	    "X\0\t\0" "0\0\t\0N\0\t\0" "a\0\0\0\x00\xd8" "b\0\r\0\n\0", 74);
	read_bytes(&g, FMT_AUTO, 0, b.data, b.len, 3);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.r[0].text, "a\xef\xbf\xbd" "b");
	got_free(&g);
	buf_reset(&b);

	/* A quote never closed: reported, the rows after it still read. */
	read_str(&g, FMT_EVENTLOG, 0,
	    "Error,5/4/2011 10:00:02 AM,X,0,None,\"never closed\n"
	    "Error,5/4/2011 10:00:03 AM,X,0,None,fine\n"
	    "Error,5/4/2011 10:00:04 AM,X,0,None,\"at the end\n");
	ck_assert_int_eq(g.problems, 2);
	ck_assert_uint_eq(g.problem_line, 1);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(g.r[1].text, "fine");
	got_free(&g);

	/* Random bytes in every layout: no crash, whatever comes out. */
	srand(7);
	for (i = 0; i < 400; i++) {
		static const char *const heads[] = { "Event[0]:\n  Date: ",
		    EV_OPEN "<System>", "Level\tDate and Time\tSource\n",
		    "a,b,c\n\"" };
		size_t k, len = (size_t)(rand() % 700);

		buf_reset(&b);
		buf_puts(&b, heads[i % 4]);
		for (k = 0; k < len; k++)
			buf_putc(&b, "<>/\"'=&;#x\t,\n\r :Event[]0129aZ\xc3\xff\0"
			    [rand() % 32]);
		read_bytes(&g, FMT_EVENTLOG, 0, b.data, b.len,
		    (size_t)(1 + rand() % 64));
		got_free(&g);
	}
	buf_free(&b);
}
END_TEST

static char *
data_path(const char *name)
{
	static char p[1024];

	snprintf(p, sizeof(p), "%s/tests/data/evtx/%s", test_srcdir(), name);
	return p;
}

START_TEST(test_evtx_files)
{
	struct got g = { 0 };
	struct reader *r;
	char *cause = NULL;
	size_t i;

	if (!evtx_supported()) {
		r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
		ck_assert_int_eq(evtx_read(data_path("issue_38.evtx"), r, NULL,
		    NULL, &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, "not supported"));
		free(cause);
		reader_free(r);
		return;
	}
	r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
	ck_assert_int_eq(evtx_read(data_path("issue_38.evtx"), r, on_problem,
	    &g, &cause), 1);
	reader_finish(r);
	reader_free(r);
	ck_assert_int_eq(g.problems, 0);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.r[0].comp, "Microsoft-Windows-Security-Auditing");
	ck_assert_int_eq(g.r[0].event_id, 4672);
	ck_assert_uint_eq(g.r[0].record_id, 17845);
	ck_assert_uint_eq(g.r[0].line, 17845);
	ck_assert_str_eq(g.r[0].level, "information");
	/* TimeCreated, not the record's written time (05:31:44). */
	ck_assert(g.r[0].time_ms == utc(2017, 6, 23, 5, 31, 19, 787));
	ck_assert_str_eq(g.r[0].first,
	    "S-1-5-21-3484546417-2474207753-3142552619-1001");
	ck_assert_ptr_nonnull(strstr(g.r[0].text, "foobar-PC\n"
	    "0x000000000019d3af\nSeSecurityPrivilege\n"));
	got_free(&g);

	r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
	ck_assert_int_eq(evtx_read(data_path("dns_log_malformed.evtx"), r,
	    on_problem, &g, &cause), 5);
	reader_finish(r);
	reader_free(r);
	ck_assert_uint_eq(g.n, 5);
	ck_assert(g.r[0].time_ms == utc(2016, 11, 9, 10, 17, 8, 996));
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(g.r[i].record_id, 101982 + i);
		ck_assert_str_eq(g.r[i].comp, "Microsoft-Windows-DNSServer");
		ck_assert_int_eq(g.r[i].event_id, i % 2 ? 256 : 260);
	}
	got_free(&g);

	/* Not an .evtx at all: an error naming the file. */
	r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
	ck_assert_int_eq(evtx_read(data_path("README.md"), r, NULL, NULL,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "README.md"));
	free(cause);
	reader_free(r);
}
END_TEST

struct replay_got {
	uint64_t	 rec[16];
	char		 text[16][64];
	size_t		 n, stop_at;
	struct reader	*r;
};

static int
replay_cb(void *arg, const struct winevent *ev)
{
	struct replay_got *g = arg;

	if (g->n < 16) {
		g->rec[g->n] = ev->record;
		snprintf(g->text[g->n], sizeof(g->text[0]), "%s",
		    ev->nstrings > 0 ? ev->strings[0] : "");
		g->n++;
	}
	if (g->r != NULL)
		reader_winevent(g->r, ev, ev->record);
	return g->stop_at != 0 && g->n == g->stop_at;
}

/* The replay backend: a wevtutil capture through platform_evlog_*. */
START_TEST(test_replay_backend)
{
	static const char capture[] =
	    EV_OPEN "<System><Provider Name='EktronL2'/><Level>4</Level>"
	    "<TimeCreated SystemTime='2011-05-04T09:58:01Z'/><EventRecordID>"
	    "12</EventRecordID></System><EventData><Data>Service stopped "
	    "successfully</Data></EventData></Event>" EV_OPEN "<System>"
	    "<Provider Name='EktronL2'/><Level>4</Level><TimeCreated "
	    "SystemTime='2011-05-04T09:57:58Z'/><EventRecordID>11"
	    "</EventRecordID></System><EventData><Data>Service initialized "
	    "successfully</Data></EventData></Event>\r\n";
	char path[] = "/tmp/check_eventlog.XXXXXX", *cause = NULL;
	struct platform_evlog *l;
	struct replay_got rg;
	struct got g = { 0 };
	struct buf b = { 0 };
	uint64_t oldest, count;
	const char *why;
	FILE *f;
	int fd;

	/* As PowerShell's redirection writes it: UTF-16LE with a BOM. */
	utf16le(capture, &b);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_uint_eq(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	buf_free(&b);
	l = platform_evlog_open_replay(path, &cause);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(platform_evlog_state(l, &why), PLATFORM_EVLOG_READABLE);
	ck_assert_int_eq(platform_evlog_range(l, &oldest, &count), 0);
	ck_assert_uint_eq(oldest, 11);
	ck_assert_uint_eq(count, 2);
	ck_assert_ptr_null(platform_evlog_handle(l));
	/* In record order, from a number on, stopping when told. */
	memset(&rg, 0, sizeof(rg));
	rg.r = reader_new(FMT_EVENTLOG, 0, 0, on_rec, &g);
	ck_assert_int_eq(platform_evlog_read(l, 0, replay_cb, &rg, &cause), 2);
	ck_assert_uint_eq(rg.rec[0], 11);
	ck_assert_str_eq(rg.text[0], "Service initialized successfully");
	ck_assert_uint_eq(rg.rec[1], 12);
	reader_finish(rg.r);
	reader_free(rg.r);
	/* Mapped as the XML export's records are. */
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.r[0].text, "Service initialized successfully");
	ck_assert_str_eq(g.r[0].comp, "EktronL2");
	ck_assert_str_eq(g.r[0].level, "information");
	ck_assert_uint_eq(g.r[0].line, 11);
	ck_assert(g.r[1].time_ms == utc(2011, 5, 4, 9, 58, 1, 0));
	got_free(&g);
	memset(&rg, 0, sizeof(rg));
	ck_assert_int_eq(platform_evlog_read(l, 11, replay_cb, &rg, &cause), 1);
	ck_assert_uint_eq(rg.rec[0], 12);
	memset(&rg, 0, sizeof(rg));
	ck_assert_int_eq(platform_evlog_read(l, 12, replay_cb, &rg, &cause), 0);
	rg.stop_at = 1;
	ck_assert_int_eq(platform_evlog_read(l, 0, replay_cb, &rg, &cause), 1);
	ck_assert_int_eq(platform_evlog_wait(l, 1), 0);
	platform_evlog_close(l);

	/* Not a capture; and no native event log on this system. */
	f = fopen(path, "w");
	fputs("hello\n", f);
	fclose(f);
	ck_assert_ptr_null(platform_evlog_open_replay(path, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "no <Event> element"));
	free(cause);
	unlink(path);
#ifndef _WIN32
	ck_assert_ptr_null(platform_evlog_open("EktronL2", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "EktronL2"));
	free(cause);
#endif
}
END_TEST

Suite *
eventlog_suite(void)
{
	Suite *s = suite_create("eventlog");
	TCase *tc = tcase_create("eventlog");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tsv_newest_first_utf16);
	tcase_add_test(tc, test_csv_cultures);
	tcase_add_test(tc, test_wevtutil_text);
	tcase_add_test(tc, test_xml_one_line);
	tcase_add_test(tc, test_xml_pretty_wrapped);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_map);
	tcase_add_test(tc, test_held_until_flush);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_evtx_files);
	tcase_add_test(tc, test_replay_backend);
	suite_add_tcase(s, tc);
	return s;
}
