/*
 * fuzz-sig — a signature file in, a database or a list of problems out,
 * through match/sigload.c, and the database put to work by match/match.c.
 *
 * The whole input is the text of one .sig file.  What must hold, besides
 * no crash, leak or undefined behaviour:
 *
 *   1. A file that does not load says why, and every line of the why
 *      names the file and a line that exists ("FILE:LINE: ...", or
 *      "FILE: ..." for the whole file, or the count of errors left out).
 *   2. Loading the file from a directory (sigdb_load, as the daemon does)
 *      and from memory (sigdb_load_buffer, as the tests do) agree, down
 *      to the text of every message.
 *   3. A file that loads gives signatures that say where they were
 *      written, and a matcher over them finds exactly what running every
 *      pattern by hand finds, over records made of the file's own lines
 *      (so that a pattern and a text it matches come in the same input):
 *      for each signature that applies to the record, a hit per role when
 *      one of that role's patterns matches, with the fields of the first
 *      one that does, a failure taken back when an `unless` matches, and
 *      superseded failures dropped.  The literal prefilter may only make
 *      that faster, never different: a word it requires that is not in
 *      a text the pattern matches is a hit lost.  Next to each line some
 *      pattern matches, the same is checked on texts that differ a little
 *      (a byte left out; k and s in their Unicode case partners), where
 *      a literal wrongly taken as required shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/event.h"
#include "fuzz.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/match.h"
#include "match/regex.h"
#include "match/sigdb.h"
#include "platform/platform.h"

#define NAME		"sig"
#define MAX_RECORDS	64
#define NEIGHBOURS	256	/* texts tried next to one that matched */
#define NEIGHBOUR_LEN	120	/* longest text whose deletions are tried */

static char *dir;		/* where the file is written for sigdb_load */
static char *path;		/* dir/fuzz.sig: the name in both loads */
static struct regex_ctx *rx;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dir = xstrdup(fuzz_tmpdir(NAME));
	path = platform_path_join(dir, "fuzz.sig");
	rx = regex_ctx_new();
	log_init("fuzz-sig", 0);
	return 0;
}

/* Every line of cause names path and a line of the file (1..lines). */
static void
check_cause(const char *cause, size_t lines)
{
	const char *p = cause, *nl;
	size_t plen = strlen(path), n;
	char *end;
	unsigned long long line;

	FUZZ_CHECK(NAME, cause != NULL && *cause != '\0',
	    "the file does not load and no reason is given");
	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (nl == NULL && n > 14 && p[0] == '(' &&
		    strncmp(p + n - 13, " more errors)", 13) == 0)
			break;
		if (n <= plen || strncmp(p, path, plen) != 0 ||
		    p[plen] != ':') {
			fuzz_dump("cause", cause, strlen(cause));
			fuzz_fail(NAME, "a message does not name the file");
		}
		if (p[plen + 1] != ' ') {
			line = strtoull(p + plen + 1, &end, 10);
			if (end == p + plen + 1 || *end != ':' || line < 1 ||
			    line > lines) {
				fuzz_dump("cause", cause, strlen(cause));
				fuzz_fail(NAME, "a message names no line of the "
				    "file (it has %zu)", lines);
			}
		}
		if (nl == NULL)
			break;
	}
}

static void
check_signatures(const struct sigdb *db, size_t lines)
{
	size_t i;

	for (i = 0; i < db->nsigs; i++) {
		const struct signature *s = &db->sigs[i];

		FUZZ_CHECK(NAME, s->index == i && sigdb_valid_id(s->id) &&
		    strcmp(s->file, path) == 0 && s->line >= 1 &&
		    (size_t)s->line <= lines && sigdb_find(db, s->id) == s,
		    "signature %zu (%s) is not where it says", i, s->id);
		FUZZ_CHECK(NAME, s->title != NULL && s->product != NULL &&
		    s->meaning != NULL && s->nfix > 0 && s->severity != 0,
		    "%s loaded without a required key", s->id);
	}
}

/* What running every pattern by hand gives for one signature and role. */
struct expect {
	int		 hit;
	const struct sig_pattern *first;	/* the one with the fields */
	struct buf	 fields;		/* "name=value\n" in order */
};

