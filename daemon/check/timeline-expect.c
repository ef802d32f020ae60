/*
 * timeline-expect — a timeline's `expect` steps: read the incidents back
 * from the run's store and compare them with what the step says (state,
 * severity, resolution, count, times, fields, hits, none).
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void
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
