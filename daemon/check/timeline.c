/*
 * timeline — the timeline harness; see timeline.h.
 *
 * A run owns what the daemon would: one event parser per source, one
 * matcher, the incident engine over a private in-memory store (one
 * transaction, rolled back at the end), and the health of every source and
 * inbox as the conditions module sees it.  The clock is the script's `at`;
 * it stands for the daemon's wall clock, so history entries are stamped
 * with it, while rules about records use each record's time.
 *
 * Records and the clock.  An event parser holds a record back until the
 * next one starts, so a record logged at 11:00 may only come out at the next
 * step.  Each source therefore remembers the clock at which each of its
 * lines was written, and a record without a timestamp of its own gets the
 * clock of its first line, not the clock of the step that flushed it.  `at`
 * and `expect` flush every source first, as the daemon flushes a file that
 * has gone quiet.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/diag.h"
#include "rules/condition.h"
#include "conf/config.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "rules/incident.h"
#include "match/match.h"
#include "cmd/report.h"
#include "check/samples.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"
#include "decode/text.h"
#include "check/timeline.h"
#include "lib/xmalloc.h"
#include "lib/duration.h"
#include "lib/timefmt.h"
#include "lib/words.h"

#define TL_MAX_FILE	(4 * 1024 * 1024)
#define TL_SUFFIX	".timeline"
#define TL_OLDEST	"oldest.ins"	/* the oldest file of an inbox */
#define TL_MAX_DURATION	(100LL * 366 * 86400000)	/* a century, in ms */

struct tl_source {
	char		*name;
	struct reader	*rd;
	struct source_health health;
	char		*error;		/* health.error's storage */
	int64_t		*clocks;	/* [line number]: clock when written */
	uint64_t	 lines;
};

struct tl_inbox {
	char		*name;
	struct inbox_health health;
	int		 observed;
};

struct tl_run {
	const struct sigdb *db;
	const char	*path;
	uint64_t	 line;		/* of the step running */
	struct store	*st;
	struct incidents *inc;
	struct matcher	*m;
	int		 has_clock;
	int64_t		 clock;
	struct tl_source *srcs;
	size_t		 nsrcs;
	struct tl_inbox	*inboxes;
	size_t		 ninboxes;
	struct tl_source *cur;		/* whose records the parser emits */
	int64_t		*hits;		/* per signature: failure hits */
	unsigned char	*named;		/* per signature: expected; or NULL */
	struct diag	*errors;
	int		 steps;
	int		 expectations;
};

/* One incident as read back, for an expectation. */
struct tl_incident {
	char		*source;
	char		*state;
	char		*severity;
	char		*resolution;	/* NULL: none */
	char		*fields;
	int64_t		 count;
	int64_t		 first_seen;
	int64_t		 last_seen;
};

struct tl_incidents {
	const char	*sig;
	struct tl_incident *v;
	size_t		 n;
};

/* What `expect ID STATE ...` asks for. */
struct tl_expect {
	const struct signature *sig;
	const char	*state;
	const char	*severity;
	const char	*resolution;	/* "none": no resolution */
	const char	*source;
	int		 has_count, has_first, has_last;
	int64_t		 count, first_seen, last_seen;
	const struct word **fields;	/* the incident's fields */
	size_t		 nfields;
};

/* A problem at the step running (before the first: about the file). */
#define tl_error(r, ...) \
	diag_add((r)->errors, (r)->path, (r)->line, __VA_ARGS__)

static void
tl_store_error(struct tl_run *r, char *cause)
{
	tl_error(r, "incident store: %s", cause);
	xfree(cause);
}

/* Times and numbers */

/* A duration in duration_parse's syntax, at most a century. */
static int
tl_duration(const char *s, int64_t *ms)
{
	if (duration_parse(s, ms) == -1 || *ms > TL_MAX_DURATION)
		return -1;
	return 0;
}

/* A count: digits only, 0 to 10^9.  0 or -1. */
static int
tl_count(const char *s, int64_t *n)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > 1000000000)
		return -1;
	*n = (int64_t)v;
	return 0;
}

/* Sources and inboxes */

static struct tl_source *
tl_source_find(struct tl_run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nsrcs; i++)
		if (strcmp(r->srcs[i].name, name) == 0)
			return &r->srcs[i];
	return NULL;
}

static struct tl_inbox *
tl_inbox_find(struct tl_run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ninboxes; i++)
		if (strcmp(r->inboxes[i].name, name) == 0)
			return &r->inboxes[i];
	return NULL;
}

