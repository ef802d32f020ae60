/*
 * sample-variants — the same sample in other clothes: re-encoded (UTF-8
 * with BOM and CRLF, UTF-16LE, UTF-16BE, Windows-1252), and each record
 * with a hit annotation re-written in every format its signature lists.
 * Both must give the same hits as the original.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/sample-int.h"
#include "check/samples.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/words.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "platform/platform.h"

/* Windows-1252 bytes 0x80-0x9f; 0 where undefined. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0,
};

static int
utf8_next(const unsigned char **pp, const unsigned char *end, uint32_t *cp)
{
	const unsigned char *p = *pp;
	int n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		n = 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		*cp = p[0] & 0x1f;
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0) {
		*cp = p[0] & 0x0f;
		n = 3;
	} else {
		*cp = p[0] & 0x07;
		n = 4;
	}
	if (p + n > end)
		return -1;
	for (i = 1; i < n; i++)
		*cp = (*cp << 6) | (p[i] & 0x3f);
	*pp = p + n;
	return 0;
}

const char *const sample_variant_names[V_COUNT] = {
	"UTF-8 with BOM and CRLF", "UTF-16LE", "UTF-16BE", "Windows-1252",
};

/* Re-encode UTF-8 lines (LF-terminated) as variant v.  -1: not possible. */
int
sample_encode(const struct buf *in, enum variant v, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in->data;
	const unsigned char *end = p + in->len;
	uint32_t cp;
	int k;

	buf_reset(out);
	if (v == V_UTF8_BOM_CRLF)
		buf_append(out, "\xef\xbb\xbf", 3);
	else if (v == V_UTF16LE)
		buf_append(out, "\xff\xfe", 2);
	else if (v == V_UTF16BE)
		buf_append(out, "\xfe\xff", 2);
	while (p < end) {
		if (*p == '\n' && v != V_UTF16BE) {
			/* CRLF for all but one variant: both must work. */
			if (v == V_UTF16LE)
				buf_append(out, "\r\0\n\0", 4);
			else
				buf_append(out, "\r\n", 2);
			p++;
			continue;
		}
		if (v == V_UTF8_BOM_CRLF) {
			buf_putc(out, *p++);
			continue;
		}
		if (utf8_next(&p, end, &cp) == -1)
			return -1;
		if (v == V_CP1252) {
			if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) {
				buf_putc(out, (int)cp);
				continue;
			}
			for (k = 0; k < 32; k++)
				if (cp1252_high[k] == cp && cp != 0)
					break;
			if (k == 32)
				return -1;
			buf_putc(out, 0x80 + k);
			continue;
		}
		if (cp >= 0x10000) {
			uint32_t hi = 0xd800 + ((cp - 0x10000) >> 10);
			uint32_t lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			unsigned char u[4];

			if (v == V_UTF16LE) {
				u[0] = hi & 0xff; u[1] = hi >> 8;
				u[2] = lo & 0xff; u[3] = lo >> 8;
			} else {
				u[0] = hi >> 8; u[1] = hi & 0xff;
				u[2] = lo >> 8; u[3] = lo & 0xff;
			}
			buf_append(out, u, 4);
		} else {
			unsigned char u[2];

			if (v == V_UTF16LE) {
				u[0] = cp & 0xff; u[1] = cp >> 8;
			} else {
				u[0] = cp >> 8; u[1] = cp & 0xff;
			}
			buf_append(out, u, 2);
		}
	}
	return 0;
}

/* The layouts of an eventlog rendering. */
#define EVL_RENDERINGS	4
static const char *const evl_layout_names[EVL_RENDERINGS] = {
	"Event Viewer text, newest first", "Event Viewer CSV, newest first",
	"wevtutil text", "wevtutil XML",
};

/* s as a quoted field: quotes doubled. */
static void
put_quoted(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

static void
put_xml_text(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '<')
			buf_puts(out, "&lt;");
		else if (s[i] == '>')
			buf_puts(out, "&gt;");
		else if (s[i] == '&')
			buf_puts(out, "&amp;");
		else
			buf_putc(out, s[i]);
}

/*
 * The record as an EktronL2 event between two routine ones, in one of
 * the layouts an event log is exported in (the delimited ones newest
 * first, as Event Viewer writes them).
 */
