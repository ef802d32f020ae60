/*
 * config — parse and validate the daemon's INI file; see config.h.
 *
 * libinih does the INI syntax.  We feed it through our own line reader so
 * that every handler call knows its line number (Debian's inih is built
 * without INI_HANDLER_LINENO) and so that a line too long for inih's fixed
 * buffer is an error instead of being split silently.  Inline comments
 * starting with '#' after white space are stripped here: inih only knows ';'
 * and the shipped example uses '#'.
 *
 * A section is told from the next one by the line of its header, not by
 * its name, so a [source NAME] or [inbox NAME] given twice is reported
 * rather than merged.  Sources and inboxes share one namespace: the
 * dashboard, the metrics and the database know both by name alone.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/diag.h"
#include "conf/config.h"
#include "conf/hostlist.h"
#include "decode/event.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "lib/xmalloc.h"
#include "lib/duration.h"

#define CONFIG_MAX_LINE	190	/* inih's buffer is 200 with CR, LF, NUL */
#define CONFIG_MAX_FILE	(4 * 1024 * 1024)
#define CONFIG_MAX_TOKENS (1024 * 1024)	/* as http/auth.c reads it */

struct parser {
	struct config	*cf;
	struct buf	 text;		/* the file */
	size_t		 pos;		/* where cfg_reader is in it */
	int		 line;		/* line last handed to inih */
	int		 section_line;	/* of the last [section] header */
	int		 overlong;
	struct diag	 errors;
	struct diag	 warnings;
	struct source_conf *cur;	/* [source] being filled, or NULL */
	struct inbox_conf *cur_inbox;	/* [inbox] being filled, or NULL */
	int		 cur_line;	/* header line of the one being filled */
	int		 cur_seen;	/* bit per key of that section */
};

/* Problems go to the load's collectors, naming the config file. */
#define cfg_error(p, line, ...) \
	diag_add(&(p)->errors, (p)->cf->file, (uint64_t)(line), __VA_ARGS__)
#define cfg_warning(p, line, ...) \
	diag_add(&(p)->warnings, (p)->cf->file, (uint64_t)(line), __VA_ARGS__)

/* A token file: readable, and private to its owner (as the daemon wants). */
static void
check_secret(struct parser *p, const char *path)
{
	struct buf b = { 0 };
	char *why = NULL;

	if (platform_read_secret(path, &b, CONFIG_MAX_TOKENS, &why) == -1) {
		cfg_error(p, p->line, "api_tokens: %s", why);
		xfree(why);
	}
	if (b.data != NULL)
		platform_zero(b.data, b.len);
	buf_free(&b);
}

/* inih's reader: fgets that counts lines and refuses over-long ones. */
static char *
cfg_reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	const char *start, *nl, *q;
	size_t len, take;

	if (p->pos >= p->text.len)
		return NULL;
	start = p->text.data + p->pos;
	nl = memchr(start, '\n', p->text.len - p->pos);
	len = nl != NULL ? (size_t)(nl - start) + 1 : p->text.len - p->pos;
	p->pos += len;
	p->line++;
	for (q = start; q < start + len && (*q == ' ' || *q == '\t'); q++)
		;
	if (q < start + len && *q == '[')
		p->section_line = p->line;
	if (len > (size_t)num - 1) {
		/* Too long for inih: report it rather than split it. */
		cfg_error(p, p->line, "line longer than %d characters",
		    CONFIG_MAX_LINE);
		str[0] = '\0';
		p->overlong = 1;
		return str;
	}
	take = len;
	memcpy(str, start, take);
	str[take] = '\0';
	return str;
}

static int
parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

enum {
	SK_PATH = 1 << 0, SK_FORMAT = 1 << 1, SK_PRODUCT = 1 << 2,
	SK_START_AT = 1 << 3, SK_WATCH = 1 << 4, SK_POLL = 1 << 5,
	SK_TZ = 1 << 6, SK_QUIET = 1 << 7, SK_MAX_RECORD = 1 << 8,
	SK_EXPECT_EVERY = 1 << 9, SK_MISSING_AFTER = 1 << 10,
};

enum {
	IK_PATH = 1 << 0, IK_SIGNATURE = 1 << 1, IK_FILES = 1 << 2,
	IK_MAX_FILES = 1 << 3, IK_MAX_AGE = 1 << 4, IK_WATCH = 1 << 5,
	IK_POLL = 1 << 6,
};

