/*
 * report — human and JSON output of hits; see report.h.
 *
 * JSON goes through jansson, never through hand-made escaping.  jansson
 * refuses strings that are not valid UTF-8; the decoder guarantees valid
 * UTF-8, but this is the last line of defence, so a string jansson refuses
 * is repaired (each bad byte becomes U+FFFD) and tried again.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "decode/event.h"
#include "match/match.h"
#include "cmd/report.h"
#include "match/sigdb.h"
#include "store/store.h"
#include "lib/xmalloc.h"
#include "lib/json.h"
#include "lib/timefmt.h"

#define REPORT_HUMAN_TEXT_MAX	300

/* Print o as one compact line and drop it. */
static void
put_json_line(FILE *out, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	if (s != NULL) {
		fputs(s, out);
		fputc('\n', out);
		free(s);
	}
	json_decref(o);
}

static void
report_json(FILE *out, const char *file, const struct event *ev,
    const struct match_hit *h)
{
	json_t *o, *fields;
	char ts[32];
	size_t i;

	o = json_object();
	fields = json_object();
	for (i = 0; i < h->nfields; i++)
		json_object_set_new(fields, h->fields[i].name,
		    json_text(h->fields[i].value, h->fields[i].len));
	json_object_set_new(o, "signature", json_string(h->sig->id));
	json_object_set_new(o, "severity",
	    json_string(sigdb_severity_name(h->sig->severity)));
	json_object_set_new(o, "file", json_text(file, strlen(file)));
	json_object_set_new(o, "line", json_integer((json_int_t)ev->line));
	if (ev->has_time) {
		timefmt_iso(ev->time_ms, ts);
		json_object_set_new(o, "time", json_string(ts));
	} else
		json_object_set_new(o, "time", json_null());
	json_object_set_new(o, "fields", fields);
	json_object_set_new(o, "text", json_text(ev->first, ev->first_len));
	put_json_line(out, o);
}

/* Print s with control characters escaped, at most max bytes of it. */
static void
put_safe(FILE *out, const char *s, size_t len, size_t max)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len && i < max; i++) {
		c = (unsigned char)s[i];
		if (c == '\t')
			fputc(' ', out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	if (len > max)
		fputs("...", out);
}

static void
report_human(FILE *out, const char *file, const struct event *ev,
    const struct match_hit *h)
{
	char ts[32];
	size_t i;

	put_safe(out, file, strlen(file), 4096);
	fprintf(out, ":%llu: %s %s: %s", (unsigned long long)ev->line,
	    sigdb_severity_name(h->sig->severity), h->sig->id, h->sig->title);
	if (h->nfields > 0) {
		fputs(" [", out);
		for (i = 0; i < h->nfields; i++) {
			fprintf(out, "%s%s=", i ? " " : "", h->fields[i].name);
			put_safe(out, h->fields[i].value, h->fields[i].len,
			    REPORT_HUMAN_TEXT_MAX);
		}
		fputc(']', out);
	}
	fputc('\n', out);
	fputs("    ", out);
	if (ev->has_time) {
		timefmt_iso(ev->time_ms, ts);
		fprintf(out, "%s  ", ts);
	}
	put_safe(out, ev->first, ev->first_len, REPORT_HUMAN_TEXT_MAX);
	fputc('\n', out);
}

void
report_hit(FILE *out, enum report_style style, const char *file,
    const struct event *ev, const struct match_hit *h)
{
	if (style == REPORT_JSON)
		report_json(out, file, ev, h);
	else
		report_human(out, file, ev, h);
}

void
report_incident(FILE *out, enum report_style style,
    const struct store_incident *inc)
{
	char first[32], last[32];
	json_t *o, *fields;

	/* A log with no timestamps at all gives no times (0). */
	if (inc->first_seen != 0)
		timefmt_iso(inc->first_seen, first);
	else
		strcpy(first, "-");
	if (inc->last_seen != 0)
		timefmt_iso(inc->last_seen, last);
	else
		strcpy(last, "-");
	if (style != REPORT_JSON) {
		fprintf(out, "incident %lld: %s [%s] %s%s%s%s, %lld hit%s, "
		    "%s .. %s, source ", (long long)inc->id, inc->signature,
		    inc->severity, inc->state, inc->resolution != NULL ?
		    " (" : "", inc->resolution != NULL ? inc->resolution : "",
		    inc->resolution != NULL ? ")" : "", (long long)inc->count,
		    inc->count == 1 ? "" : "s", first, last);
		put_safe(out, inc->source, strlen(inc->source),
		    REPORT_HUMAN_TEXT_MAX);
		fputc('\n', out);
		return;
	}
	o = json_object();
	json_object_set_new(o, "incident", json_integer(inc->id));
	json_object_set_new(o, "signature", json_string(inc->signature));
	json_object_set_new(o, "source", json_text(inc->source,
	    strlen(inc->source)));
	json_object_set_new(o, "severity", json_string(inc->severity));
	json_object_set_new(o, "state", json_string(inc->state));
	json_object_set_new(o, "resolution", inc->resolution != NULL ?
	    json_string(inc->resolution) : json_null());
	json_object_set_new(o, "count", json_integer(inc->count));
	json_object_set_new(o, "first_seen", inc->first_seen != 0 ?
	    json_string(first) : json_null());
	json_object_set_new(o, "last_seen", inc->last_seen != 0 ?
	    json_string(last) : json_null());
	fields = json_loads(inc->fields_json != NULL ? inc->fields_json : "{}",
	    0, NULL);
	json_object_set_new(o, "fields", fields != NULL ? fields :
	    json_object());
	put_json_line(out, o);
}