/*
 * "NAME: rest": a step about a declared source or inbox.  Returns 1 with
 * *name (caller frees) and *rest (one space after the colon skipped), 0
 * when the first word does not end with a colon.
 */
static int
tl_target(const char *p, char **name, const char **rest)
{
	const char *e = p;

	while (*e != '\0' && !isspace((unsigned char)*e))
		e++;
	if (e == p || e[-1] != ':' || e - p < 2)
		return 0;
	*name = xstrndup(p, (size_t)(e - p - 1));
	*rest = *e == ' ' || *e == '\t' ? e + 1 : e;
	return 1;
}

static int
tl_blank(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* A name to declare: not one that reads as "NAME:".  0 or -1 (reported). */
static int
tl_name_ok(struct tl_run *r, const char *what, const char *name)
{
	if (name[strlen(name) - 1] != ':')
		return 0;
	tl_error(r, "%s: a name may not end with ':'", what);
	return -1;
}

/* The clock is needed from here on. */
static int
tl_need_clock(struct tl_run *r)
{
	if (!r->has_clock)
		tl_error(r, "no clock yet: set it first with 'at "
		    "YYYY-MM-DDTHH:MM:SSZ'");
	return r->has_clock;
}

/* Apply a source's health, as the daemon does after looking at it. */
static void
tl_source_condition(struct tl_run *r, struct tl_source *s)
{
	s->health.error = s->error;
	char *cause = NULL;

	if (condition_source(r->inc, r->db, &s->health, r->clock,
	    r->clock, &cause) == -2)
		tl_store_error(r, cause);
}

static void
tl_inbox_condition(struct tl_run *r, struct tl_inbox *in)
{
	char *cause = NULL;

	if (condition_inbox(r->inc, &in->health, r->clock, r->clock,
	    &cause) == -2)
		tl_store_error(r, cause);
}

/* Records */

/* One record of r->cur: match it, apply its hits, advance its source. */
static void
tl_event(void *arg, const struct event *ev)
{
	struct tl_run *r = arg;
	struct tl_source *s = r->cur;
	const struct match_hit *hits;
	char *cause = NULL;
	int64_t t;
	size_t n, i;
	int rc;

	t = ev->has_time ? ev->time_ms : ev->line <= s->lines ?
	    s->clocks[ev->line] : r->clock;
	n = match_event(r->m, ev, &hits);
	for (i = 0; i < n; i++) {
		struct incident_hit ih;

		incident_hit_fill(&ih, &hits[i], ev, s->name, s->name, t);
		rc = incident_hit(r->inc, &ih, r->clock, &cause);
		incident_hit_clear(&ih);
		if (rc == -1)
			tl_store_error(r, cause);
		else if (rc == 1)
			r->hits[hits[i].sig->index]++;
	}
	cause = NULL;
	if (incident_advance(r->inc, s->name, t, r->clock, &cause) == -1)
		tl_store_error(r, cause);
}

/* Emit every record still held back, in every source. */
static void
tl_flush(struct tl_run *r)
{
	size_t i;

	for (i = 0; i < r->nsrcs; i++) {
		r->cur = &r->srcs[i];
		match_set_source(r->m, r->cur->name);
		reader_flush(r->cur->rd);
	}
	r->cur = NULL;
}

/* What the daemon's timer does at the clock. */
static void
tl_tick(struct tl_run *r)
{
	size_t i;

	char *cause = NULL;

	if (incident_advance(r->inc, NULL, r->clock, r->clock, &cause) == -1)
		tl_store_error(r, cause);
	for (i = 0; i < r->nsrcs; i++)
		tl_source_condition(r, &r->srcs[i]);
	for (i = 0; i < r->ninboxes; i++)
		if (r->inboxes[i].observed)
			tl_inbox_condition(r, &r->inboxes[i]);
}

/* Steps: source */

/* One option of a source declaration.  0 or -1 (reported). */
static int
tl_source_option(struct tl_run *r, struct tl_source *s, int *fmt, long *tz,
    const struct word *w)
{
	char *end;

	if (w->value == NULL)
		tl_error(r, "source: '%s' is not NAME=VALUE", w->name);
	else if (strcmp(w->name, "format") == 0) {
		if ((*fmt = event_format_parse(w->value)) >= 0)
			return 0;
		tl_error(r, "source: unknown format '%s'", w->value);
	} else if (strcmp(w->name, "tz") == 0) {
		*tz = strtol(w->value, &end, 10);
		if (*w->value != '\0' && *end == '\0' && *tz >= -14 * 60 &&
		    *tz <= 14 * 60)
			return 0;
		tl_error(r, "source: bad tz '%s' (minutes east of UTC)",
		    w->value);
	} else if (strcmp(w->name, "expect_every") == 0 ||
	    strcmp(w->name, "missing_after") == 0) {
		if (tl_duration(w->value, w->name[0] == 'e' ?
		    &s->health.expect_every_ms : &s->health.missing_ms) == 0)
			return 0;
		tl_error(r, "source: bad %s '%s' (want a duration: 90s, 5m, "
		    "2h, 1d)", w->name, w->value);
	} else
		tl_error(r, "source: unknown option '%s' (format, tz, "
		    "expect_every, missing_after)", w->name);
	return -1;
}

/* source NAME [format=FMT] [tz=MINUTES] [expect_every=D] [missing_after=D] */
static void
tl_source_declare(struct tl_run *r, const char *rest)
{
	struct words w;
	struct tl_source s;
	int fmt = FMT_AUTO, bad = 0;
	long tz = 0;
	size_t i;

	if (words_split(rest, &w) == -1 || w.n == 0 || w.w[0].value != NULL) {
		tl_error(r, "want 'source NAME [format=FMT] [tz=MINUTES] "
		    "[expect_every=DURATION] [missing_after=DURATION]'");
		words_free(&w);
		return;
	}
	if (tl_name_ok(r, "source", w.w[0].name) == -1 ||
	    tl_source_find(r, w.w[0].name) != NULL) {
		if (tl_source_find(r, w.w[0].name) != NULL)
			tl_error(r, "source %s declared twice", w.w[0].name);
		words_free(&w);
		return;
	}
	memset(&s, 0, sizeof(s));
	for (i = 1; i < w.n; i++)
		bad |= tl_source_option(r, &s, &fmt, &tz, &w.w[i]) == -1;
	if (!bad) {
		s.name = xstrdup(w.w[0].name);
		s.rd = reader_new((enum event_format)fmt, 0, (int)tz,
		    tl_event, r);
		s.health.source = s.name;
		s.health.path = s.name;
		r->srcs = xreallocarray(r->srcs, r->nsrcs + 1,
		    sizeof(*r->srcs));
		r->srcs[r->nsrcs++] = s;
	}
	words_free(&w);
}

/* source NAME: missing | unreadable REASON | back */
static void
tl_source_status(struct tl_run *r, const char *name, const char *what)
{
	struct tl_source *s;

	if ((s = tl_source_find(r, name)) == NULL) {
		tl_error(r, "unknown source '%s' (declare it with 'source "
		    "NAME')", name);
		return;
	}
	if (!tl_need_clock(r))
		return;
	while (isspace((unsigned char)*what))
		what++;
	if (strcmp(what, "missing") == 0) {
		s->health.missing_since_ms = r->clock;
		s->health.had_file = 1;
		xfree(s->error);
		s->error = NULL;
	} else if (strncmp(what, "unreadable", 10) == 0 &&
	    isspace((unsigned char)what[10]) && !tl_blank(what + 10)) {
		xfree(s->error);
		s->error = xstrdup(what + 11);
		s->health.missing_since_ms = 0;
	} else if (strcmp(what, "back") == 0) {
		s->health.missing_since_ms = 0;
		s->health.last_write_ms = r->clock;
		s->health.had_file = 1;
		xfree(s->error);
		s->error = NULL;
	} else {
		tl_error(r, "want 'source NAME: missing', 'source NAME: "
		    "unreadable REASON' or 'source NAME: back'");
		return;
	}
	tl_source_condition(r, s);
}

static void
tl_step_source(struct tl_run *r, const char *rest)
{
	const char *what;
	char *name;

	if (!tl_target(rest, &name, &what)) {
		tl_source_declare(r, rest);
		return;
	}
	tl_source_status(r, name, what);
	xfree(name);
}

/* Steps: inbox */

/* inbox NAME signature=ID [max_files=N] [max_age=DURATION] */
static void
tl_inbox_declare(struct tl_run *r, const char *rest)
{
	struct words w;
	struct tl_inbox in;
	const struct word *o;
	int bad = 0;
	size_t i;

	memset(&in, 0, sizeof(in));
	in.health.max_files = -1;
	in.health.max_age_ms = -1;
	if (words_split(rest, &w) == -1 || w.n == 0 || w.w[0].value != NULL) {
		tl_error(r, "want 'inbox NAME signature=ID [max_files=N] "
		    "[max_age=DURATION]'");
		words_free(&w);
		return;
	}
	for (i = 1; i < w.n && !bad; i++) {
		o = &w.w[i];
		if (o->value != NULL && strcmp(o->name, "signature") == 0)
			in.health.sig = sigdb_find(r->db, o->value);
		else if (o->value != NULL && strcmp(o->name, "max_files") == 0)
			bad = tl_count(o->value, &in.health.max_files) == -1;
		else if (o->value != NULL && strcmp(o->name, "max_age") == 0)
			bad = tl_duration(o->value, &in.health.max_age_ms) ==
			    -1;
		else
			bad = 1;
		if (bad)
			tl_error(r, "inbox: bad option '%s' (signature=ID, "
			    "max_files=N, max_age=DURATION)", o->name);
	}
	if (!bad && (in.health.sig == NULL ||
	    in.health.sig->kind != SIG_INBOX)) {
		tl_error(r, "inbox %s: signature= must name a signature of "
		    "kind inbox", w.w[0].name);
		bad = 1;
	}
	if (!bad && tl_name_ok(r, "inbox", w.w[0].name) == -1)
		bad = 1;
	if (!bad && tl_inbox_find(r, w.w[0].name) != NULL) {
		tl_error(r, "inbox %s declared twice", w.w[0].name);
		bad = 1;
	}
	if (!bad) {
		if (in.health.max_files < 0)
			in.health.max_files = in.health.sig->max_files;
		if (in.health.max_age_ms < 0)
			in.health.max_age_ms = in.health.sig->max_age_ms;
		in.name = xstrdup(w.w[0].name);
		in.health.inbox = in.name;
		in.health.path = in.name;
		in.health.ok = 1;
		r->inboxes = xreallocarray(r->inboxes, r->ninboxes + 1,
		    sizeof(*r->inboxes));
		r->inboxes[r->ninboxes++] = in;
	}
	words_free(&w);
}

/* inbox NAME: COUNT [oldest=DURATION] */
static void
tl_inbox_observe(struct tl_run *r, const char *name, const char *what)
{
	struct tl_inbox *in;
	struct words w;
	int64_t count, age = 0;

	if ((in = tl_inbox_find(r, name)) == NULL) {
		tl_error(r, "unknown inbox '%s' (declare it with 'inbox NAME "
		    "signature=ID')", name);
		return;
	}
	if (!tl_need_clock(r))
		return;
	if (words_split(what, &w) == -1 || w.n < 1 || w.n > 2 ||
	    w.w[0].value != NULL || tl_count(w.w[0].name, &count) == -1 ||
	    (w.n == 2 && (strcmp(w.w[1].name, "oldest") != 0 ||
	    w.w[1].value == NULL || tl_duration(w.w[1].value, &age) == -1))) {
		tl_error(r, "want 'inbox NAME: COUNT [oldest=DURATION]'");
		words_free(&w);
		return;
	}
	words_free(&w);
	in->health.count = count;
	in->health.oldest_ms = count > 0 ? r->clock - age : 0;
	in->health.oldest = count > 0 ? TL_OLDEST : NULL;
	in->observed = 1;
	tl_inbox_condition(r, in);
}

static void
tl_step_inbox(struct tl_run *r, const char *rest)
{
	const char *what;
	char *name;

	if (!tl_target(rest, &name, &what)) {
		tl_inbox_declare(r, rest);
		return;
	}
	tl_inbox_observe(r, name, what);
	xfree(name);
}

/* Steps: at, log */

/* at YYYY-MM-DDTHH:MM:SS[.mmm]Z | at +DURATION */
static void
tl_step_at(struct tl_run *r, const char *rest)
{
	int64_t t, d;

	if (rest[0] == '+') {
		if (tl_duration(rest + 1, &d) == -1) {
			tl_error(r, "bad relative time '%s' (want +90s, +5m, "
			    "+2h, +1d)", rest);
			return;
		}
		if (!tl_need_clock(r))
			return;
		t = r->clock + d;
	} else if (timefmt_parse_iso(rest, TIMEFMT_NEED_Z, &t) == -1) {
		tl_error(r, "bad time '%s' (want YYYY-MM-DDTHH:MM:SS[.mmm]Z "
		    "or +DURATION)", rest);
		return;
	}
	if (r->has_clock && t < r->clock) {
		char from[32], to[32];

		timefmt_iso(r->clock, from);
		timefmt_iso(t, to);
		tl_error(r, "the clock goes back (from %s to %s)", from, to);
		return;
	}
	/* Records written so far happened before the clock moves. */
	tl_flush(r);
	r->clock = t;
	r->has_clock = 1;
	tl_tick(r);
}

/* log NAME: TEXT */
static void
tl_step_log(struct tl_run *r, const char *rest)
{
	struct tl_source *s;
	const char *text;
	char *name;

	if (!tl_target(rest, &name, &text)) {
		tl_error(r, "want 'log NAME: TEXT'");
		return;
	}
	s = tl_source_find(r, name);
	if (s == NULL)
		tl_error(r, "unknown source '%s' (declare it with 'source "
		    "NAME')", name);
	xfree(name);
	if (s == NULL || !tl_need_clock(r))
		return;
	s->lines++;
	s->clocks = xreallocarray(s->clocks, s->lines + 1, sizeof(int64_t));
	s->clocks[s->lines] = r->clock;
	r->cur = s;
	match_set_source(r->m, s->name);
	reader_text_line(s->rd, text, strlen(text));
	r->cur = NULL;
	/* The file was written: present, readable, not silent. */
	s->health.last_write_ms = r->clock;
	s->health.missing_since_ms = 0;
	s->health.had_file = 1;
	xfree(s->error);
	s->error = NULL;
	tl_source_condition(r, s);
}

/* Steps: expect */

static int
tl_on_incident(void *arg, const struct store_incident *si)
{
	struct tl_incidents *l = arg;
	struct tl_incident *i;

	if (strcmp(si->signature, l->sig) != 0)
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	i = &l->v[l->n++];
	i->source = xstrdup(si->source);
	i->state = xstrdup(si->state);
	i->severity = xstrdup(si->severity);
	i->resolution = si->resolution != NULL ? xstrdup(si->resolution) :
	    NULL;
	i->fields = xstrdup(si->fields_json != NULL ? si->fields_json : "{}");
	i->count = si->count;
	i->first_seen = si->first_seen;
	i->last_seen = si->last_seen;
	return 0;
}

static void
tl_incidents_free(struct tl_incidents *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		xfree(l->v[i].source);
		xfree(l->v[i].state);
		xfree(l->v[i].severity);
		xfree(l->v[i].resolution);
		xfree(l->v[i].fields);
	}
	xfree(l->v);
}

