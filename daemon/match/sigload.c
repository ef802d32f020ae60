/*
 * sigload — the .sig parser: files in, a signature database out; see
 * sigdb.h and patterns/README.md for the language.
 *
 * Parsing is two-level.  The line parser turns a file into sections of
 * (key, value, line) entries, joining continuation lines; it knows nothing of
 * what keys mean.  sig_build() then turns one section into a signature:
 * checks the keys, their counts and values, and compiles the patterns.
 * Cross-signature checks (duplicate ids, supersedes) run once every file is
 * in.  Every problem is appended to an error list with its FILE:LINE, and
 * parsing goes on so that one run reports them all; any error fails the load.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/event.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/duration.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/regex.h"
#include "match/sigdb-int.h"
#include "match/sigdb.h"
#include "platform/platform.h"

#define SIGDB_MAX_ERRORS	100
#define SIGDB_MAX_FILE		(16 * 1024 * 1024)
#define SIGDB_LITERAL_MIN	3

enum sig_key {
	K_TITLE, K_PRODUCT, K_SEVERITY, K_FORMATS, K_SOURCES, K_MATCH,
	K_UNLESS, K_GROUP_BY, K_SUPERSEDES, K_MEANING, K_FIX, K_REF,
	K_KIND, K_THEN, K_WITHOUT, K_RECOVER, K_WITHIN, K_THRESHOLD,
	K_ESCALATE, K_RESOLVE_AFTER, K_FILES, K_MAX_FILES, K_MAX_AGE,
	K_COUNT
};

static const struct {
	const char	*name;
	int		 multi;		/* may appear more than once */
	int		 required;
	int		 raw_join;	/* continuation joined without a space */
} sig_keys[K_COUNT] = {
	[K_TITLE] =	 { "title", 0, 1, 0 },
	[K_PRODUCT] =	 { "product", 0, 1, 0 },
	[K_SEVERITY] =	 { "severity", 0, 1, 0 },
	[K_FORMATS] =	 { "formats", 0, 0, 0 },
	[K_SOURCES] =	 { "sources", 0, 0, 0 },
	[K_MATCH] =	 { "match", 1, 0, 1 },	/* required by kind */
	[K_UNLESS] =	 { "unless", 1, 0, 1 },
	[K_GROUP_BY] =	 { "group_by", 0, 0, 0 },
	[K_SUPERSEDES] = { "supersedes", 0, 0, 0 },
	[K_MEANING] =	 { "meaning", 0, 1, 0 },
	[K_FIX] =	 { "fix", 1, 1, 0 },
	[K_REF] =	 { "ref", 1, 0, 0 },
	[K_KIND] =	 { "kind", 0, 0, 0 },
	[K_THEN] =	 { "then", 1, 0, 1 },
	[K_WITHOUT] =	 { "without", 1, 0, 1 },
	[K_RECOVER] =	 { "recover", 1, 0, 1 },
	[K_WITHIN] =	 { "within", 0, 0, 0 },
	[K_THRESHOLD] =	 { "threshold", 0, 0, 0 },
	[K_ESCALATE] =	 { "escalate", 1, 0, 0 },
	[K_RESOLVE_AFTER] = { "resolve_after", 0, 0, 0 },
	[K_FILES] =	 { "files", 0, 0, 0 },
	[K_MAX_FILES] =	 { "max_files", 0, 0, 0 },
	[K_MAX_AGE] =	 { "max_age", 0, 0, 0 },
};

struct entry {
	enum sig_key	 key;
	struct buf	 value;
	int		 line;
};

struct section {
	char		*id;
	int		 line;
	struct entry	*entries;
	size_t		 n;
};

struct loader {
	struct diag	 errors;	/* capped at SIGDB_MAX_ERRORS */
	struct sigdb	*db;
};

/* A problem in file at line (file NULL: the message names its place). */
#define load_error(ld, file, line, ...) \
	diag_add(&(ld)->errors, (file), (uint64_t)(line), __VA_ARGS__)

/* Split a space-separated list into a new array of new strings. */
static char **
split_words(const char *s, size_t *n)
{
	char **v = NULL;
	const char *p = s, *start;

	*n = 0;
	for (;;) {
		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != ',')
			p++;
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[(*n)++] = xstrndup(start, (size_t)(p - start));
	}
	return v;
}

