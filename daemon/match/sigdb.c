/*
 * sigdb — the signature database once loaded: lookups, names, references,
 * freeing, and the value parsers the .sig and .local files share; see
 * sigdb.h.  The parsers of the files are sigload.c and sigover.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode/event.h"
#include "lib/buf.h"
#include "lib/duration.h"
#include "lib/xmalloc.h"
#include "match/regex.h"
#include "match/sigdb-int.h"
#include "match/sigdb.h"

void
sigdb_free_words(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xfree(v[i]);
	xfree(v);
}

int
sigdb_valid_id(const char *id)
{
	const char *p;
	int dots = 0, seglen = 0;

	for (p = id; *p != '\0'; p++) {
		if (*p == '.') {
			if (seglen == 0)
				return 0;
			dots++;
			seglen = 0;
		} else if (islower((unsigned char)*p) ||
		    isdigit((unsigned char)*p) || (*p == '-' && seglen > 0)) {
			seglen++;
		} else
			return 0;
	}
	return dots >= 1 && seglen > 0;
}

void
sigdb_free_fields(struct signature *sig)
{
	size_t i;
	int r;

	xfree(sig->id);
	xfree(sig->title);
	xfree(sig->product);
	sigdb_free_words(sig->sources, sig->nsources);
	for (i = 0; i < sig->nmatch; i++) {
		xfree(sig->match[i].source);
		sigdb_free_words(sig->match[i].literals, sig->match[i].nliterals);
		regex_free(sig->match[i].re);
	}
	xfree(sig->match);
	for (i = 0; i < sig->nunless; i++) {
		xfree(sig->unless[i].source);
		sigdb_free_words(sig->unless[i].literals, sig->unless[i].nliterals);
		regex_free(sig->unless[i].re);
	}
	xfree(sig->unless);
	for (r = ROLE_MATCH + 1; r < ROLE_COUNT; r++) {
		for (i = 0; i < sig->nrole[r]; i++) {
			xfree(sig->role[r][i].source);
			sigdb_free_words(sig->role[r][i].literals,
			    sig->role[r][i].nliterals);
			regex_free(sig->role[r][i].re);
		}
		xfree(sig->role[r]);
	}
	xfree(sig->escalate);
	sigdb_free_words(sig->files, sig->nfiles);
	sigdb_free_words(sig->group_by, sig->ngroup_by);
	sigdb_free_words(sig->supersedes_ids, sig->nsupersedes);
	xfree(sig->supersedes);
	xfree(sig->meaning);
	sigdb_free_words(sig->fix, sig->nfix);
	sigdb_free_words(sig->refs, sig->nrefs);
	sigdb_free_words(sig->overrides, sig->noverrides);
	xfree(sig->file);
}

void
sigdb_free(struct sigdb *db)
{
	size_t i;

	if (db == NULL || __atomic_sub_fetch(&db->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < db->nsigs; i++)
		sigdb_free_fields(&db->sigs[i]);
	xfree(db->sigs);
	sigdb_free_words(db->files, db->nfiles);
	sigdb_free_words(db->disabled, db->ndisabled);
	sigdb_free_words(db->disabled_where, db->ndisabled);
	xfree(db);
}

char *
sigdb_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A positive duration (duration_parse's syntax).  0 or -1. */
int
sigdb_parse_duration(const char *s, int64_t *ms)
{
	if (duration_parse(s, ms) == -1 || *ms <= 0)
		return -1;
	return 0;
}

/* A positive count; 0 and *n, or -1. */
int
sigdb_parse_count(const char *s, int64_t *n)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v <= 0 ||
	    v > 1000000000)
		return -1;
	*n = (int64_t)v;
	return 0;
}

/* "N within DURATION" */
int
sigdb_parse_threshold(char *v, int64_t *n, int64_t *ms)
{
	char *w = strstr(v, " within ");

	if (w == NULL)
		return -1;
	*w = '\0';
	if (sigdb_parse_count(sigdb_trim(v), n) == -1 || *n < 2 ||
	    sigdb_parse_duration(sigdb_trim(w + 8), ms) == -1)
		return -1;
	return 0;
}

/* "SEVERITY after N hits" or "SEVERITY after DURATION" */
int
sigdb_parse_escalation(char *v, struct sig_escalation *e)
{
	char *w = strstr(v, " after "), *rest, *hits;

	memset(e, 0, sizeof(*e));
	if (w == NULL)
		return -1;
	*w = '\0';
	if ((e->to = sigdb_severity_parse(sigdb_trim(v))) == 0)
		return -1;
	rest = sigdb_trim(w + 7);
	if ((hits = strstr(rest, " hits")) != NULL && hits[5] == '\0') {
		*hits = '\0';
		return sigdb_parse_count(sigdb_trim(rest), &e->hits);
	}
	return sigdb_parse_duration(rest, &e->after_ms);
}

const char *
sigdb_disabled(const struct sigdb *db, const char *id)
{
	size_t i;

	for (i = 0; i < db->ndisabled; i++)
		if (strcmp(db->disabled[i], id) == 0)
			return db->disabled_where[i];
	return NULL;
}

struct sigdb *
sigdb_ref(struct sigdb *db)
{
	__atomic_add_fetch(&db->refs, 1, __ATOMIC_ACQ_REL);
	return db;
}

int
sigdb_has_product(const struct sigdb *db, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < db->nsigs; i++)
		if (strlen(db->sigs[i].product) == n &&
		    strncmp(db->sigs[i].product, name, n) == 0)
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
sigdb_products(const struct sigdb *db)
{
	const char **v = xcalloc(db->nsigs + 1, sizeof(*v));
	struct buf b = { 0 };
	size_t i, n = 0;

	for (i = 0; i < db->nsigs; i++)
		v[n++] = db->sigs[i].product;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i], v[i - 1]) == 0)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, v[i]);
	}
	xfree(v);
	buf_putc(&b, '\0');
	return b.data;
}

const struct signature *
sigdb_find(const struct sigdb *db, const char *id)
{
	size_t i;

	for (i = 0; i < db->nsigs; i++)
		if (strcmp(db->sigs[i].id, id) == 0)
			return &db->sigs[i];
	return NULL;
}

const char *
sigdb_kind_name(enum sig_kind kind)
{
	switch (kind) {
	case SIG_EVENT:
		return "event";
	case SIG_SEQUENCE:
		return "sequence";
	case SIG_INBOX:
		return "inbox";
	case SIG_HEALTH:
		return "health";
	}
	return "?";
}

const char *
sigdb_role_name(enum sig_role role)
{
	static const char *names[ROLE_COUNT] = {
		"match", "then", "without", "recover",
	};

	return role < ROLE_COUNT ? names[role] : "?";
}

int
sigdb_has_rules(const struct signature *sig)
{
	return sig->kind != SIG_EVENT || sig->threshold > 0 ||
	    sig->nescalate > 0 || sig->resolve_after_ms > 0 ||
	    sig->nrole[ROLE_RECOVER] > 0;
}

const char *
sigdb_severity_name(enum sig_severity sev)
{
	switch (sev) {
	case SEV_CRITICAL:
		return "critical";
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	}
	return "unknown";
}

enum sig_severity
sigdb_severity_parse(const char *s)
{
	if (strcmp(s, "critical") == 0)
		return SEV_CRITICAL;
	if (strcmp(s, "error") == 0)
		return SEV_ERROR;
	if (strcmp(s, "warning") == 0)
		return SEV_WARNING;
	return 0;
}