static void
render_eventlog(int layout, const char *text, size_t len, struct buf *out)
{
	static const char *const lv[3] = { "Information", "Error",
	    "Information" };
	static const char *const clock[3] = { "4:15:01 AM", "4:15:02 AM",
	    "4:15:03 AM" };
	const char *msg[3] = { "Starting.", text, "Done." };
	size_t mlen[3] = { 9, len, 5 };
	char d = layout == 1 ? ',' : '\t';
	int k, i;

	if (layout <= 1) {
		buf_printf(out, "Level%cDate and Time%cSource%cEvent ID%c"
		    "Task Category\n", d, d, d, d);
		for (k = 2; k >= 0; k--) {
			buf_printf(out, "%s%c8/22/2016 %s%cEktronL2%c0%cNone%c",
			    lv[k], d, clock[k], d, d, d, d);
			put_quoted(out, msg[k], mlen[k]);
			buf_putc(out, '\n');
		}
		return;
	}
	for (k = 0; k < 3; k++) {
		if (layout == 2) {
			buf_printf(out, "Event[%d]:\n  Log Name: EktronL2\n"
			    "  Source: EktronL2\n  Date: 2016-08-22T04:15:0%d.000\n"
			    "  Event ID: 0\n  Task: N/A\n  Level: %s\n"
			    "  Opcode: N/A\n  Keyword: Classic\n  User: N/A\n"
			    "  User Name: N/A\n  Computer: WEB01\n"
			    "  Description: \n", k, k + 1, lv[k]);
			buf_append(out, msg[k], mlen[k]);
			buf_puts(out, "\n\n");
			continue;
		}
		buf_printf(out, "<Event xmlns='http://schemas.microsoft.com/win/"
		    "2004/08/events/event'><System><Provider Name='EktronL2'/>"
		    "<EventID Qualifiers='0'>0</EventID><Level>%d</Level>"
		    "<Task>0</Task><Keywords>0x80000000000000</Keywords>"
		    "<TimeCreated SystemTime='2016-08-22T04:15:0%d.0000000Z'/>"
		    "<EventRecordID>%d</EventRecordID><Channel>EktronL2</Channel>"
		    "<Computer>WEB01</Computer><Security/></System><EventData>"
		    "<Data>", k == 1 ? 2 : 4, k + 1, 100 + k);
		for (i = 0; i < 1; i++)
			put_xml_text(out, msg[k], mlen[k]);
		buf_puts(out, "</Data></EventData></Event>");
	}
	buf_putc(out, '\n');
}

/*
 * Write message text as one record of format f, in a small log of two
 * routine records around it so the record has neighbours to end against.
 */
static void
render(enum event_format f, int layout, const char *text, size_t len,
    struct buf *out)
{
	size_t i;