/* Every incident of sig, oldest first.  0 or -1 (reported). */
static int
tl_incidents(struct tl_run *r, const struct signature *sig,
    struct tl_incidents *l)
{
	char *cause = NULL;

	memset(l, 0, sizeof(*l));
	l->sig = sig->id;
	if (store_incidents_oldest(r->st, tl_on_incident, l, &cause) == -1) {
		tl_store_error(r, cause);
		tl_incidents_free(l);
		return -1;
	}
	return 0;
}

/* Whether field name of a fields object has the value want (as text). */
static int
tl_field_is(const char *fields_json, const char *name, const char *want)
{
	json_t *o = json_loads(fields_json, 0, NULL), *v;
	char num[64];
	const char *got = NULL;
	int eq;

	v = o != NULL ? json_object_get(o, name) : NULL;
	if (json_is_string(v))
		got = json_string_value(v);
	else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		got = num;
	} else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%g", json_real_value(v));
		got = num;
	} else if (v != NULL)
		got = json_is_true(v) ? "true" : json_is_false(v) ? "false" :
		    "null";
	eq = got != NULL && strcmp(got, want) == 0;
	json_decref(o);
	return eq;
}

static int
tl_fits(const struct tl_expect *e, const struct tl_incident *i)
{
	size_t k;

	if (strcmp(i->state, e->state) != 0 ||
	    (e->source != NULL && strcmp(i->source, e->source) != 0) ||
	    (e->has_count && i->count != e->count) ||
	    (e->has_first && i->first_seen != e->first_seen) ||
	    (e->has_last && i->last_seen != e->last_seen) ||
	    (e->severity != NULL && strcmp(i->severity, e->severity) != 0))
		return 0;
	if (e->resolution != NULL && (strcmp(e->resolution, "none") == 0 ?
	    i->resolution != NULL : i->resolution == NULL ||
	    strcmp(i->resolution, e->resolution) != 0))
		return 0;
	for (k = 0; k < e->nfields; k++)
		if (!tl_field_is(i->fields, e->fields[k]->name,
		    e->fields[k]->value))
			return 0;
	return 1;
}