static int
valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static void
section_free(struct section *sec)
{
	size_t i;

	for (i = 0; i < sec->n; i++)
		buf_free(&sec->entries[i].value);
	xfree(sec->entries);
	xfree(sec->id);
	memset(sec, 0, sizeof(*sec));
}

static int
compile_pattern(struct loader *ld, const char *file, struct entry *e,
    struct sig_pattern *out)
{
	char *cause = NULL;
	const char *src = buf_cstr(&e->value);

	memset(out, 0, sizeof(*out));
	if (*src == '\0') {
		load_error(ld, file, e->line, "empty %s pattern",
		    sig_keys[e->key].name);
		return -1;
	}
	out->re = regex_compile(src, &cause);
	if (out->re == NULL) {
		load_error(ld, file, e->line, "%s: %s", sig_keys[e->key].name,
		    cause);
		xfree(cause);
		return -1;
	}
	out->source = xstrdup(src);
	out->nliterals = regex_literals(src, SIGDB_LITERAL_MIN,
	    &out->literals);
	out->line = e->line;
	return 0;
}

/* Every pattern of a role must capture each group_by field. */
static void
check_group_by(struct loader *ld, const char *file, const char *id,
    const struct signature *sig, const struct sig_pattern *p, size_t n)
{
	size_t j, k;

	for (j = 0; j < sig->ngroup_by; j++)
		for (k = 0; k < n; k++)
			if (!regex_has_name(p[k].re, sig->group_by[j]))
				load_error(ld, file, p[k].line,
				    "%s: group_by field '%s' is not captured "
				    "by this pattern", id, sig->group_by[j]);
}

/*
 * Check that the keys fit the signature's kind: which patterns it needs
 * and which rules make sense for it.
 */
static void
check_kind(struct loader *ld, const char *file, struct section *sec,
    struct signature *sig, const int *seen)
{
	static const enum sig_key pattern_keys[] = {
		K_MATCH, K_UNLESS, K_THEN, K_WITHOUT, K_RECOVER, K_SOURCES,
		K_FORMATS, K_GROUP_BY, K_SUPERSEDES, K_THRESHOLD,
		K_RESOLVE_AFTER, K_WITHIN,
	};
	static const enum sig_key inbox_keys[] = {
		K_FILES, K_MAX_FILES, K_MAX_AGE,
	};
	size_t i, j, k, captured, keyed, unkeyed;

	if (sig->kind == SIG_EVENT && seen[K_THEN])
		sig->kind = SIG_SEQUENCE;
	if (sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH) {
		for (i = 0; i < sizeof(pattern_keys) / sizeof(*pattern_keys);
		    i++)
			if (seen[pattern_keys[i]])
				load_error(ld, file, sec->line, "%s: '%s' does "
				    "not apply to a signature of kind %s",
				    sec->id, sig_keys[pattern_keys[i]].name,
				    sigdb_kind_name(sig->kind));
	} else if (!seen[K_MATCH])
		load_error(ld, file, sec->line, "%s: missing 'match'",
		    sec->id);
	if (sig->kind != SIG_INBOX)
		for (i = 0; i < sizeof(inbox_keys) / sizeof(*inbox_keys); i++)
			if (seen[inbox_keys[i]])
				load_error(ld, file, sec->line, "%s: '%s' "
				    "needs kind = inbox", sec->id,
				    sig_keys[inbox_keys[i]].name);
	if (sig->kind == SIG_INBOX) {
		if (sig->nfiles == 0)
			load_error(ld, file, sec->line, "%s: an inbox "
			    "signature needs 'files'", sec->id);
		if (sig->max_files == 0 && sig->max_age_ms == 0)
			load_error(ld, file, sec->line, "%s: an inbox "
			    "signature needs 'max_files' or 'max_age'",
			    sec->id);
	}
	if (sig->kind == SIG_SEQUENCE && sig->within_ms == 0)
		load_error(ld, file, sec->line, "%s: a sequence ('then') "
		    "needs 'within'", sec->id);
	if (sig->kind != SIG_SEQUENCE) {
		if (seen[K_WITHOUT])
			load_error(ld, file, sec->line, "%s: 'without' needs "
			    "'then'", sec->id);
		if (seen[K_WITHIN])
			load_error(ld, file, sec->line, "%s: 'within' needs "
			    "'then' (a threshold says 'N within T')",
			    sec->id);
	}
	check_group_by(ld, file, sec->id, sig, sig->match, sig->nmatch);
	check_group_by(ld, file, sec->id, sig, sig->role[ROLE_THEN],
	    sig->nrole[ROLE_THEN]);
	check_group_by(ld, file, sec->id, sig, sig->role[ROLE_WITHOUT],
	    sig->nrole[ROLE_WITHOUT]);
	/*
	 * A recovery names the incident it ends by the group_by fields, or
	 * ends every incident of its signature in that source: all or none.
	 */
	keyed = unkeyed = 0;
	for (k = 0; k < sig->nrole[ROLE_RECOVER]; k++) {
		const struct sig_pattern *p = &sig->role[ROLE_RECOVER][k];

		for (j = 0, captured = 0; j < sig->ngroup_by; j++)
			captured += regex_has_name(p->re, sig->group_by[j]) !=
			    0;
		if (captured > 0 && captured == sig->ngroup_by)
			keyed++;
		else if (captured == 0)
			unkeyed++;
		else
			load_error(ld, file, p->line, "%s: a recover pattern "
			    "captures all the group_by fields or none",
			    sec->id);
	}
	if (keyed > 0 && unkeyed > 0)
		load_error(ld, file, sec->line, "%s: either every recover "
		    "pattern captures the group_by fields or none does",
		    sec->id);
	sig->recover_keyed = keyed > 0;
}