	buf_reset(out);
	if (f == FMT_EVENTLOG) {
		render_eventlog(layout, text, len, out);
		return;
	}
	if (f == FMT_LOG4NET && layout == 1) {
		/* The CMS 7+ layout: date [thread] level logger: message. */
		buf_puts(out, "2016-08-22 04:15:01,000 [1] INFO Test.Logger: "
		    "Starting.\n2016-08-22 04:15:01,917 [57] ERROR "
		    "Test.Logger: ");
		buf_append(out, text, len);
		buf_puts(out, "\n2016-08-22 04:15:02,000 [1] INFO Test.Logger: "
		    "Done.\n");
		return;
	}
	switch (f) {
	case FMT_CONFIGMGR:
		buf_puts(out, "Starting.~  $$<SMS_TEST><08-22-2016 04:15:01.000+420>"
		    "<thread=1 (0x1)>\n");
		for (i = 0; i < len; i++)
			buf_putc(out, text[i] == '\n' ? '~' : text[i]);
		buf_puts(out, "~  $$<SMS_TEST><08-22-2016 04:15:01.917+420>"
		    "<thread=2316 (0x90C)>\n");
		buf_puts(out, "Done.~  $$<SMS_TEST><08-22-2016 04:15:02.000+420>"
		    "<thread=1 (0x1)>\n");
		break;
	case FMT_CMTRACE:
		buf_puts(out, "<![LOG[Starting.]LOG]!><time=\"04:15:01.000+420\" "
		    "date=\"08-22-2016\" component=\"Test\" context=\"\" "
		    "type=\"1\" thread=\"1\" file=\"test.cpp:1\">\n<![LOG[");
		buf_append(out, text, len);
		buf_puts(out, "]LOG]!><time=\"04:15:01.917+420\" "
		    "date=\"08-22-2016\" component=\"Test\" context=\"\" "
		    "type=\"3\" thread=\"2316\" file=\"test.cpp:2\">\n");
		buf_puts(out, "<![LOG[Done.]LOG]!><time=\"04:15:02.000+420\" "
		    "date=\"08-22-2016\" component=\"Test\" context=\"\" "
		    "type=\"1\" thread=\"1\" file=\"test.cpp:3\">\n");
		break;
	case FMT_LOG4NET:
		buf_puts(out, "2016-08-22 04:15:01,000 INFO [1] Test.Logger - "
		    "Starting.\n2016-08-22 04:15:01,917 ERROR [57] "
		    "Test.Logger - ");
		buf_append(out, text, len);
		buf_puts(out, "\n2016-08-22 04:15:02,000 INFO [1] Test.Logger - "
		    "Done.\n");
		break;
	case FMT_ENTLIB:
		buf_puts(out, "----------------------------------------\n"
		    "Timestamp: 8/22/2016 11:15:01 AM\nMessage: ");
		buf_append(out, text, len);
		buf_puts(out, "\nCategory: General\nPriority: -1\nEventId: 0\n"
		    "Severity: Error\nTitle:\nMachine: WEB01\n"
		    "----------------------------------------\n");
		break;
	default:
		/*
		 * A plain log has no record structure to carry a line break
		 * that is not a continuation, so the text goes on one line;
		 * the other renderings exercise multi-line records.
		 */
		buf_puts(out, "Starting.\n");
		for (i = 0; i < len; i++)
			buf_putc(out, text[i] == '\n' ? ' ' : text[i]);
		buf_puts(out, "\nDone.\n");
		break;
	}
}

/*
 * Write the record of annotation a in format f (layout: log4net's CMS 7
 * layout) and expect the same hit, in the same role, with the same fields.
 */
static void
check_rendering(struct checker *c, const struct annotation *a,
    const struct record *rec, const char *name, enum event_format f,
    int layout, struct buf *log)
{
	struct run r;
	const struct rec_hit *h = NULL;
	char *label;
	size_t j;

	render(f, layout, rec->text, rec->text_len, log);
	xasprintf(&label, "%s (line %llu written as %s%s%s)", name,
	    (unsigned long long)rec->line, event_format_name(f),
	    f == FMT_EVENTLOG ? ", " : layout ? ", CMS 7 layout" : "",
	    f == FMT_EVENTLOG ? evl_layout_names[layout] : "");
	sample_run_init(&r, c, label, name, 0);
	r.fmt = f;
	sample_run_bytes(&r, log->data, log->len);
	for (j = 0; j < r.nrecs && h == NULL; j++)
		h = sample_find_hit(&r.recs[j], a->sig, a->role);
	if (h == NULL)
		run_error(&r, 0, "%s: no %s hit", a->sig->id,
		    sigdb_role_name(a->role));
	else if (!sample_fields_match(a, h))
		sample_fields_report(&r, a, h, " (re-written)");
	c->sum.renderings++;
	sample_run_free(&r);
	xfree(label);
}

/*
 * Re-write each record that carries a hit annotation, of any role, in each
 * of its signature's formats.
 */
void
sample_check_renderings(struct checker *c, struct run *orig, const char *name)
{
	struct buf log = { 0 };
	size_t i;
	int f, layout;

	for (i = 0; i < orig->nanns; i++) {
		const struct annotation *a = &orig->anns[i];
		const struct record *rec;
		int exact;

		if (a->kind != ANN_HIT || a->rec_line == 0)
			continue;
		rec = sample_find_annotated(orig, a, a->rec_line, &exact);
		if (rec == NULL || !exact)
			continue;	/* already reported */
		for (f = 1; f < FMT_COUNT; f++) {
			if (!(a->sig->formats & FMT_MASK(f)))
				continue;
			/*
			 * log4net is written in both EPiServer layouts, an
			 * event log in each of its exports.
			 */
			for (layout = 0; layout < (f == FMT_LOG4NET ? 2 :
			    f == FMT_EVENTLOG ? EVL_RENDERINGS : 1); layout++)
				check_rendering(c, a, rec, name,
				    (enum event_format)f, layout, &log);
		}
	}
	buf_free(&log);
}
