/*
 * samples — the annotated-sample harness; see samples.h.
 *
 * One run reads a byte buffer through the same path the scanner uses
 * (text -> event -> match), except that lines starting with "#>" are taken
 * out before the event parser sees them and kept as annotations.  The run
 * records, per record, its first line, its text and its hits (each with
 * the role of the pattern that matched).  Checking
 * compares the annotations with the hits; the variant runs compare their
 * hits with the original run's, record by record.
 *
 * An annotation applies to the first record that starts at or after the
 * next non-annotation line, together with every other record starting on
 * that same line (several ConfigMgr records can share one physical line).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/diag.h"
#include "decode/event.h"
#include "decode/reader.h"
#include "match/match.h"
#include "check/samples.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "lib/xmalloc.h"
#include "lib/words.h"

#define SAMPLE_MAX_FILE	(64 * 1024 * 1024)

/* A hit annotation (`match`, `then`, `without`, `recover`) or a near miss. */
enum ann_kind { ANN_HIT, ANN_MISS };

struct ann_field {
	char	*name;
	char	*value;
};

struct annotation {
	enum ann_kind	 kind;
	enum sig_role	 role;		/* ANN_HIT: which role must hit */
	const struct signature *sig;
	struct ann_field *fields;
	size_t		 nfields;
	uint64_t	 line;		/* where the annotation is */
	uint64_t	 target;	/* next non-annotation line */
	uint64_t	 rec_line;	/* first line of the records it covers */
};

struct rec_hit {
	const struct signature *sig;
	enum sig_role	 role;
	char		*fields;	/* "a=1\0b=2\0" canonical, sorted */
	size_t		 fields_len;
	struct ann_field *fv;
	size_t		 nfv;
};

struct record {
	uint64_t	 line;
	enum event_format format;
	char		*text;
	size_t		 text_len;
	struct rec_hit	*hits;
	size_t		 nhits;
};

struct run {
	const char		*name;	/* for messages */
	const struct sigdb	*db;
	struct matcher		*m;
	struct reader		*rd;
	enum event_format	 fmt;
	int			 seen_line;	/* a log line, not an annotation */
	int			 parse_annotations;
	struct annotation	*anns;
	size_t			 nanns;
	size_t			 pending;	/* annotations awaiting a line */
	struct record		*recs;
	size_t			 nrecs;
	struct buf		 lines;		/* decoded text, annotations too */
	struct diag		*errors;	/* the checker's */
};

struct checker {
	const struct sigdb	*db;
	FILE			*out;
	struct diag		 errors;
	int			*pos;	/* [signature * ROLE_COUNT + role]: hits
					   confirmed */
	int			*neg;	/* per signature: near misses confirmed */
	struct samples_summary	 sum;
};

/* A problem at line of the run's file (0: about the whole file). */
#define run_error(r, line, ...) \
	diag_add((r)->errors, (r)->name, (uint64_t)(line), __VA_ARGS__)

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
 * and annotations are taken out of the log, in every run.
 */
static int
on_line(void *arg, const char *line, size_t len, uint64_t line_no)
{
	struct run *r = arg;
	size_t i;

	buf_append(&r->lines, line, len);
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

static void
run_init(struct run *r, const struct sigdb *db, const char *name,
    const char *source, struct diag *errors, int annotations)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->name = name;
	r->m = match_new(db, NULL);
	match_set_source(r->m, source);
	r->fmt = FMT_AUTO;
	r->parse_annotations = annotations;
	r->errors = errors;
}

static void
run_bytes(struct run *r, const char *bytes, size_t len)
{
	r->rd = reader_new(r->fmt, 0, 0, on_event, r);
	reader_set_filter(r->rd, on_line, r);
	reader_feed(r->rd, bytes, len);
	reader_finish(r->rd);
	if (r->pending > 0)
		run_error(r, r->anns[r->nanns - 1].line,
		    "annotation at the end of the file applies to nothing");
}

