/*
 * sigover — a site's overrides of shipped signatures, from the *.local
 * files of the local signature directory (patterns_local); see sigdb.h.
 *
 * As with fail2ban's .local files, the shipped set is never edited: a
 * section names a signature by id and sets only what the site wants
 * different.  The keys are the ones a site tunes, not the ones that say
 * what the failure is:
 *
 *   [configmgr.sender.heartbeat-expired]
 *   enabled = no                      the signature is not used at all
 *   severity = warning
 *   threshold = 3 within 10m          or off
 *   escalate = critical after 2h      replaces every shipped escalate; off
 *   resolve_after = 1h                or off
 *   sources = sender.log              file-name globs it applies to
 *   max_files = 500                   inbox signatures
 *   max_age = 2h
 *
 * Each change is kept with the signature ("severity = warning (FILE:LINE)")
 * so check-patterns and the API can say what the site changed.  Every
 * problem is reported with its FILE:LINE, all of them in one pass.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/diag.h"
#include "lib/xmalloc.h"
#include "match/sigdb-int.h"
#include "match/sigdb.h"
#include "platform/platform.h"

#define SIGOVER_MAX_FILE	(1024 * 1024)

struct over_file {
	const char	*path;
	struct diag	*errors;
	struct sigdb	*db;
	struct signature *sig;		/* the section's, or NULL */
	int		 section_line;
	int		 escalate_reset; /* this section replaced escalate */
};

static struct signature *
find_sig(struct sigdb *db, const char *id)
{
	size_t i;

	for (i = 0; i < db->nsigs; i++)
		if (strcmp(db->sigs[i].id, id) == 0)
			return &db->sigs[i];
	return NULL;
}

static void
note(struct over_file *of, int line, const char *key, const char *value)
{
	struct signature *sig = of->sig;

	sig->overrides = xreallocarray(sig->overrides, sig->noverrides + 1,
	    sizeof(char *));
	xasprintf(&sig->overrides[sig->noverrides++], "%s = %s (%s:%d)", key,
	    value, of->path, line);
}

/* Disable: the signature leaves the set; its id and place are kept. */
static void
disable(struct over_file *of, int line)
{
	struct sigdb *db = of->db;
	size_t i = (size_t)(of->sig - db->sigs);

	db->disabled = xreallocarray(db->disabled, db->ndisabled + 1,
	    sizeof(char *));
	db->disabled_where = xreallocarray(db->disabled_where,
	    db->ndisabled + 1, sizeof(char *));
	db->disabled[db->ndisabled] = xstrdup(of->sig->id);
	xasprintf(&db->disabled_where[db->ndisabled], "%s:%d", of->path, line);
	db->ndisabled++;
	sigdb_free_fields(of->sig);
	memmove(&db->sigs[i], &db->sigs[i + 1],
	    (db->nsigs - i - 1) * sizeof(*db->sigs));
	db->nsigs--;
	for (; i < db->nsigs; i++)
		db->sigs[i].index = i;
	of->sig = NULL;
}

static int
is_off(const char *v)
{
	return strcmp(v, "off") == 0 || strcmp(v, "none") == 0;
}

static void
set_key(struct over_file *of, int line, const char *key, char *value)
{
	struct signature *sig = of->sig;
	char *v = xstrdup(value);
	int bad = 0;

	if (strcmp(key, "enabled") == 0) {
		if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0) {
			xfree(v);
			disable(of, line);
			return;
		}
		bad = strcmp(value, "yes") != 0 && strcmp(value, "true") != 0;
	} else if (strcmp(key, "severity") == 0) {
		enum sig_severity s = sigdb_severity_parse(value);

		if (s == 0)
			bad = 1;
		else
			sig->severity = s;
	} else if (strcmp(key, "threshold") == 0) {
		if (is_off(value))
			sig->threshold = sig->threshold_ms = 0;
		else
			bad = sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH ||
			    sigdb_parse_threshold(v, &sig->threshold,
			    &sig->threshold_ms) == -1;
	} else if (strcmp(key, "escalate") == 0) {
		struct sig_escalation e;

		if (!of->escalate_reset) {
			sig->nescalate = 0;
			of->escalate_reset = 1;
		}
		if (!is_off(value)) {
			if (sigdb_parse_escalation(v, &e) == -1)
				bad = 1;
			else {
				sig->escalate = xreallocarray(sig->escalate,
				    sig->nescalate + 1, sizeof(e));
				sig->escalate[sig->nescalate++] = e;
			}
		}
	} else if (strcmp(key, "resolve_after") == 0) {
		if (is_off(value))
			sig->resolve_after_ms = 0;
		else
			bad = sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH ||
			    sigdb_parse_duration(value,
			    &sig->resolve_after_ms) == -1;
	} else if (strcmp(key, "sources") == 0) {
		sigdb_free_words(sig->sources, sig->nsources);
		sig->sources = NULL;
		sig->nsources = 0;
		for (char *w = strtok(v, " \t,"); w != NULL;
		    w = strtok(NULL, " \t,")) {
			sig->sources = xreallocarray(sig->sources,
			    sig->nsources + 1, sizeof(char *));
			sig->sources[sig->nsources++] = xstrdup(w);
		}
		bad = sig->kind == SIG_INBOX || sig->kind == SIG_HEALTH;
	} else if (strcmp(key, "max_files") == 0) {
		bad = sig->kind != SIG_INBOX ||
		    sigdb_parse_count(value, &sig->max_files) == -1;
	} else if (strcmp(key, "max_age") == 0) {
		bad = sig->kind != SIG_INBOX ||
		    sigdb_parse_duration(value, &sig->max_age_ms) == -1;
	} else {
		diag_add(of->errors, of->path, (uint64_t)line, "%s: '%s' "
		    "cannot be overridden (a .local file may set enabled, "
		    "severity, threshold, escalate, resolve_after, sources, "
		    "max_files, max_age; a different failure is a new "
		    "signature in a .sig file)", sig->id, key);
		xfree(v);
		return;
	}
	xfree(v);
	if (bad) {
		diag_add(of->errors, of->path, (uint64_t)line, "%s: bad %s "
		    "'%s' for a signature of kind %s", sig->id, key, value,
		    sigdb_kind_name(sig->kind));
		return;
	}
	note(of, line, key, value);
}