/* "open count=2 severity=error resolution=none source=app ..." */
static void
tl_describe(const struct tl_expect *e, const struct tl_incidents *l,
    struct buf *out)
{
	char t[32];
	size_t i;

	if (l->n == 0)
		buf_puts(out, "none");
	for (i = 0; i < l->n; i++) {
		const struct tl_incident *in = &l->v[i];

		buf_printf(out, "%s%s count=%lld severity=%s resolution=%s "
		    "source=%s", i > 0 ? "; " : "", in->state,
		    (long long)in->count, in->severity, in->resolution != NULL ?
		    in->resolution : "none", in->source);
		if (e != NULL && e->has_first) {
			timefmt_iso(in->first_seen, t);
			buf_printf(out, " first_seen=%s", t);
		}
		if (e != NULL && e->has_last) {
			timefmt_iso(in->last_seen, t);
			buf_printf(out, " last_seen=%s", t);
		}
		if (e != NULL && e->nfields > 0)
			buf_printf(out, " fields=%s", in->fields);
	}
}

/* One NAME=VALUE of an expectation.  0 or -1 (reported). */
static int
tl_expect_option(struct tl_run *r, struct tl_expect *e,
    const struct word *w)
{
	const char *v = w->value;

	if (v == NULL) {
		tl_error(r, "expect: '%s' is not NAME=VALUE", w->name);
		return -1;
	}
	if (strcmp(w->name, "count") == 0) {
		e->has_count = 1;
		if (tl_count(v, &e->count) == 0)
			return 0;
	} else if (strcmp(w->name, "severity") == 0) {
		e->severity = v;
		if (sigdb_severity_parse(v) != 0)
			return 0;
	} else if (strcmp(w->name, "first_seen") == 0 ||
	    strcmp(w->name, "last_seen") == 0) {
		int first = w->name[0] == 'f';

		*(first ? &e->has_first : &e->has_last) = 1;
		if (timefmt_parse_iso(v, TIMEFMT_NEED_Z, first ? &e->first_seen : &e->last_seen) == 0)
			return 0;
	} else if (strcmp(w->name, "resolution") == 0) {
		e->resolution = v;
		return 0;
	} else if (strcmp(w->name, "source") == 0) {
		e->source = v;
		return 0;
	} else {
		e->fields = xreallocarray(e->fields, e->nfields + 1,
		    sizeof(*e->fields));
		e->fields[e->nfields++] = w;
		return 0;
	}
	tl_error(r, "expect: bad %s '%s'", w->name, v);
	return -1;
}