/*
 * Turn a parsed section into a signature appended to the database.
 * Returns -1 (with errors recorded) when the section is not a valid one.
 */
static int
sig_build(struct loader *ld, const char *file, struct section *sec)
{
	struct signature sig;
	int seen[K_COUNT] = { 0 };
	int errors = ld->errors.count;
	size_t i, j, k;
	int fmt;

	memset(&sig, 0, sizeof(sig));
	sig.id = xstrdup(sec->id);
	sig.file = xstrdup(file);
	sig.line = sec->line;
	sig.formats = FMT_MASK_ALL;

	for (i = 0; i < sec->n; i++) {
		struct entry *e = &sec->entries[i];
		char *v = (char *)buf_cstr(&e->value);

		if (seen[e->key]++ && !sig_keys[e->key].multi) {
			load_error(ld, file, e->line, "%s: duplicate key '%s'",
			    sec->id, sig_keys[e->key].name);
			continue;
		}
		switch (e->key) {
		case K_TITLE:
			sig.title = xstrdup(v);
			break;
		case K_PRODUCT:
			if (!valid_name(v))
				load_error(ld, file, e->line,
				    "%s: bad product name '%s'", sec->id, v);
			sig.product = xstrdup(v);
			break;
		case K_SEVERITY:
			sig.severity = sigdb_severity_parse(v);
			if (sig.severity == 0)
				load_error(ld, file, e->line, "%s: unknown "
				    "severity '%s' (critical, error or warning)",
				    sec->id, v);
			break;
		case K_FORMATS: {
			size_t n;
			char **w = split_words(v, &n);

			sig.formats = 0;
			for (j = 0; j < n; j++) {
				if (strcmp(w[j], "any") == 0) {
					sig.formats = FMT_MASK_ALL;
					continue;
				}
				fmt = event_format_parse(w[j]);
				if (fmt <= 0)
					load_error(ld, file, e->line,
					    "%s: unknown format '%s'", sec->id,
					    w[j]);
				else
					sig.formats |= FMT_MASK(fmt);
			}
			if (n == 0)
				load_error(ld, file, e->line,
				    "%s: empty formats", sec->id);
			sigdb_free_words(w, n);
			break;
		}
		case K_SOURCES:
			sig.sources = split_words(v, &sig.nsources);
			break;
		case K_MATCH:
		case K_UNLESS: {
			struct sig_pattern **arr = e->key == K_MATCH ?
			    &sig.match : &sig.unless;
			size_t *n = e->key == K_MATCH ? &sig.nmatch :
			    &sig.nunless;

			*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
			if (compile_pattern(ld, file, e, &(*arr)[*n]) == 0)
				(*n)++;
			break;
		}
		case K_GROUP_BY:
			sig.group_by = split_words(v, &sig.ngroup_by);
			for (j = 0; j < sig.ngroup_by; j++)
				if (!valid_name(sig.group_by[j]))
					load_error(ld, file, e->line,
					    "%s: bad field name '%s'", sec->id,
					    sig.group_by[j]);
			break;
		case K_SUPERSEDES:
			sig.supersedes_ids = split_words(v, &sig.nsupersedes);
			break;
		case K_MEANING:
			sig.meaning = xstrdup(v);
			break;
		case K_FIX:
		case K_REF: {
			char ***arr = e->key == K_FIX ? &sig.fix : &sig.refs;
			size_t *n = e->key == K_FIX ? &sig.nfix : &sig.nrefs;

			if (*v == '\0') {
				load_error(ld, file, e->line, "%s: empty %s",
				    sec->id, sig_keys[e->key].name);
				break;
			}
			*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
			(*arr)[(*n)++] = xstrdup(v);
			break;
		}
		case K_KIND:
			if (strcmp(v, "event") == 0)
				sig.kind = SIG_EVENT;
			else if (strcmp(v, "inbox") == 0)
				sig.kind = SIG_INBOX;
			else if (strcmp(v, "health") == 0)
				sig.kind = SIG_HEALTH;
			else
				load_error(ld, file, e->line, "%s: unknown kind "
				    "'%s' (event, inbox or health; a sequence "
				    "is an event signature with 'then')",
				    sec->id, v);
			break;
		case K_THEN:
		case K_WITHOUT:
		case K_RECOVER: {
			int r = e->key == K_THEN ? ROLE_THEN :
			    e->key == K_WITHOUT ? ROLE_WITHOUT : ROLE_RECOVER;

			sig.role[r] = xreallocarray(sig.role[r],
			    sig.nrole[r] + 1, sizeof(*sig.role[r]));
			if (compile_pattern(ld, file, e,
			    &sig.role[r][sig.nrole[r]]) == 0)
				sig.nrole[r]++;
			break;
		}
		case K_WITHIN:
		case K_RESOLVE_AFTER:
		case K_MAX_AGE: {
			int64_t *ms = e->key == K_WITHIN ? &sig.within_ms :
			    e->key == K_MAX_AGE ? &sig.max_age_ms :
			    &sig.resolve_after_ms;

			if (sigdb_parse_duration(v, ms) == -1)
				load_error(ld, file, e->line, "%s: bad %s '%s' "
				    "(want a duration: 90s, 30m, 8h, 2d)",
				    sec->id, sig_keys[e->key].name, v);
			break;
		}
		case K_THRESHOLD:
			if (sigdb_parse_threshold(v, &sig.threshold,
			    &sig.threshold_ms) == -1)
				load_error(ld, file, e->line, "%s: bad threshold "
				    "(want 'N within DURATION', N at least 2)",
				    sec->id);
			break;
		case K_ESCALATE:
			sig.escalate = xreallocarray(sig.escalate,
			    sig.nescalate + 1, sizeof(*sig.escalate));
			if (sigdb_parse_escalation(v, &sig.escalate[sig.nescalate]) ==
			    -1)
				load_error(ld, file, e->line, "%s: bad escalate "
				    "(want 'SEVERITY after N hits' or "
				    "'SEVERITY after DURATION')", sec->id);
			else
				sig.nescalate++;
			break;
		case K_FILES:
			sig.files = split_words(v, &sig.nfiles);
			break;
		case K_MAX_FILES:
			if (sigdb_parse_count(v, &sig.max_files) == -1)
				load_error(ld, file, e->line, "%s: bad max_files "
				    "'%s'", sec->id, v);
			break;
		case K_COUNT:
			break;
		}
	}
	for (k = 0; k < K_COUNT; k++)
		if (sig_keys[k].required && !seen[k])
			load_error(ld, file, sec->line, "%s: missing '%s'",
			    sec->id, sig_keys[k].name);
	check_kind(ld, file, sec, &sig, seen);
	for (j = 0; j < sig.nescalate; j++)
		if (sig.severity != 0 && sig.escalate[j].to <= sig.severity)
			load_error(ld, file, sec->line, "%s: escalate to %s is "
			    "not above the severity %s", sec->id,
			    sigdb_severity_name(sig.escalate[j].to),
			    sigdb_severity_name(sig.severity));
	if (ld->errors.count != errors) {
		sigdb_free_fields(&sig);
		return -1;
	}
	ld->db->sigs = xreallocarray(ld->db->sigs, ld->db->nsigs + 1,
	    sizeof(*ld->db->sigs));
	sig.index = ld->db->nsigs;
	ld->db->sigs[ld->db->nsigs++] = sig;
	return 0;
}