/*
 * The name of a new [kind NAME] section: not empty, and unique among the
 * sources and the inboxes together.
 */
static void
check_name(struct parser *p, const char *kind, const char *name)
{
	struct config *cf = p->cf;
	const char *other = NULL;
	size_t i;
	int line = 0;

	if (*name == '\0') {
		cfg_error(p, p->section_line, "[%s] without a name", kind);
		return;
	}
	for (i = 0; i < cf->nsources && other == NULL; i++)
		if (strcmp(cf->sources[i].name, name) == 0) {
			other = "source";
			line = cf->sources[i].line;
		}
	for (i = 0; i < cf->ninboxes && other == NULL; i++)
		if (strcmp(cf->inboxes[i].name, name) == 0) {
			other = "inbox";
			line = cf->inboxes[i].line;
		}
	if (other == NULL)
		return;
	if (strcmp(other, kind) == 0)
		cfg_error(p, p->section_line, "duplicate [%s %s] (first at "
		    "line %d)", kind, name, line);
	else
		cfg_error(p, p->section_line, "duplicate name: [%s %s] (first "
		    "as [%s %s] at line %d; sources and inboxes share names)",
		    kind, name, other, name, line);
}

/* Shared by sources and inboxes. */
static void
parse_watch(struct parser *p, const char *value, enum config_watch *w)
{
	if (strcmp(value, "inotify") == 0)
		*w = WATCH_INOTIFY;
	else if (strcmp(value, "poll") == 0)
		*w = WATCH_POLL;
	else
		cfg_error(p, p->line, "watch must be 'inotify' or 'poll', not "
		    "'%s'", value);
}

static void
parse_poll_interval(struct parser *p, const char *value, int *poll_ms)
{
	int ms;

	if (duration_parse_int(value, &ms) == -1 || ms < 100)
		cfg_error(p, p->line, "bad poll_interval '%s' (a duration of "
		    "at least 100ms, e.g. 5s)", value);
	else
		*poll_ms = ms;
}

/* A duration that must be above zero, for the keys that may be days. */
static void
parse_positive_duration64(struct parser *p, const char *key,
    const char *value, const char *example, int64_t *out)
{
	int64_t ms;

	if (duration_parse(value, &ms) == -1 || ms <= 0)
		cfg_error(p, p->line, "bad %s '%s' (a duration above zero, "
		    "e.g. %s)", key, value, example);
	else
		*out = ms;
}

static struct source_conf *
new_source(struct parser *p, const char *name)
{
	struct config *cf = p->cf;
	struct source_conf *sc;

	check_name(p, "source", name);
	cf->sources = xreallocarray(cf->sources, cf->nsources + 1,
	    sizeof(*cf->sources));
	sc = &cf->sources[cf->nsources++];
	memset(sc, 0, sizeof(*sc));
	sc->name = xstrdup(name);
	sc->format = FMT_AUTO;
	sc->start_at_end = 1;
	sc->watch = WATCH_INOTIFY;
	sc->poll_ms = 5000;
	sc->quiet_ms = 2000;
	sc->max_record = EVENT_DEFAULT_MAX_RECORD;
	sc->missing_ms = 60000;
	sc->line = p->section_line;
	sc->path_line = sc->line;
	return sc;
}