/* expect ID STATE [count=N] [severity=S] [resolution=R|none] ... */
static void
tl_expect_state(struct tl_run *r, const char *step, const struct words *w,
    const struct signature *sig)
{
	struct tl_expect e;
	struct tl_incidents l;
	struct buf got = { 0 };
	size_t i;

	memset(&e, 0, sizeof(e));
	e.sig = sig;
	e.state = w->w[1].name;
	if (w->w[1].value != NULL || (strcmp(e.state, "open") != 0 &&
	    strcmp(e.state, "acknowledged") != 0 &&
	    strcmp(e.state, "resolved") != 0)) {
		tl_error(r, "expect: bad state '%s' (open, acknowledged or "
		    "resolved)", w->w[1].name);
		return;
	}
	for (i = 2; i < w->n; i++)
		if (tl_expect_option(r, &e, &w->w[i]) == -1)
			goto done;
	if (tl_incidents(r, sig, &l) == -1)
		goto done;
	for (i = 0; i < l.n; i++)
		if (tl_fits(&e, &l.v[i]))
			break;
	if (i == l.n) {
		tl_describe(&e, &l, &got);
		tl_error(r, "%s: got %s", step, buf_cstr(&got));
	}
	buf_free(&got);
	tl_incidents_free(&l);
done:
	xfree(e.fields);
}