static void
section(struct over_file *of, int line, char *id)
{
	const char *where;

	of->sig = NULL;
	of->section_line = line;
	of->escalate_reset = 0;
	if (!sigdb_valid_id(id)) {
		diag_add(of->errors, of->path, (uint64_t)line, "bad signature "
		    "id '%s'", id);
		of->section_line = -1;
	} else if ((of->sig = find_sig(of->db, id)) == NULL) {
		where = sigdb_disabled(of->db, id);
		if (where != NULL)
			diag_add(of->errors, of->path, (uint64_t)line, "%s was "
			    "disabled at %s", id, where);
		else
			diag_add(of->errors, of->path, (uint64_t)line, "no "
			    "signature '%s' to override", id);
		of->section_line = -1;
	}
}

static void
parse(struct over_file *of, char *text)
{
	char *line, *next, *s, *eq;
	int lineno = 0;

	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		s = sigdb_trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (isspace((unsigned char)line[0])) {
			diag_add(of->errors, of->path, (uint64_t)lineno,
			    "indented line: a .local value is one line");
			continue;
		}
		if (*s == '[') {
			eq = strchr(s, ']');
			if (eq == NULL || eq[1] != '\0') {
				diag_add(of->errors, of->path,
				    (uint64_t)lineno, "bad section header "
				    "(want [signature.id])");
				of->sig = NULL;
				of->section_line = -1;
				continue;
			}
			*eq = '\0';
			section(of, lineno, sigdb_trim(s + 1));
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			diag_add(of->errors, of->path, (uint64_t)lineno,
			    "expected 'key = value'");
			continue;
		}
		*eq = '\0';
		if (of->section_line == 0)
			diag_add(of->errors, of->path, (uint64_t)lineno,
			    "'%s' outside a [signature.id] section",
			    sigdb_trim(s));
		else if (of->sig != NULL)
			set_key(of, lineno, sigdb_trim(s), sigdb_trim(eq + 1));
	}
}

static int
is_local_file(void *arg, const char *name)
{
	size_t len = strlen(name);

	(void)arg;
	return len > 6 && strcmp(name + len - 6, ".local") == 0;
}

void
sigover_apply(struct sigdb *db, const char *dir, struct diag *errors)
{
	struct over_file of;
	struct buf text = { 0 };
	char **files, *err;
	size_t i, n;

	if ((files = platform_dir_files(dir, is_local_file, NULL, &n)) ==
	    NULL) {
		diag_add(errors, dir, 0, "%s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&text);
		if (platform_read_file(files[i], &text, SIGOVER_MAX_FILE,
		    &err) == -1) {
			diag_add(errors, NULL, 0, "%s", err);
			xfree(err);
			continue;
		}
		if (text.len > 0 && memchr(text.data, '\0', text.len) != NULL) {
			diag_add(errors, files[i], 0, "file contains NUL bytes");
			continue;
		}
		memset(&of, 0, sizeof(of));
		of.path = files[i];
		of.errors = errors;
		of.db = db;
		parse(&of, text.data != NULL ? text.data : (char *)"");
	}
	buf_free(&text);
	platform_files_free(files);
}