static void
fields_of(struct buf *b, const struct regex *re, const char *text)
{
	size_t start, end;
	int i, group;
	const char *name;

	for (i = 0; i < regex_name_count(re); i++) {
		name = regex_name(re, i, &group);
		if (regex_group(rx, group, &start, &end) == -1)
			continue;
		buf_printf(b, "%s=", name);
		buf_append(b, text + start, end - start);
		buf_putc(b, '\n');
	}
}

static void
expect_role(struct expect *x, const struct sig_pattern *p, size_t n,
    const char *text, size_t len)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (regex_exec(p[k].re, rx, text, len) == 1) {
			x->hit = 1;
			x->first = &p[k];
			fields_of(&x->fields, p[k].re, text);
			return;
		}
}

static int
applies(const struct signature *s, enum event_format f)
{
	/* No source is set: signatures limited to file names stay out. */
	return (s->formats & FMT_MASK(f)) && s->nsources == 0 &&
	    (s->kind == SIG_EVENT || s->kind == SIG_SEQUENCE);
}

/*
 * The matcher's hits for one record against the patterns run by hand.
 * Returns whether there was any.
 */
static int
check_record(const struct sigdb *db, struct matcher *m, const char *text,
    size_t len, enum event_format f)
{
	struct expect *x = xcalloc(db->nsigs * ROLE_COUNT + 1, sizeof(*x));
	int *failed = xcalloc(db->nsigs + 1, sizeof(*failed));
	const struct match_hit *hits;
	struct event ev;
	struct buf got = { 0 };
	size_t n, i, j, k;
	int r, vetoed, any = 0;

	memset(&ev, 0, sizeof(ev));
	ev.format = f;
	ev.text = text;
	ev.text_len = len;
	ev.first = text;
	ev.first_len = len;
	ev.line = ev.last_line = 1;
	ev.component = ev.level = ev.thread = "";
	n = match_event(m, &ev, &hits);

	for (i = 0; i < db->nsigs; i++) {
		const struct signature *s = &db->sigs[i];

		if (!applies(s, f))
			continue;
		expect_role(&x[i * ROLE_COUNT + ROLE_MATCH], s->match,
		    s->nmatch, text, len);
		for (r = ROLE_MATCH + 1; r < ROLE_COUNT; r++)
			expect_role(&x[i * ROLE_COUNT + r], s->role[r],
			    s->nrole[r], text, len);
		if (!x[i * ROLE_COUNT + ROLE_MATCH].hit)
			continue;
		for (k = 0, vetoed = 0; k < s->nunless && !vetoed; k++)
			vetoed = regex_exec(s->unless[k].re, rx, text, len) == 1;
		x[i * ROLE_COUNT + ROLE_MATCH].hit = !vetoed;
	}
	/*
	 * A failure superseded by another failure of this record is dropped,
	 * even when that one is superseded in its turn.
	 */
	for (i = 0; i < db->nsigs; i++)
		failed[i] = x[i * ROLE_COUNT + ROLE_MATCH].hit;
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *s = &db->sigs[i];

		if (!failed[i])
			continue;
		for (j = 0; j < s->nsupersedes; j++)
			if (x[s->supersedes[j] * ROLE_COUNT + ROLE_MATCH].hit)
				x[s->supersedes[j] * ROLE_COUNT +
				    ROLE_MATCH].hit = 2;
	}

	for (k = 0; k < n; k++) {
		struct expect *e = &x[hits[k].sig->index * ROLE_COUNT +
		    hits[k].role];

		buf_reset(&got);
		for (j = 0; j < hits[k].nfields; j++) {
			buf_printf(&got, "%s=", hits[k].fields[j].name);
			buf_append(&got, hits[k].fields[j].value,
			    hits[k].fields[j].len);
			buf_putc(&got, '\n');
		}
		if (e->hit != 1 || got.len != e->fields.len ||
		    (got.len > 0 && memcmp(got.data, e->fields.data,
		    got.len) != 0)) {
			fuzz_dump("record", text, len);
			fuzz_dump("fields", got.data, got.len);
			fuzz_dump("by hand", e->fields.data, e->fields.len);
			fuzz_fail(NAME, "%s (%s): the matcher hits (%s format), "
			    "by hand %s", hits[k].sig->id,
			    sigdb_role_name(hits[k].role),
			    event_format_name(f), e->hit == 0 ? "no hit" :
			    e->hit == 2 ? "superseded" : "other fields");
		}
		e->hit = 3;		/* seen */
	}
	for (i = 0; i < db->nsigs * ROLE_COUNT; i++) {
		any |= x[i].hit != 0;
		if (x[i].hit == 1) {
			fuzz_dump("record", text, len);
			fuzz_dump("pattern", x[i].first->source,
			    strlen(x[i].first->source));
			fuzz_fail(NAME, "%s (%s): a hit by hand, none from the "
			    "matcher (%s format): the prefilter lost it",
			    db->sigs[i / ROLE_COUNT].id,
			    sigdb_role_name((enum sig_role)(i % ROLE_COUNT)),
			    event_format_name(f));
		}
		buf_free(&x[i].fields);
	}
	buf_free(&got);
	xfree(failed);
	xfree(x);
	return any;
}

