/*
 * samples — the annotated-sample harness; see samples.h.
 *
 * Each sample log is run (sample-run.c); the annotations are checked
 * against the hits; the variant runs (sample-variants.c) must give the
 * same hits as the original, record by record; and every signature must
 * have the samples it needs.
 *
 * An annotation applies to the first record that starts at or after the
 * next non-annotation line, together with every other record starting on
 * that same line (several ConfigMgr records can share one physical line).
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

#define SAMPLE_MAX_FILE	(64 * 1024 * 1024)

/* Check one annotation against the records it covers. */
static void
check_annotation(struct checker *c, struct run *r, struct annotation *a)
{
	const struct record *rec;
	const struct rec_hit *h;
	int exact;

	a->rec_line = sample_next_line(r, a->target);
	if (a->rec_line == 0) {
		run_error(r, a->line, "annotation applies to no record");
		return;
	}
	rec = sample_find_annotated(r, a, a->rec_line, &exact);
	if (a->kind == ANN_MISS) {
		if (rec == NULL) {
			c->neg[a->sig->index]++;
			return;
		}
		h = sample_find_hit(rec, a->sig, ROLE_COUNT);
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
		sample_fields_report(r, a, sample_find_hit(rec, a->sig, a->role), "");
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
	sample_run_init(&orig, c, path, path, 1);
	sample_run_bytes(&orig, bytes.data ? bytes.data : "", bytes.len);
	check_annotations(c, &orig);
	c->sum.records += (int)orig.nrecs;
	sample_run_digest(&orig, &want);

	for (v = 0; v < V_COUNT; v++) {
		if (sample_encode(&orig.lines, (enum variant)v, &enc) == -1)
			continue;	/* not representable (CP1252) */
		xasprintf(&label, "%s (as %s)", path, sample_variant_names[v]);
		sample_run_init(&r, c, label, path, 0);
		r.fmt = orig.fmt;
		sample_run_bytes(&r, enc.data, enc.len);
		buf_reset(&got);
		sample_run_digest(&r, &got);
		if (got.len != want.len || (got.len > 0 &&
		    memcmp(got.data, want.data, got.len) != 0))
			run_error(&r, 0, "hits differ from the original:\n"
			    "  original:\n%s  this encoding:\n%s",
			    want.len ? want.data : "    (none)\n",
			    got.len ? got.data : "    (none)\n");
		c->sum.variants++;
		sample_run_free(&r);
		xfree(label);
	}
	sample_check_renderings(c, &orig, path);
	sample_run_free(&orig);
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
	if (c->limited[sig->index])
		ok = 0;		/* said where, when it happened */
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
	if (c->limited[sig->index])
		fputs(", stops at the match limit", c->out);
	fputc('\n', c->out);
}

int
samples_check(const struct sigdb *db, const char *dir, int local_only,
    FILE *out,
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
	c.limited = xcalloc(db->nsigs + 1, 1);
	files = list_samples(&c, dir);
	for (i = 0; files[i] != NULL; i++) {
		check_file(&c, files[i]);
		xfree(files[i]);
	}
	xfree(files);

	for (i = 0; i < db->nsigs; i++) {
		if (local_only && !db->sigs[i].local)
			continue;
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
	xfree(c.limited);
	xfree(c.neg);
	return rc;
}