static void
run_free(struct run *r)
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
static const struct rec_hit *
find_hit(const struct record *rec, const struct signature *sig,
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
static enum sig_role
ann_role(const struct annotation *a)
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
static int
fields_match(const struct annotation *a, const struct rec_hit *h)
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
static void
fields_report(struct run *r, const struct annotation *a,
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
static const struct record *
find_annotated(const struct run *r, const struct annotation *a,
    uint64_t line, int *exact)
{
	const struct record *any = NULL;
	const struct rec_hit *h;
	size_t j;

	*exact = 0;
	for (j = 0; j < r->nrecs; j++) {
		if (r->recs[j].line != line ||
		    (h = find_hit(&r->recs[j], a->sig, ann_role(a))) == NULL)
			continue;
		if (fields_match(a, h)) {
			*exact = 1;
			return &r->recs[j];
		}
		if (any == NULL)
			any = &r->recs[j];
	}
	return any;
}

/* The first line at or after `from` on which a record starts, or 0. */
static uint64_t
next_record_line(const struct run *r, uint64_t from)
{
	uint64_t first = 0;
	size_t j;

	for (j = 0; j < r->nrecs; j++)
		if (r->recs[j].line >= from &&
		    (first == 0 || r->recs[j].line < first))
			first = r->recs[j].line;
	return first;
}

/* Check one annotation against the records it covers. */
static void
check_annotation(struct checker *c, struct run *r, struct annotation *a)
{
	const struct record *rec;
	const struct rec_hit *h;
	int exact;

	a->rec_line = next_record_line(r, a->target);
	if (a->rec_line == 0) {
		run_error(r, a->line, "annotation applies to no record");
		return;
	}
	rec = find_annotated(r, a, a->rec_line, &exact);
	if (a->kind == ANN_MISS) {
		if (rec == NULL) {
			c->neg[a->sig->index]++;
			return;
		}
		h = find_hit(rec, a->sig, ROLE_COUNT);
		run_error(r, a->line, "%s: near miss at line %llu matched%s%s%s",
		    a->sig->id, (unsigned long long)a->rec_line,
		    h->role != ROLE_MATCH ? " (a '" : "",
		    h->role != ROLE_MATCH ? sigdb_role_name(h->role) : "",
		    h->role != ROLE_MATCH ? "' pattern)" : "");
	} else if (rec == NULL)
		run_error(r, a->line, "%s: expected a%s%s hit on the record at "
		    "line %llu, got none", a->sig->id,
		    a->role != ROLE_MATCH ? " " : "",
		    a->role != ROLE_MATCH ? sigdb_role_name(a->role) : "",
		    (unsigned long long)a->rec_line);
	else if (!exact)
		fields_report(r, a, find_hit(rec, a->sig, a->role), "");
	else
		c->pos[a->sig->index * ROLE_COUNT + a->role]++;
}

/* Whether hit h of the record at line was announced, in its role. */
static int
hit_announced(const struct run *r, const struct rec_hit *h, uint64_t line)
{
	size_t i;

	for (i = 0; i < r->nanns; i++)
		if (r->anns[i].kind == ANN_HIT && r->anns[i].sig == h->sig &&
		    r->anns[i].role == h->role && r->anns[i].rec_line == line)
			return 1;
	return 0;
}

/* Compare the annotations of a run with its hits. */
static void
check_annotations(struct checker *c, struct run *r)
{
	const struct rec_hit *h;
	size_t i, j, k;

	for (i = 0; i < r->nanns; i++)
		check_annotation(c, r, &r->anns[i]);
	/* Every hit, of every role, must have been announced. */
	for (j = 0; j < r->nrecs; j++)
		for (k = 0; k < r->recs[j].nhits; k++) {
			h = &r->recs[j].hits[k];
			if (!hit_announced(r, h, r->recs[j].line))
				run_error(r, r->recs[j].line, "unexpected hit "
				    "%s (no '#> %s' annotation)", h->sig->id,
				    sigdb_role_name(h->role));
		}
}

/* Canonical "line sig role fields" list of a run, for comparing variants. */
static void
run_digest(const struct run *r, struct buf *out)
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

enum variant { V_UTF8_BOM_CRLF, V_UTF16LE, V_UTF16BE, V_CP1252, V_COUNT };
static const char *variant_names[V_COUNT] = {
	"UTF-8 with BOM and CRLF", "UTF-16LE", "UTF-16BE", "Windows-1252",
};

/* Re-encode UTF-8 lines (LF-terminated) as variant v.  -1: not possible. */
static int
encode_variant(const struct buf *in, enum variant v, struct buf *out)
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
	xasprintf(&label, "%s (line %llu written as %s%s)", name,
	    (unsigned long long)rec->line, event_format_name(f),
	    layout ? ", CMS 7 layout" : "");
	run_init(&r, c->db, label, name, &c->errors, 0);
	r.fmt = f;
	run_bytes(&r, log->data, log->len);
	for (j = 0; j < r.nrecs && h == NULL; j++)
		h = find_hit(&r.recs[j], a->sig, a->role);
	if (h == NULL)
		run_error(&r, 0, "%s: no %s hit", a->sig->id,
		    sigdb_role_name(a->role));
	else if (!fields_match(a, h))
		fields_report(&r, a, h, " (re-written)");
	c->sum.renderings++;
	run_free(&r);
	xfree(label);
}

/*
 * Re-write each record that carries a hit annotation, of any role, in each
 * of its signature's formats.
 */
static void
check_renderings(struct checker *c, struct run *orig, const char *name)
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
		rec = find_annotated(orig, a, a->rec_line, &exact);
		if (rec == NULL || !exact)
			continue;	/* already reported */
		for (f = 1; f < FMT_COUNT; f++) {
			if (!(a->sig->formats & FMT_MASK(f)))
				continue;
			/* log4net is written in both EPiServer layouts. */
			for (layout = 0; layout < (f == FMT_LOG4NET ? 2 : 1);
			    layout++)
				check_rendering(c, a, rec, name,
				    (enum event_format)f, layout, &log);
		}
	}
	buf_free(&log);
}