static void
set_source_key(struct parser *p, struct source_conf *sc, const char *key,
    const char *value)
{
	long n;
	int bit = 0, ms, fmt;

	if (strcmp(key, "path") == 0) {
		bit = SK_PATH;
		if (*value == '\0')
			cfg_error(p, p->line, "empty path");
		xfree(sc->path);
		sc->path = xstrdup(value);
		sc->path_line = p->line;
	} else if (strcmp(key, "format") == 0) {
		bit = SK_FORMAT;
		if ((fmt = event_format_parse(value)) < 0)
			cfg_error(p, p->line, "unknown format '%s' (auto, "
			    "configmgr, cmtrace, log4net, entlib, plain)",
			    value);
		else
			sc->format = fmt;
	} else if (strcmp(key, "product") == 0) {
		bit = SK_PRODUCT;
		xfree(sc->product);
		sc->product = *value != '\0' ? xstrdup(value) : NULL;
	} else if (strcmp(key, "start_at") == 0) {
		bit = SK_START_AT;
		if (strcmp(value, "end") == 0)
			sc->start_at_end = 1;
		else if (strcmp(value, "beginning") == 0)
			sc->start_at_end = 0;
		else
			cfg_error(p, p->line, "start_at must be 'end' or "
			    "'beginning', not '%s'", value);
	} else if (strcmp(key, "watch") == 0) {
		bit = SK_WATCH;
		parse_watch(p, value, &sc->watch);
	} else if (strcmp(key, "poll_interval") == 0) {
		bit = SK_POLL;
		parse_poll_interval(p, value, &sc->poll_ms);
	} else if (strcmp(key, "timezone") == 0) {
		bit = SK_TZ;
		if (parse_int(value, -14 * 60, 14 * 60, &n) == -1)
			cfg_error(p, p->line, "bad timezone '%s' (minutes "
			    "east of UTC, e.g. +60 or -300)", value);
		else
			sc->tz_minutes = (int)n;
	} else if (strcmp(key, "quiet") == 0) {
		bit = SK_QUIET;
		if (duration_parse_int(value, &ms) == -1 || ms < 10 ||
		    ms > 600000)
			cfg_error(p, p->line, "bad quiet '%s' (10ms to 10m)",
			    value);
		else
			sc->quiet_ms = ms;
	} else if (strcmp(key, "max_record") == 0) {
		bit = SK_MAX_RECORD;
		if (parse_int(value, 1024, 64L * 1024 * 1024, &n) == -1)
			cfg_error(p, p->line, "bad max_record '%s' (1024 to "
			    "67108864 bytes)", value);
		else
			sc->max_record = (size_t)n;
	} else if (strcmp(key, "expect_every") == 0) {
		bit = SK_EXPECT_EVERY;
		parse_positive_duration64(p, key, value, "8h",
		    &sc->expect_every_ms);
	} else if (strcmp(key, "missing_after") == 0) {
		bit = SK_MISSING_AFTER;
		parse_positive_duration64(p, key, value, "5m", &sc->missing_ms);
	} else {
		cfg_error(p, p->line, "unknown key '%s' in [source %s]", key,
		    sc->name);
		return;
	}
	if (p->cur_seen & bit)
		cfg_error(p, p->line, "duplicate key '%s'", key);
	p->cur_seen |= bit;
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xfree(v[i]);
	xfree(v);
}

static struct inbox_conf *
new_inbox(struct parser *p, const char *name)
{
	struct config *cf = p->cf;
	struct inbox_conf *ic;

	check_name(p, "inbox", name);
	cf->inboxes = xreallocarray(cf->inboxes, cf->ninboxes + 1,
	    sizeof(*cf->inboxes));
	ic = &cf->inboxes[cf->ninboxes++];
	memset(ic, 0, sizeof(*ic));
	ic->name = xstrdup(name);
	ic->max_files = -1;
	ic->max_age_ms = -1;
	ic->watch = WATCH_INOTIFY;
	ic->poll_ms = 30000;
	ic->line = p->section_line;
	ic->path_line = ic->line;
	return ic;
}

/* files = GLOB ...: file names only, split on blanks. */
static void
set_inbox_files(struct parser *p, struct inbox_conf *ic, const char *value)
{
	const char *s = value;
	size_t len;

	free_strings(ic->files, ic->nfiles);
	ic->files = NULL;
	ic->nfiles = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		len = strcspn(s, " \t");
		if (memchr(s, '/', len) != NULL)
			cfg_error(p, p->line, "bad files '%.*s' (file-name "
			    "globs, without a directory, e.g. *.ins)", (int)len,
			    s);
		ic->files = xreallocarray(ic->files, ic->nfiles + 1,
		    sizeof(*ic->files));
		ic->files[ic->nfiles++] = xstrndup(s, len);
		s += len;
	}
	if (ic->nfiles == 0)
		cfg_error(p, p->line, "empty files (file-name globs, e.g. "
		    "*.ins; leave the key out for the signature's)");
}

