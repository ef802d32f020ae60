/*
 * sample-run — one run of a sample log: the bytes through the reader
 * (text -> record -> match, as scan does), except that lines starting
 * with "#>" are taken out before the parser sees them and kept as
 * annotations.  The run records, per record, its first line, its text and
 * its hits (each with the role of the pattern that matched); samples.c
 * checks them against the annotations.
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
#include "decode/text.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/words.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/sigdb.h"
#include "platform/platform.h"

static int
cmp_field(const void *a, const void *b)
{
	const struct ann_field *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
on_event(void *arg, const struct event *ev)
{
	struct run *r = arg;
	const struct match_hit *hits;
	struct record *rec;
	size_t n, i, j;

	n = match_event(r->m, ev, &hits);
	sample_limits(r->m, r->errors, r->name, ev->line, r->limit_said);
	r->recs = xreallocarray(r->recs, r->nrecs + 1, sizeof(*r->recs));
	rec = &r->recs[r->nrecs++];
	memset(rec, 0, sizeof(*rec));
	rec->line = ev->line;
	rec->format = ev->format;
	rec->text = xmemdup(ev->text, ev->text_len + 1);
	rec->text_len = ev->text_len;
	if (n == 0)
		return;
	rec->hits = xcalloc(n, sizeof(*rec->hits));
	rec->nhits = n;
	for (i = 0; i < n; i++) {
		struct rec_hit *h = &rec->hits[i];
		struct buf b = { 0 };

		h->sig = hits[i].sig;
		h->role = hits[i].role;
		h->nfv = hits[i].nfields;
		h->fv = xcalloc(h->nfv + 1, sizeof(*h->fv));
		for (j = 0; j < h->nfv; j++) {
			h->fv[j].name = xstrdup(hits[i].fields[j].name);
			h->fv[j].value = xstrdup(hits[i].fields[j].value);
		}
		qsort(h->fv, h->nfv, sizeof(*h->fv), cmp_field);
		for (j = 0; j < h->nfv; j++)
			buf_printf(&b, "%s=%s;", h->fv[j].name, h->fv[j].value);
		h->fields = xstrdup(buf_cstr(&b));
		h->fields_len = b.len;
		buf_free(&b);
	}
}

/* An annotation's name=value fields (every word needs its value).  0 or -1. */
static int
parse_fields(const char *p, struct annotation *a)
{
	struct words w;
	size_t i;

	if (words_split(p, &w) == -1)
		return -1;
	for (i = 0; i < w.n; i++)
		if (w.w[i].value == NULL) {
			words_free(&w);
			return -1;
		}
	a->fields = xreallocarray(a->fields, a->nfields + w.n + 1,
	    sizeof(*a->fields));
	for (i = 0; i < w.n; i++) {
		a->fields[a->nfields].name = w.w[i].name;
		a->fields[a->nfields].value = w.w[i].value;
		a->nfields++;
	}
	xfree(w.w);
	return 0;
}

/* How many patterns sig has for role. */
static size_t
role_patterns(const struct signature *sig, enum sig_role role)
{
	return role == ROLE_MATCH ? sig->nmatch : sig->nrole[role];
}

/*
 * Whether a hit annotation of role must name the group_by fields: when
 * that role's patterns capture them.  Every match, then and without
 * pattern does (the loader checks); recover patterns all do or none.
 */
static int
role_keyed(const struct signature *sig, enum sig_role role)
{
	return role != ROLE_RECOVER || sig->recover_keyed;
}

/* The role an annotation verb names, or -1. */
static int
role_parse(const char *word)
{
	int role;

	for (role = 0; role < ROLE_COUNT; role++)
		if (strcmp(word, sigdb_role_name((enum sig_role)role)) == 0)
			return role;
	return -1;
}

static void
ann_free_fields(struct annotation *a)
{
	size_t i;

	for (i = 0; i < a->nfields; i++) {
		xfree(a->fields[i].name);
		xfree(a->fields[i].value);
	}
	xfree(a->fields);
	a->fields = NULL;
	a->nfields = 0;
}

/* Check a parsed annotation against its signature.  0 or -1. */
static int
ann_validate(struct run *r, const struct annotation *a)
{
	const struct signature *sig = a->sig;
	const char *verb = a->kind == ANN_MISS ? "miss" :
	    sigdb_role_name(a->role);
	size_t i, j;

	if (sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH) {
		run_error(r, a->line, "%s: a signature of kind %s has no "
		    "patterns; test it in a timeline", sig->id,
		    sigdb_kind_name(sig->kind));
		return -1;
	}
	if (a->kind == ANN_MISS) {
		if (a->nfields > 0) {
			run_error(r, a->line, "a 'miss' annotation takes no "
			    "fields");
			return -1;
		}
		return 0;
	}
	if (role_patterns(sig, a->role) == 0) {
		run_error(r, a->line, "%s: '#> %s' but the signature has no "
		    "'%s' pattern", sig->id, verb, verb);
		return -1;
	}
	if (!role_keyed(sig, a->role))
		return 0;
	for (i = 0; i < sig->ngroup_by; i++) {
		for (j = 0; j < a->nfields; j++)
			if (strcmp(a->fields[j].name, sig->group_by[i]) == 0)
				break;
		if (j == a->nfields) {
			run_error(r, a->line, "%s: the annotation must name "
			    "group_by field '%s'", sig->id, sig->group_by[i]);
			return -1;
		}
	}
	return 0;
}