static void
check_file(struct checker *c, const char *path)
{
	struct buf bytes = { 0 }, enc = { 0 }, want = { 0 }, got = { 0 };
	struct run orig, r;
	char *cause, *label;
	int v;

	if (platform_read_file(path, &bytes, SAMPLE_MAX_FILE, &cause) == -1) {
		diag_add(&c->errors, NULL, 0, "%s", cause);
		xfree(cause);
		buf_free(&bytes);
		return;
	}
	c->sum.files++;
	run_init(&orig, c->db, path, path, &c->errors, 1);
	run_bytes(&orig, bytes.data ? bytes.data : "", bytes.len);
	check_annotations(c, &orig);
	c->sum.records += (int)orig.nrecs;
	run_digest(&orig, &want);

	for (v = 0; v < V_COUNT; v++) {
		if (encode_variant(&orig.lines, (enum variant)v, &enc) == -1)
			continue;	/* not representable (CP1252) */
		xasprintf(&label, "%s (as %s)", path, variant_names[v]);
		run_init(&r, c->db, label, path, &c->errors, 0);
		r.fmt = orig.fmt;
		run_bytes(&r, enc.data, enc.len);
		buf_reset(&got);
		run_digest(&r, &got);
		if (got.len != want.len || (got.len > 0 &&
		    memcmp(got.data, want.data, got.len) != 0))
			run_error(&r, 0, "hits differ from the original:\n"
			    "  original:\n%s  this encoding:\n%s",
			    want.len ? want.data : "    (none)\n",
			    got.len ? got.data : "    (none)\n");
		c->sum.variants++;
		run_free(&r);
		xfree(label);
	}
	check_renderings(c, &orig, path);
	run_free(&orig);
	buf_free(&bytes);
	buf_free(&enc);
	buf_free(&want);
	buf_free(&got);
}

/* platform_dir_files filter: sample logs (timelines are timeline.c's). */
static int
is_sample(void *arg, const char *name)
{
	size_t len = strlen(name);

	return strcmp(name, "README.md") != 0 &&
	    !(len > 9 && strcmp(name + len - 9, ".timeline") == 0);
}