static void
set_inbox_key(struct parser *p, struct inbox_conf *ic, const char *key,
    const char *value)
{
	long n;
	int bit;

	if (strcmp(key, "path") == 0) {
		bit = IK_PATH;
		if (*value == '\0')
			cfg_error(p, p->line, "empty path");
		xfree(ic->path);
		ic->path = xstrdup(value);
		ic->path_line = p->line;
	} else if (strcmp(key, "signature") == 0) {
		bit = IK_SIGNATURE;
		if (!sigdb_valid_id(value))
			cfg_error(p, p->line, "bad signature '%s' (a signature "
			    "id: lower-case dotted words, e.g. "
			    "configmgr.despool.receive-backlog)", value);
		xfree(ic->signature);
		ic->signature = xstrdup(value);
	} else if (strcmp(key, "files") == 0) {
		bit = IK_FILES;
		set_inbox_files(p, ic, value);
	} else if (strcmp(key, "max_files") == 0) {
		bit = IK_MAX_FILES;
		if (parse_int(value, 1, LONG_MAX, &n) == -1)
			cfg_error(p, p->line, "bad max_files '%s' (a count of "
			    "at least 1)", value);
		else
			ic->max_files = n;
	} else if (strcmp(key, "max_age") == 0) {
		bit = IK_MAX_AGE;
		parse_positive_duration64(p, key, value, "2h", &ic->max_age_ms);
	} else if (strcmp(key, "watch") == 0) {
		bit = IK_WATCH;
		parse_watch(p, value, &ic->watch);
	} else if (strcmp(key, "poll_interval") == 0) {
		bit = IK_POLL;
		parse_poll_interval(p, value, &ic->poll_ms);
	} else {
		cfg_error(p, p->line, "unknown key '%s' in [inbox %s]", key,
		    ic->name);
		return;
	}
	if (p->cur_seen & bit)
		cfg_error(p, p->line, "duplicate key '%s'", key);
	p->cur_seen |= bit;
}

static void
set_daemon_key(struct parser *p, const char *key, const char *value)
{
	struct config *cf = p->cf;
	long n;

	if (strcmp(key, "state_dir") == 0) {
		xfree(cf->state_dir);
		cf->state_dir = xstrdup(value);
	} else if (strcmp(key, "listen") == 0) {
		xfree(cf->listen);
		cf->listen = xstrdup(value);
	} else if (strcmp(key, "allowed_hosts") == 0) {
		hostlist_free(cf->allowed_hosts, cf->nallowed_hosts);
		(void)hostlist_parse(value, &cf->allowed_hosts,
		    &cf->nallowed_hosts, &p->errors, cf->file, p->line);
	} else if (strcmp(key, "patterns") == 0) {
		xfree(cf->patterns);
		cf->patterns = xstrdup(value);
	} else if (strcmp(key, "api_tokens") == 0) {
		xfree(cf->api_tokens);
		cf->api_tokens = *value != '\0' ? xstrdup(value) : NULL;
		if (cf->api_tokens != NULL)
			check_secret(p, cf->api_tokens);
	} else if (strcmp(key, "retention_days") == 0) {
		if (parse_int(value, 1, 36500, &n) == -1)
			cfg_error(p, p->line, "bad retention_days '%s' (1 to "
			    "36500)", value);
		else
			cf->retention_days = (int)n;
	} else if (strcmp(key, "samples_per_incident") == 0) {
		if (parse_int(value, 1, 100, &n) == -1)
			cfg_error(p, p->line, "bad samples_per_incident '%s' "
			    "(1 to 100)", value);
		else
			cf->samples_per_incident = (int)n;
	} else
		cfg_error(p, p->line, "unknown key '%s' in [daemon]", key);
}

/* Strip an inline "# comment" (after white space) and trailing blanks. */
static void
strip_comment(char *v)
{
	char *s, *e;

	for (s = v; *s != '\0'; s++)
		if (*s == '#' && (s == v || isspace((unsigned char)s[-1]))) {
			*s = '\0';
			break;
		}
	e = v + strlen(v);
	while (e > v && isspace((unsigned char)e[-1]))
		*--e = '\0';
}

/* The NAME of a "[kind NAME]" section, or NULL if it is another kind. */
static const char *
section_arg(const char *section, const char *kind)
{
	size_t len = strlen(kind);
	const char *s;

	if (strncmp(section, kind, len) != 0 ||
	    !isspace((unsigned char)section[len]))
		return NULL;
	for (s = section + len; isspace((unsigned char)*s); s++)
		;
	return s;
}

/*
 * Whether this key starts a new [source] or [inbox]: inih hands us keys,
 * not headers, so the header's line (which cfg_reader notes) tells.
 */