static void
finish_section(struct loader *ld, const char *file, struct section *sec)
{
	if (sec->id != NULL)
		sig_build(ld, file, sec);
	section_free(sec);
}

static void
parse_buffer(struct loader *ld, const char *file, const char *text, size_t len)
{
	struct section sec = { 0 };
	struct entry *last = NULL;
	const char *p = text, *end = text + len, *nl;
	char *line, *s, *eq, *key;
	int lineno = 0;
	size_t k;

	if (memchr(text, '\0', len) != NULL) {
		load_error(ld, file, 0, "file contains NUL bytes");
		return;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line = xstrndup(p, (size_t)(nl - p));
		p = nl < end ? nl + 1 : end;
		lineno++;
		if ((s = strchr(line, '\r')) != NULL && s[1] == '\0')
			*s = '\0';
		s = sigdb_trim(line);
		if (*s == '\0' || *s == '#') {
			xfree(line);
			continue;
		}
		if (isspace((unsigned char)line[0])) {
			/* A continuation of the value above. */
			if (last == NULL)
				load_error(ld, file, lineno,
				    "continuation line without a key above it");
			else {
				if (!sig_keys[last->key].raw_join &&
				    last->value.len > 0)
					buf_putc(&last->value, ' ');
				buf_puts(&last->value, s);
			}
			xfree(line);
			continue;
		}
		if (*s == '[') {
			finish_section(ld, file, &sec);
			last = NULL;
			eq = strchr(s, ']');
			if (eq == NULL || eq[1] != '\0') {
				load_error(ld, file, lineno,
				    "bad section header (want [id])");
			} else {
				*eq = '\0';
				key = sigdb_trim(s + 1);
				if (!sigdb_valid_id(key))
					load_error(ld, file, lineno,
					    "bad signature id '%s' (want "
					    "lower-case dotted words, e.g. "
					    "product.some-failure)", key);
				sec.id = xstrdup(key);
				sec.line = lineno;
			}
			xfree(line);
			continue;
		}
		last = NULL;
		eq = strchr(s, '=');
		if (eq == NULL) {
			load_error(ld, file, lineno, "expected 'key = value'");
			xfree(line);
			continue;
		}
		*eq = '\0';
		key = sigdb_trim(s);
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(sig_keys[k].name, key) == 0)
				break;
		if (k == K_COUNT)
			load_error(ld, file, lineno, "unknown key '%s'", key);
		else if (sec.id == NULL)
			load_error(ld, file, lineno,
			    "'%s' outside a [signature] section", key);
		else {
			sec.entries = xreallocarray(sec.entries, sec.n + 1,
			    sizeof(*sec.entries));
			last = &sec.entries[sec.n++];
			memset(last, 0, sizeof(*last));
			last->key = (enum sig_key)k;
			last->line = lineno;
			buf_puts(&last->value, sigdb_trim(eq + 1));
		}
		xfree(line);
	}
	finish_section(ld, file, &sec);
}