static void
parse_annotation(struct run *r, const char *line, uint64_t line_no)
{
	struct annotation a;
	char word[64], id[256];
	const char *p = line + 2;
	int n = 0, role;

	memset(&a, 0, sizeof(a));
	a.line = line_no;
	if (sscanf(p, " %63s %255s %n", word, id, &n) < 2 || n == 0) {
		run_error(r, line_no, "bad annotation (want '#> match ID "
		    "[field=value ...]', '#> then|without|recover ID "
		    "[field=value ...]', '#> miss ID' or '#> format NAME')");
		return;
	}
	if (strcmp(word, "format") == 0) {
		int f = event_format_parse(id);

		if (f < 0)
			run_error(r, line_no, "unknown format '%s'", id);
		else if (r->seen_line)
			run_error(r, line_no, "'#> format' must come before "
			    "the first record");
		else {
			r->fmt = (enum event_format)f;
			reader_set_format(r->rd, r->fmt);
		}
		return;
	}
	if (strcmp(word, "miss") == 0)
		a.kind = ANN_MISS;
	else if ((role = role_parse(word)) >= 0) {
		a.kind = ANN_HIT;
		a.role = (enum sig_role)role;
	} else {
		run_error(r, line_no, "unknown annotation '%s'", word);
		return;
	}
	if ((a.sig = sigdb_find(r->db, id)) == NULL) {
		run_error(r, line_no, "unknown signature '%s'", id);
		return;
	}
	if (parse_fields(p + n, &a) == -1) {
		run_error(r, line_no, "bad field list (want name=value or "
		    "name=\"quoted value\")");
		ann_free_fields(&a);
		return;
	}
	if (ann_validate(r, &a) == -1) {
		ann_free_fields(&a);
		return;
	}
	r->anns = xreallocarray(r->anns, r->nanns + 1, sizeof(*r->anns));
	r->anns[r->nanns++] = a;
	r->pending++;
}

/*
 * The reader's filter: every decoded line is kept for the re-encodings,
 * and annotations are taken out of the log, in every run.  A line that
 * ended at a run of NULs (text.h) is kept ending in one, so the
 * re-encodings break it there too.
 */
static int
on_line(void *arg, const char *line, size_t len, uint64_t line_no,
    int flags)
{
	struct run *r = arg;
	size_t i;

	buf_append(&r->lines, line, len);
	if (flags & TEXT_LINE_AT_NUL)
		buf_append(&r->lines, "\0\0\0\0", 4);
	else
		buf_putc(&r->lines, '\n');
	if (len >= 2 && line[0] == '#' && line[1] == '>') {
		if (r->parse_annotations)
			parse_annotation(r, line, line_no);
		return 1;
	}
	for (i = r->nanns - r->pending; i < r->nanns; i++)
		r->anns[i].target = line_no;
	r->pending = 0;
	r->seen_line = 1;
	return 0;
}

void
sample_limits(const struct matcher *m, struct diag *errors, const char *name,
    uint64_t line, unsigned char *said)
{
	const struct signature *const *sigs;
	size_t n, i;

	n = match_limited(m, &sigs);
	for (i = 0; i < n; i++) {
		if (said[sigs[i]->index])
			continue;
		said[sigs[i]->index] = 1;
		diag_add(errors, name, line, "%s: a pattern stopped at PCRE2's "
		    "match limit on this record: it backtracks "
		    "catastrophically (bound the repetitions, take out nested "
		    "or overlapping quantifiers)", sigs[i]->id);
	}
}

void
sample_run_init(struct run *r, struct checker *c, const char *name,
    const char *source, int annotations)
{
	const struct sigdb *db = c->db;

	memset(r, 0, sizeof(*r));
	r->db = db;
	r->name = name;
	r->m = match_new(db, NULL);
	match_set_source(r->m, source);
	r->fmt = FMT_AUTO;
	r->parse_annotations = annotations;
	r->errors = &c->errors;
	r->limit_said = c->limited;
}

/* Bad input in a sample is a sample problem. */
static void
on_problem(void *arg, uint64_t line, const char *msg)
{
	struct run *r = arg;

	run_error(r, line, "%s", msg);
}