/*
 * Texts next to one a pattern matches, where a literal wrongly taken as
 * required shows: the text with one byte left out (a character the
 * pattern makes optional), and with every k and s spelled with their
 * Unicode case partners.  At most *budget of them.
 */
static void
check_neighbours(const struct sigdb *db, struct matcher *m, const char *text,
    size_t len, enum event_format f, size_t *budget)
{
	struct buf v = { 0 };
	size_t i;

	for (i = 0; i < len && len <= NEIGHBOUR_LEN && *budget > 0; i++) {
		buf_reset(&v);
		buf_append(&v, text, i);
		buf_append(&v, text + i + 1, len - i - 1);
		check_record(db, m, buf_cstr(&v), v.len, f);
		(*budget)--;
	}
	if (*budget > 0) {
		buf_reset(&v);
		for (i = 0; i < len; i++)
			if (text[i] == 'k' || text[i] == 'K')
				buf_puts(&v, "\xe2\x84\xaa");
			else if (text[i] == 's' || text[i] == 'S')
				buf_puts(&v, "\xc5\xbf");
			else
				buf_putc(&v, text[i]);
		check_record(db, m, buf_cstr(&v), v.len, f);
		(*budget)--;
	}
	buf_free(&v);
}

/* Records: each line of the file, then the file as one record. */
static void
check_matching(const struct sigdb *db, const char *text, size_t len)
{
	struct matcher *m = match_new(db, NULL);
	const char *p = text, *end = text + len, *nl;
	size_t n = 0, budget = NEIGHBOURS;
	enum event_format f;

	match_set_source(m, NULL);
	while (p < end && n < MAX_RECORDS) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		f = (enum event_format)(FMT_CONFIGMGR + n % (FMT_COUNT - 1));
		if (check_record(db, m, p, (size_t)(nl - p), f))
			check_neighbours(db, m, p, (size_t)(nl - p), f, &budget);
		n++;
		p = nl + 1;
	}
	check_record(db, m, text, len, FMT_PLAIN);
	match_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sigdb *db, *db2;
	char *cause = NULL, *cause2 = NULL;
	size_t lines = 0, i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		lines++;

	db = sigdb_load_buffer(path, size > 0 ? text : "", size, &cause);
	fuzz_write_file(path, data, size);
	db2 = sigdb_load(dir, &cause2);
	FUZZ_CHECK(NAME, (db == NULL) == (db2 == NULL) && (db == NULL ||
	    db->nsigs == db2->nsigs) && ((cause == NULL && cause2 == NULL) ||
	    (cause != NULL && cause2 != NULL && strcmp(cause, cause2) == 0)),
	    "loading from memory and from a file differ:\n%s\n--- and ---\n%s",
	    cause != NULL ? cause : "(loaded)",
	    cause2 != NULL ? cause2 : "(loaded)");
	sigdb_free(db2);
	xfree(cause2);
	if (db == NULL) {
		check_cause(cause, lines);
		xfree(cause);
		return 0;
	}
	FUZZ_CHECK(NAME, cause == NULL, "loaded, yet a reason is given");
	check_signatures(db, lines);
	if (size > 0)
		check_matching(db, text, size);
	sigdb_free(db);
	return 0;
}