static int
new_section(struct parser *p)
{
	if (p->cur_line == p->section_line)
		return 0;
	p->cur = NULL;
	p->cur_inbox = NULL;
	p->cur_line = p->section_line;
	p->cur_seen = 0;
	return 1;
}

static int
cfg_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parser *p = user;
	char *v = xstrdup(value != NULL ? value : "");
	const char *arg;

	strip_comment(v);
	if (strcmp(section, "daemon") == 0) {
		new_section(p);
		set_daemon_key(p, name, v);
	} else if ((arg = section_arg(section, "source")) != NULL) {
		if (new_section(p) || p->cur == NULL)
			p->cur = new_source(p, arg);
		set_source_key(p, p->cur, name, v);
	} else if ((arg = section_arg(section, "inbox")) != NULL) {
		if (new_section(p) || p->cur_inbox == NULL)
			p->cur_inbox = new_inbox(p, arg);
		set_inbox_key(p, p->cur_inbox, name, v);
	} else if (*section == '\0')
		cfg_error(p, p->line, "'%s' outside a section", name);
	else
		cfg_error(p, p->line, "unknown section [%s] (want [daemon], "
		    "[source NAME] or [inbox NAME])", section);
	xfree(v);
	return 1;
}

/* platform_dir_list filter counting the names a glob matches. */
struct glob_count {
	const char	*pattern;
	int		 n;
};

static int
glob_counts(void *arg, const char *name)
{
	struct glob_count *g = arg;

	if (name[0] != '.' && platform_glob_match(g->pattern, name,
	    platform_names_casefold()))
		g->n++;
	return 0;		/* nothing to look at */
}

static int
glob_ignore(void *arg, const char *name, const struct platform_stat *st)
{
	return 0;
}

/* Whether anything matches the glob in the last component of path. */
static int
glob_matches(const char *path)
{
	struct glob_count g;
	char *dir = platform_path_dir(path), *base = platform_path_base(path);

	g.pattern = base;
	g.n = 0;
	(void)platform_dir_list(dir, glob_counts, glob_ignore, &g);
	xfree(dir);
	xfree(base);
	return g.n > 0;
}

static void
check_sources(struct parser *p)
{
	struct config *cf = p->cf;
	struct platform_stat st;
	char *dir;
	size_t i;

	for (i = 0; i < cf->nsources; i++) {
		struct source_conf *sc = &cf->sources[i];

		if (sc->path == NULL) {
			cfg_error(p, sc->line, "[source %s] has no path",
			    sc->name);
			continue;
		}
		if (!platform_path_absolute(sc->path)) {
			cfg_error(p, sc->path_line, "[source %s]: path must be "
			    "absolute: %s", sc->name, sc->path);
			continue;
		}
		dir = platform_path_dir(sc->path);
		if (platform_has_glob(dir))
			cfg_error(p, sc->path_line, "[source %s]: a glob may "
			    "only name files, not folders: %s", sc->name,
			    sc->path);
		else if (platform_has_glob(sc->path)) {
			if (!glob_matches(sc->path))
				cfg_warning(p, sc->path_line, "[source %s]: nothing "
				    "matches %s yet; files are picked up as "
				    "they appear", sc->name, sc->path);
		} else if (platform_stat(sc->path, &st) == -1)
			cfg_warning(p, sc->path_line, "[source %s]: %s: %s; it is "
			    "waited for", sc->name, sc->path,
			    strerror(errno));
		else if (st.type != PLATFORM_REG)
			cfg_error(p, sc->path_line, "[source %s]: %s is not a "
			    "regular file", sc->name, sc->path);
		xfree(dir);
	}
}

static void
check_inboxes(struct parser *p)
{
	struct config *cf = p->cf;
	struct platform_stat st;
	size_t i;

	for (i = 0; i < cf->ninboxes; i++) {
		struct inbox_conf *ic = &cf->inboxes[i];

		if (ic->signature == NULL)
			cfg_error(p, ic->line, "[inbox %s] has no signature",
			    ic->name);
		if (ic->path == NULL) {
			cfg_error(p, ic->line, "[inbox %s] has no path",
			    ic->name);
			continue;
		}
		if (!platform_path_absolute(ic->path))
			cfg_error(p, ic->path_line, "[inbox %s]: path must be "
			    "absolute: %s", ic->name, ic->path);
		else if (platform_stat(ic->path, &st) == -1)
			cfg_warning(p, ic->path_line, "[inbox %s]: %s: %s; it "
			    "is waited for", ic->name, ic->path,
			    strerror(errno));
		else if (st.type != PLATFORM_DIR)
			cfg_error(p, ic->path_line, "[inbox %s]: %s is not a "
			    "directory", ic->name, ic->path);
	}
}