/* expect no ID [source=NAME] */
static void
tl_expect_none(struct tl_run *r, const char *step,
    const struct signature *sig, const struct word *opt)
{
	struct tl_incidents l;
	struct buf got = { 0 };
	size_t i, j;

	if (opt != NULL && (opt->value == NULL ||
	    strcmp(opt->name, "source") != 0)) {
		tl_error(r, "want 'expect no ID [source=NAME]'");
		return;
	}
	if (tl_incidents(r, sig, &l) == -1)
		return;
	/* Keep only the source asked about. */
	for (i = j = 0; i < l.n; i++)
		if (opt == NULL || strcmp(l.v[i].source, opt->value) == 0) {
			struct tl_incident t = l.v[j];

			l.v[j++] = l.v[i];
			l.v[i] = t;
		}
	if (j > 0) {
		l.n = j;
		tl_describe(NULL, &l, &got);
		tl_error(r, "%s: got %s", step, buf_cstr(&got));
		l.n = i;
	}
	buf_free(&got);
	tl_incidents_free(&l);
}

/* expect hits ID N */
static void
tl_expect_hits(struct tl_run *r, const char *step,
    const struct signature *sig, const char *n)
{
	int64_t want;

	if (tl_count(n, &want) == -1) {
		tl_error(r, "expect hits: bad count '%s'", n);
		return;
	}
	if (r->hits[sig->index] != want)
		tl_error(r, "%s: got %lld", step,
		    (long long)r->hits[sig->index]);
}