/* Ids are unique; a site's signature cannot reuse a shipped one's. */
static void
check_duplicates(struct loader *ld)
{
	struct sigdb *db = ld->db;
	size_t i, j;

	for (i = 0; i < db->nsigs; i++) {
		struct signature *sig = &db->sigs[i];

		for (j = 0; j < i; j++)
			if (strcmp(db->sigs[j].id, sig->id) != 0)
				continue;
			else if (sig->local && !db->sigs[j].local)
				load_error(ld, sig->file, sig->line,
				    "'%s' is a shipped signature (%s:%d): "
				    "change it with a section in a .local "
				    "file, or give yours another id", sig->id,
				    db->sigs[j].file, db->sigs[j].line);
			else
				load_error(ld, sig->file, sig->line,
				    "duplicate signature id '%s' (first "
				    "defined at %s:%d)", sig->id,
				    db->sigs[j].file, db->sigs[j].line);
	}
}

/* The supersedes links, by index, once every signature is in. */
static void
link_signatures(struct loader *ld)
{
	struct sigdb *db = ld->db;
	size_t i, k;

	for (i = 0; i < db->nsigs; i++) {
		struct signature *sig = &db->sigs[i];

		sig->supersedes = xcalloc(sig->nsupersedes + 1,
		    sizeof(size_t));
		for (k = 0; k < sig->nsupersedes; k++) {
			const struct signature *o =
			    sigdb_find(db, sig->supersedes_ids[k]);

			if (o == NULL && sigdb_disabled(db,
			    sig->supersedes_ids[k]) != NULL)
				sig->supersedes[k] = SIZE_MAX;	/* off */
			else if (o == NULL)
				load_error(ld, sig->file, sig->line,
				    "%s: supersedes unknown signature '%s'",
				    sig->id, sig->supersedes_ids[k]);
			else if (o == sig)
				load_error(ld, sig->file, sig->line,
				    "%s: supersedes itself", sig->id);
			else
				sig->supersedes[k] = o->index;
		}
	}
}