void
sample_run_bytes(struct run *r, const char *bytes, size_t len)
{
	r->rd = reader_new(r->fmt, 0, 0, on_event, r);
	reader_set_filter(r->rd, on_line, r);
	reader_set_problem_cb(r->rd, on_problem, r);
	reader_feed(r->rd, bytes, len);
	reader_finish(r->rd);
	if (r->pending > 0)
		run_error(r, r->anns[r->nanns - 1].line,
		    "annotation at the end of the file applies to nothing");
}

void
sample_run_free(struct run *r)
{
	size_t i, j, k;

	for (i = 0; i < r->nanns; i++)
		ann_free_fields(&r->anns[i]);
	xfree(r->anns);
	for (i = 0; i < r->nrecs; i++) {
		for (j = 0; j < r->recs[i].nhits; j++) {
			struct rec_hit *h = &r->recs[i].hits[j];

			for (k = 0; k < h->nfv; k++) {
				xfree(h->fv[k].name);
				xfree(h->fv[k].value);
			}
			xfree(h->fv);
			xfree(h->fields);
		}
		xfree(r->recs[i].hits);
		xfree(r->recs[i].text);
	}
	xfree(r->recs);
	buf_free(&r->lines);
	reader_free(r->rd);
	match_free(r->m);
}

/* rec's hit on sig in role (ROLE_COUNT: in any role), or NULL. */
const struct rec_hit *
sample_find_hit(const struct record *rec, const struct signature *sig,
    enum sig_role role)
{
	size_t i;

	for (i = 0; i < rec->nhits; i++)
		if (rec->hits[i].sig == sig && (role == ROLE_COUNT ||
		    rec->hits[i].role == role))
			return &rec->hits[i];
	return NULL;
}

/* The role an annotation is about: ROLE_COUNT (any) for a near miss. */
enum sig_role
sample_ann_role(const struct annotation *a)
{
	return a->kind == ANN_MISS ? ROLE_COUNT : a->role;
}

static const char *
hit_field(const struct rec_hit *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfv; i++)
		if (strcmp(h->fv[i].name, name) == 0)
			return h->fv[i].value;
	return NULL;
}

/* Whether hit h carries every field annotation a names, with its value. */
int
sample_fields_match(const struct annotation *a, const struct rec_hit *h)
{
	const char *v;
	size_t i;

	for (i = 0; i < a->nfields; i++) {
		v = hit_field(h, a->fields[i].name);
		if (v == NULL || strcmp(v, a->fields[i].value) != 0)
			return 0;
	}
	return 1;
}

/* Report how hit h differs from annotation a. */
void
sample_fields_report(struct run *r, const struct annotation *a,
    const struct rec_hit *h, const char *how)
{
	const char *v;
	size_t i;

	for (i = 0; i < a->nfields; i++) {
		v = hit_field(h, a->fields[i].name);
		if (v != NULL && strcmp(v, a->fields[i].value) == 0)
			continue;
		run_error(r, a->line, "%s: field %s: expected \"%s\", got "
		    "%s%s%s%s", a->sig->id, a->fields[i].name,
		    a->fields[i].value, v ? "\"" : "", v ? v : "none",
		    v ? "\"" : "", how);
	}
}

/*
 * Find the record of group `line` whose hit on a's signature, in a's role,
 * agrees with a's fields; failing that, the first record with such a hit
 * (*exact tells which).  NULL when no record of the group has one.  For a
 * near miss, a hit in any role counts.
 */
const struct record *
sample_find_annotated(const struct run *r, const struct annotation *a,
    uint64_t line, int *exact)
{
	const struct record *any = NULL;
	const struct rec_hit *h;
	size_t j;

	*exact = 0;
	for (j = 0; j < r->nrecs; j++) {
		if (r->recs[j].line != line ||
		    (h = sample_find_hit(&r->recs[j], a->sig, sample_ann_role(a))) == NULL)
			continue;
		if (sample_fields_match(a, h)) {
			*exact = 1;
			return &r->recs[j];
		}
		if (any == NULL)
			any = &r->recs[j];
	}
	return any;
}

/* The first line at or after `from` on which a record starts, or 0. */
uint64_t
sample_next_line(const struct run *r, uint64_t from)
{
	uint64_t first = 0;
	size_t j;

	for (j = 0; j < r->nrecs; j++)
		if (r->recs[j].line >= from &&
		    (first == 0 || r->recs[j].line < first))
			first = r->recs[j].line;
	return first;
}

/* Canonical "line sig role fields" list of a run, for comparing variants. */
void
sample_run_digest(const struct run *r, struct buf *out)
{
	size_t i, j;

	for (i = 0; i < r->nrecs; i++)
		for (j = 0; j < r->recs[i].nhits; j++)
			buf_printf(out, "%llu %s %s %s\n",
			    (unsigned long long)r->recs[i].line,
			    r->recs[i].hits[j].sig->id,
			    sigdb_role_name(r->recs[i].hits[j].role),
			    r->recs[i].hits[j].fields);
}