/*
 * The signature an expectation names (marked as exercised), or NULL after
 * a message.
 */
static const struct signature *
tl_expect_sig(struct tl_run *r, const char *id)
{
	const struct signature *sig = sigdb_find(r->db, id);

	if (sig == NULL) {
		tl_error(r, "expect: unknown signature '%s'", id);
		return NULL;
	}
	if (r->named != NULL)
		r->named[sig->index] = 1;
	return sig;
}

static void
tl_step_expect(struct tl_run *r, const char *rest)
{
	const struct signature *sig;
	struct words w;
	char *step;
	size_t len = strlen(rest);
	int special;

	while (len > 0 && isspace((unsigned char)rest[len - 1]))
		len--;
	xasprintf(&step, "expect %.*s", (int)len, rest);
	r->expectations++;
	if (words_split(rest, &w) == -1 || w.n < 2) {
		tl_error(r, "want 'expect ID STATE [NAME=VALUE ...]', 'expect "
		    "no ID [source=NAME]' or 'expect hits ID N'");
		goto done;
	}
	special = w.w[0].value == NULL && (strcmp(w.w[0].name, "no") == 0 ||
	    strcmp(w.w[0].name, "hits") == 0);
	if ((sig = tl_expect_sig(r, w.w[special ? 1 : 0].name)) == NULL)
		goto done;
	tl_flush(r);
	if (special && w.w[0].name[0] == 'n' && w.n <= 3)
		tl_expect_none(r, step, sig, w.n == 3 ? &w.w[2] : NULL);
	else if (special && w.w[0].name[0] == 'h' && w.n == 3)
		tl_expect_hits(r, step, sig, w.w[2].name);
	else if (special)
		tl_error(r, "want 'expect no ID [source=NAME]' or 'expect hits "
		    "ID N'");
	else
		tl_expect_state(r, step, &w, sig);
done:
	words_free(&w);
	xfree(step);
}

/* Running a file */

static const struct {
	const char	*verb;
	void		(*run)(struct tl_run *, const char *);
} tl_steps[] = {
	{ "source", tl_step_source },
	{ "inbox", tl_step_inbox },
	{ "at", tl_step_at },
	{ "log", tl_step_log },
	{ "expect", tl_step_expect },
};

static void
tl_line(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct tl_run *r = arg;
	const char *p = line, *verb;
	size_t n, i;

	r->line = line_no;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return;
	r->steps++;
	if (flags & TEXT_LINE_CUT) {
		tl_error(r, "line too long");
		return;
	}
	for (verb = p; *p != '\0' && !isspace((unsigned char)*p); p++)
		;
	n = (size_t)(p - verb);
	while (isspace((unsigned char)*p))
		p++;
	for (i = 0; i < sizeof(tl_steps) / sizeof(tl_steps[0]); i++)
		if (strlen(tl_steps[i].verb) == n &&
		    memcmp(tl_steps[i].verb, verb, n) == 0) {
			tl_steps[i].run(r, p);
			return;
		}
	tl_error(r, "unknown step '%.*s' (source, inbox, at, log or expect)",
	    (int)n, verb);
}

static int
tl_init(struct tl_run *r, const struct sigdb *db, const char *path,
    struct diag *errors, unsigned char *named)
{
	char *cause = NULL;