struct config *
config_load(const char *path, char **cause, char **warnings)
{
	struct parser p;
	struct config *cf;
	int rc;

	if (warnings != NULL)
		*warnings = NULL;
	memset(&p, 0, sizeof(p));
	cf = xcalloc(1, sizeof(*cf));
	cf->file = xstrdup(path);
	cf->state_dir = xstrdup(platform_default_state_dir());
	cf->listen = xstrdup(CONFIG_DEFAULT_LISTEN);
	cf->retention_days = 90;
	cf->samples_per_incident = 5;
	p.cf = cf;
	if (platform_read_file(path, &p.text, CONFIG_MAX_FILE, cause) == -1) {
		config_free(cf);
		return NULL;
	}
	rc = ini_parse_stream(cfg_reader, &p, cfg_handler, &p);
	buf_free(&p.text);
	if (rc > 0 && p.errors.count == 0)
		cfg_error(&p, rc, "syntax error (want [section] or "
		    "key = value)");
	else if (rc < 0)
		cfg_error(&p, 0, "cannot parse");
	if (cf->nsources == 0 && cf->ninboxes == 0)
		cfg_error(&p, p.line, "no [source NAME] or [inbox NAME] "
		    "section: nothing to watch");
	check_sources(&p);
	check_inboxes(&p);
	if (!platform_path_absolute(cf->state_dir))
		cfg_error(&p, 0, "state_dir must be absolute: %s",
		    cf->state_dir);
	if (warnings != NULL)
		*warnings = diag_take(&p.warnings);
	diag_free(&p.warnings);
	if (p.errors.count > 0) {
		*cause = diag_take(&p.errors);
		config_free(cf);
		return NULL;
	}
	return cf;
}

void
config_free(struct config *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nsources; i++) {
		xfree(cf->sources[i].name);
		xfree(cf->sources[i].path);
		xfree(cf->sources[i].product);
	}
	xfree(cf->sources);
	for (i = 0; i < cf->ninboxes; i++) {
		xfree(cf->inboxes[i].name);
		xfree(cf->inboxes[i].path);
		xfree(cf->inboxes[i].signature);
		free_strings(cf->inboxes[i].files, cf->inboxes[i].nfiles);
	}
	xfree(cf->inboxes);
	xfree(cf->file);
	xfree(cf->state_dir);
	xfree(cf->listen);
	xfree(cf->patterns);
	xfree(cf->api_tokens);
	hostlist_free(cf->allowed_hosts, cf->nallowed_hosts);
	xfree(cf);
}

/* config_where's handler: the two [daemon] keys, nothing else. */
static int
where_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config *cf = ((struct parser *)user)->cf;
	char *v;

	if (strcmp(section, "daemon") != 0 || value == NULL)
		return 1;
	v = xstrdup(value);
	strip_comment(v);
	if (strcmp(name, "listen") == 0) {
		xfree(cf->listen);
		cf->listen = v;
	} else if (strcmp(name, "state_dir") == 0) {
		xfree(cf->state_dir);
		cf->state_dir = platform_expand(v);
		xfree(v);
	} else
		xfree(v);
	return 1;
}

int
config_where(const char *path, char **listen, char **state_dir,
    char **cause)
{
	struct parser p;
	struct config cf;

	memset(&p, 0, sizeof(p));
	memset(&cf, 0, sizeof(cf));
	cf.file = (char *)path;
	cf.listen = xstrdup(CONFIG_DEFAULT_LISTEN);
	cf.state_dir = xstrdup(platform_default_state_dir());
	p.cf = &cf;
	if (platform_read_file(path, &p.text, CONFIG_MAX_FILE, cause) == -1) {
		xfree(cf.listen);
		xfree(cf.state_dir);
		return -1;
	}
	(void)ini_parse_stream(cfg_reader, &p, where_handler, &p);
	buf_free(&p.text);
	diag_free(&p.errors);
	diag_free(&p.warnings);
	*listen = cf.listen;
	*state_dir = cf.state_dir;
	return 0;
}
