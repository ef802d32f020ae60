/*
 * timeline — the timeline harness; see timeline.h.
 *
 * A run owns what the daemon would: one reader per source, one matcher,
 * the incident engine over a private in-memory store (one transaction,
 * rolled back at the end), and the health of every source and inbox as
 * the conditions module sees it.  The clock is the script's `at`; it
 * stands for the daemon's wall clock, so history entries are stamped with
 * it, while rules about records use each record's time.  This file parses
 * and runs the steps; timeline-expect.c checks the expectations.
 *
 * Records and the clock.  A reader holds a record back until the next one
 * starts, so a record logged at 11:00 may only come out at the next step.
 * Each source therefore remembers the clock at which each of its lines was
 * written, and a record without a timestamp of its own gets the clock of
 * its first line, not the clock of the step that flushed it.  `at` and
 * `expect` flush every source first, as the daemon flushes a file that has
 * gone quiet.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/samples.h"
#include "check/timeline-int.h"
#include "check/timeline.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/duration.h"
#include "lib/timefmt.h"
#include "lib/words.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "rules/condition.h"
#include "rules/incident.h"
#include "store/store.h"

#define TL_MAX_FILE	(4 * 1024 * 1024)
#define TL_SUFFIX	".timeline"
#define TL_OLDEST	"oldest.ins"	/* the oldest file of an inbox */
#define TL_MAX_DURATION	(100LL * 366 * 86400000)	/* a century, in ms */

void
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
int
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
	sample_limits(r->m, r->errors, r->path, r->line, r->limit_said);
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
void
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
	r->limit_said = xcalloc(db->nsigs + 1, 1);
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
	xfree(r->limit_said);
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
timeline_check(const struct sigdb *db, const char *dir, int local_only,
    FILE *out,
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

		if (!sigdb_has_rules(sig) || named[i] || (local_only &&
		    !sig->local))
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