static struct sigdb *
loader_finish(struct loader *ld, char **cause)
{
	if (ld->errors.count == 0)
		link_signatures(ld);
	if (ld->errors.count > 0) {
		if (ld->errors.count > SIGDB_MAX_ERRORS)
			buf_printf(&ld->errors.text, "(%d more errors)\n",
			    ld->errors.count - SIGDB_MAX_ERRORS);
		*cause = diag_take(&ld->errors);
		sigdb_free(ld->db);
		return NULL;
	}
	diag_free(&ld->errors);
	return ld->db;
}

struct sigdb *
sigdb_load_buffer(const char *name, const char *text, size_t len, char **cause)
{
	struct loader ld = { .errors = { .max = SIGDB_MAX_ERRORS } };

	ld.db = xcalloc(1, sizeof(*ld.db));
	ld.db->refs = 1;
	ld.db->files = xcalloc(1, sizeof(char *));
	ld.db->files[0] = xstrdup(name);
	ld.db->nfiles = 1;
	parse_buffer(&ld, name, text, len);
	check_duplicates(&ld);
	return loader_finish(&ld, cause);
}

/* platform_dir_files filter: the signature files. */
static int
is_sig_file(void *arg, const char *name)
{
	size_t len = strlen(name);

	return len >= 5 && strcmp(name + len - 4, ".sig") == 0;
}

/*
 * Parse the *.sig files of dir into ld (local: the site's own directory).
 * -1 when the directory cannot be listed or has none and must.
 */
static int
load_dir(struct loader *ld, const char *dir, int local, char **cause)
{
	struct buf text = { 0 };
	char **files, *err;
	size_t i, n, first = ld->db->nsigs;

	if ((files = platform_dir_files(dir, is_sig_file, NULL, &n)) == NULL) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (n == 0 && !local) {
		platform_files_free(files);
		xasprintf(cause, "%s: no *.sig files", dir);
		return -1;
	}
	ld->db->files = xreallocarray(ld->db->files, ld->db->nfiles + n + 1,
	    sizeof(char *));
	for (i = 0; i < n; i++) {
		ld->db->files[ld->db->nfiles++] = files[i];
		buf_reset(&text);
		if (platform_read_file(files[i], &text, SIGDB_MAX_FILE,
		    &err) == -1) {
			load_error(ld, NULL, 0, "%s", err);
			xfree(err);
			continue;
		}
		parse_buffer(ld, files[i], text.data ? text.data : "",
		    text.len);
	}
	ld->db->files[ld->db->nfiles] = NULL;
	xfree(files);		/* the names are the database's now */
	buf_free(&text);
	for (i = first; i < ld->db->nsigs; i++)
		ld->db->sigs[i].local = local;
	return 0;
}

struct sigdb *
sigdb_load_local(const char *dir, const char *local, char **cause)
{
	struct loader ld = { .errors = { .max = SIGDB_MAX_ERRORS } };

	ld.db = xcalloc(1, sizeof(*ld.db));
	ld.db->refs = 1;
	ld.db->files = xcalloc(1, sizeof(char *));
	if (load_dir(&ld, dir, 0, cause) == -1 ||
	    (local != NULL && load_dir(&ld, local, 1, cause) == -1)) {
		diag_free(&ld.errors);
		sigdb_free(ld.db);
		return NULL;
	}
	check_duplicates(&ld);
	if (local != NULL)
		sigover_apply(ld.db, local, &ld.errors);
	return loader_finish(&ld, cause);
}

struct sigdb *
sigdb_load(const char *dir, char **cause)
{
	return sigdb_load_local(dir, NULL, cause);
}