/* The sample logs of dir, sorted; NULL-terminated (caller frees). */
static char **
list_samples(struct checker *c, const char *dir)
{
	char **files;

	if ((files = platform_dir_files(dir, is_sample, NULL, NULL)) == NULL) {
		diag_add(&c->errors, dir, 0, "%s", strerror(errno));
		files = xcalloc(1, sizeof(char *));
	}
	return files;
}

/* One missing kind of sample for sig. */
static void
sig_missing(struct checker *c, const struct signature *sig, const char *what)
{
	diag_add(&c->errors, sig->file, (uint64_t)sig->line, "%s: %s",
	    sig->id, what);
}

/*
 * What sig's samples must show: a match and a near miss, and a sample for
 * every other role it has patterns for.  Inbox and health signatures have
 * no patterns; the timelines exercise them.  Returns whether all is there.
 */
static int
check_signature(struct checker *c, const struct signature *sig)
{
	const int *pos = &c->pos[sig->index * ROLE_COUNT];
	char what[128];
	int role, ok = 1;

	if (sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH)
		return 1;
	if (pos[ROLE_MATCH] == 0) {
		sig_missing(c, sig, "no sample record that must match");
		ok = 0;
	}
	if (c->neg[sig->index] == 0) {
		sig_missing(c, sig, "no near miss ('#> miss' sample)");
		ok = 0;
	}
	for (role = ROLE_MATCH + 1; role < ROLE_COUNT; role++) {
		if (sig->nrole[role] == 0 || pos[role] > 0)
			continue;
		snprintf(what, sizeof(what), "no sample for its '%s' patterns "
		    "('#> %s' sample)", sigdb_role_name((enum sig_role)role),
		    sigdb_role_name((enum sig_role)role));
		sig_missing(c, sig, what);
		ok = 0;
	}
	return ok;
}

/* The report line of one signature. */
static void
report_signature(struct checker *c, const struct signature *sig, int ok)
{
	const int *pos = &c->pos[sig->index * ROLE_COUNT];
	int role;

	if (c->out == NULL)
		return;
	if (sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH) {
		fprintf(c->out, "%-5s %-44s %s: timelines only\n", "ok",
		    sig->id, sigdb_kind_name(sig->kind));
		return;
	}
	fprintf(c->out, "%-5s %-44s %3d match, %3d miss", ok ? "ok" : "FAIL",
	    sig->id, pos[ROLE_MATCH], c->neg[sig->index]);
	for (role = ROLE_MATCH + 1; role < ROLE_COUNT; role++)
		if (sig->nrole[role] > 0)
			fprintf(c->out, ", %3d %s", pos[role],
			    sigdb_role_name((enum sig_role)role));
	fputc('\n', c->out);
}

int
samples_check(const struct sigdb *db, const char *dir, FILE *out,
    struct samples_summary *sum)
{
	struct checker c;
	char **files;
	size_t i;
	int rc, ok;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.out = out;
	c.pos = xcalloc((db->nsigs + 1) * ROLE_COUNT, sizeof(int));
	c.neg = xcalloc(db->nsigs + 1, sizeof(int));
	files = list_samples(&c, dir);
	for (i = 0; files[i] != NULL; i++) {
		check_file(&c, files[i]);
		xfree(files[i]);
	}
	xfree(files);

	for (i = 0; i < db->nsigs; i++) {
		ok = check_signature(&c, &db->sigs[i]);
		if (ok)
			c.sum.sigs_ok++;
		else
			c.sum.sigs_failed++;
		report_signature(&c, &db->sigs[i], ok);
	}
	if (out != NULL && c.errors.text.len > 0)
		fputs(c.errors.text.data, out);
	c.sum.failures = c.errors.count;
	if (sum != NULL)
		*sum = c.sum;
	rc = c.errors.count == 0 ? 0 : -1;
	diag_free(&c.errors);
	xfree(c.pos);
	xfree(c.neg);
	return rc;
}