	memset(r, 0, sizeof(*r));
	r->db = db;
	r->path = path;
	r->errors = errors;
	r->named = named;
	if ((r->st = store_open(NULL, 5, &cause)) == NULL) {
		tl_error(r, "incident store: %s", cause);
		xfree(cause);
		return -1;
	}
	if (store_begin(r->st, &cause) == -1) {
		tl_store_error(r, cause);
		store_close(r->st);
		return -1;
	}
	r->inc = incident_new(r->st, db);
	r->m = match_new(db, NULL);
	r->hits = xcalloc(db->nsigs + 1, sizeof(*r->hits));
	return 0;
}

static void
tl_free(struct tl_run *r)
{
	size_t i;

	for (i = 0; i < r->nsrcs; i++) {
		xfree(r->srcs[i].name);
		xfree(r->srcs[i].error);
		xfree(r->srcs[i].clocks);
		reader_free(r->srcs[i].rd);
	}
	xfree(r->srcs);
	for (i = 0; i < r->ninboxes; i++)
		xfree(r->inboxes[i].name);
	xfree(r->inboxes);
	store_rollback(r->st);
	incident_free(r->inc);
	store_close(r->st);
	match_free(r->m);
	xfree(r->hits);
}

/* Run one file; report to out; add to *sum.  Returns its failures. */
static int
tl_run_file(const struct sigdb *db, const char *path, FILE *out,
    struct timeline_summary *sum, unsigned char *named)
{
	struct buf bytes = { 0 };
	struct diag errors = { 0 };
	struct text_decoder *td;
	struct tl_run r;
	char *cause;
	int failures;

	if (platform_read_file(path, &bytes, TL_MAX_FILE, &cause) == -1) {
		if (out != NULL)
			fprintf(out, "%s\n", cause);
		xfree(cause);
		sum->failures++;
		return 1;
	}
	if (tl_init(&r, db, path, &errors, named) == 0) {
		td = text_new(0);
		text_feed(td, bytes.data != NULL ? bytes.data : "", bytes.len,
		    tl_line, &r);
		text_finish(td, tl_line, &r);
		text_free(td);
		r.line = 0;
		if (r.expectations == 0)
			tl_error(&r, "no expectation: a timeline must check "
			    "something");
		tl_free(&r);
	}
	failures = errors.count;
	if (out != NULL) {
		fprintf(out, "%-5s %-44s %3d steps, %3d expectations\n",
		    failures == 0 ? "ok" : "FAIL", path, r.steps,
		    r.expectations);
		fputs(buf_cstr(&errors.text), out);
	}
	sum->files++;
	sum->steps += r.steps;
	sum->expectations += r.expectations;
	sum->failures += failures;
	diag_free(&errors);
	buf_free(&bytes);
	return failures;
}

int
timeline_file(const struct sigdb *db, const char *path, FILE *out,
    struct timeline_summary *sum)
{
	return tl_run_file(db, path, out, sum, NULL);
}

/* platform_dir_files filter: the timelines. */
static int
tl_is_timeline(void *arg, const char *name)
{
	size_t len = strlen(name);

	return len > strlen(TL_SUFFIX) &&
	    strcmp(name + len - strlen(TL_SUFFIX), TL_SUFFIX) == 0;
}

/* The *.timeline files of dir, sorted, NULL-terminated (caller frees). */
static char **
tl_list(const char *dir)
{
	char **files = platform_dir_files(dir, tl_is_timeline, NULL, NULL);

	/* An unreadable directory: samples_check says why. */
	return files != NULL ? files : xcalloc(1, sizeof(char *));
}

int
timeline_check(const struct sigdb *db, const char *dir, FILE *out,
    struct timeline_summary *sump)
{
	struct timeline_summary sum;
	unsigned char *named = xcalloc(db->nsigs + 1, 1);
	char **files = tl_list(dir);
	size_t i;

	memset(&sum, 0, sizeof(sum));
	for (i = 0; files[i] != NULL; i++) {
		tl_run_file(db, files[i], out, &sum, named);
		xfree(files[i]);
	}
	xfree(files);
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		if (!sigdb_has_rules(sig) || named[i])
			continue;
		if (out != NULL)
			fprintf(out, "%s:%d: %s: rules not exercised by any "
			    "timeline\n", sig->file, sig->line, sig->id);
		sum.failures++;
	}
	xfree(named);
	if (sump != NULL)
		*sump = sum;
	return sum.failures == 0 ? 0 : -1;
}
