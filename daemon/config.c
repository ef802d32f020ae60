/*
 * config — parse and validate the daemon's INI file; see config.h.
 *
 * libinih does the INI syntax.  We feed it through our own line reader so
 * that every handler call knows its line number (Debian's inih is built
 * without INI_HANDLER_LINENO) and so that a line too long for inih's fixed
 * buffer is an error instead of being split silently.  Inline comments
 * starting with '#' after white space are stripped here: inih only knows ';'
 * and the shipped example uses '#'.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "event.h"
#include "xmalloc.h"

#define CONFIG_MAX_LINE	190	/* inih's buffer is 200 with CR, LF, NUL */

struct parser {
	struct config	*cf;
	FILE		*f;
	int		 line;		/* line last handed to inih */
	int		 section_line;	/* of the last [section] header */
	int		 overlong;
	struct buf	 errors;
	struct buf	 warnings;
	int		 nerrors;
	int		 seen_daemon;
	struct source_conf *cur;	/* section being filled */
	int		 cur_seen;	/* bit per source key */
};

static void
cfg_error(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cfg_error(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(&p->errors, "%s:%d: %s\n", p->cf->file, line, msg);
	p->nerrors++;
}

static void
cfg_warning(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cfg_warning(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(&p->warnings, "%s:%d: %s\n", p->cf->file, line, msg);
}

/* inih's reader: fgets that counts lines and refuses over-long ones. */
static char *
cfg_reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	size_t len;
	int c;

	if (fgets(str, num, p->f) == NULL)
		return NULL;
	p->line++;
	{
		const char *q = str;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '[')
			p->section_line = p->line;
	}
	len = strlen(str);
	if (len > 0 && str[len - 1] != '\n' && !feof(p->f)) {
		/* Too long for inih: swallow the rest and report it. */
		while ((c = fgetc(p->f)) != EOF && c != '\n')
			;
		cfg_error(p, p->line, "line longer than %d characters",
		    CONFIG_MAX_LINE);
		str[0] = '\0';
		p->overlong = 1;
	}
	return str;
}

int
config_parse_duration(const char *s, int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || v < 0)
		return -1;
	if (*end == '\0' || strcmp(end, "s") == 0)
		v *= 1000;
	else if (strcmp(end, "ms") == 0)
		;
	else if (strcmp(end, "m") == 0)
		v *= 60 * 1000;
	else if (strcmp(end, "h") == 0)
		v *= 3600 * 1000;
	else
		return -1;
	if (v > INT_MAX)
		return -1;
	*ms = (int)v;
	return 0;
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
};

static struct source_conf *
new_source(struct parser *p, const char *name)
{
	struct config *cf = p->cf;
	struct source_conf *sc;
	size_t i;

	for (i = 0; i < cf->nsources; i++)
		if (strcmp(cf->sources[i].name, name) == 0)
			cfg_error(p, p->line, "duplicate [source %s] (first "
			    "at line %d)", name, cf->sources[i].line);
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
		if (strcmp(value, "inotify") == 0)
			sc->watch = WATCH_INOTIFY;
		else if (strcmp(value, "poll") == 0)
			sc->watch = WATCH_POLL;
		else
			cfg_error(p, p->line, "watch must be 'inotify' or "
			    "'poll', not '%s'", value);
	} else if (strcmp(key, "poll_interval") == 0) {
		bit = SK_POLL;
		if (config_parse_duration(value, &ms) == -1 || ms < 100)
			cfg_error(p, p->line, "bad poll_interval '%s' (a "
			    "duration of at least 100ms, e.g. 5s)", value);
		else
			sc->poll_ms = ms;
	} else if (strcmp(key, "timezone") == 0) {
		bit = SK_TZ;
		if (parse_int(value, -14 * 60, 14 * 60, &n) == -1)
			cfg_error(p, p->line, "bad timezone '%s' (minutes "
			    "east of UTC, e.g. +60 or -300)", value);
		else
			sc->tz_minutes = (int)n;
	} else if (strcmp(key, "quiet") == 0) {
		bit = SK_QUIET;
		if (config_parse_duration(value, &ms) == -1 || ms < 10 ||
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
	} else if (strcmp(key, "patterns") == 0) {
		xfree(cf->patterns);
		cf->patterns = xstrdup(value);
	} else if (strcmp(key, "api_tokens") == 0) {
		xfree(cf->api_tokens);
		cf->api_tokens = *value != '\0' ? xstrdup(value) : NULL;
		if (cf->api_tokens != NULL && access(cf->api_tokens, R_OK) == -1)
			cfg_error(p, p->line, "api_tokens: %s: %s", value,
			    strerror(errno));
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

static int
cfg_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parser *p = user;
	char *v = xstrdup(value != NULL ? value : "");
	const char *srcname;

	strip_comment(v);
	if (strcmp(section, "daemon") == 0) {
		p->cur = NULL;
		set_daemon_key(p, name, v);
	} else if (strncmp(section, "source", 6) == 0 &&
	    isspace((unsigned char)section[6])) {
		srcname = section + 7;
		while (isspace((unsigned char)*srcname))
			srcname++;
		if (p->cur == NULL || strcmp(p->cur->name, srcname) != 0) {
			p->cur = new_source(p, srcname);
			p->cur_seen = 0;
		}
		set_source_key(p, p->cur, name, v);
	} else if (*section == '\0')
		cfg_error(p, p->line, "'%s' outside a section", name);
	else
		cfg_error(p, p->line, "unknown section [%s] (want [daemon] "
		    "or [source NAME])", section);
	xfree(v);
	return 1;
}

static void
check_sources(struct parser *p)
{
	struct config *cf = p->cf;
	struct stat st;
	glob_t g;
	size_t i;

	for (i = 0; i < cf->nsources; i++) {
		struct source_conf *sc = &cf->sources[i];

		if (sc->path == NULL) {
			cfg_error(p, sc->line, "[source %s] has no path",
			    sc->name);
			continue;
		}
		if (sc->path[0] != '/') {
			cfg_error(p, sc->path_line, "[source %s]: path must be "
			    "absolute: %s", sc->name, sc->path);
			continue;
		}
		if (strpbrk(sc->path, "*?[") != NULL) {
			if (glob(sc->path, 0, NULL, &g) != 0)
				cfg_warning(p, sc->path_line, "[source %s]: nothing "
				    "matches %s yet; files are picked up as "
				    "they appear", sc->name, sc->path);
			globfree(&g);
		} else if (stat(sc->path, &st) == -1)
			cfg_warning(p, sc->path_line, "[source %s]: %s: %s; it is "
			    "waited for", sc->name, sc->path,
			    strerror(errno));
		else if (!S_ISREG(st.st_mode))
			cfg_error(p, sc->path_line, "[source %s]: %s is not a "
			    "regular file", sc->name, sc->path);
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
	cf->state_dir = xstrdup("/var/lib/syncwatch");
	cf->listen = xstrdup("127.0.0.1:8470");
	cf->retention_days = 90;
	cf->samples_per_incident = 5;
	p.cf = cf;
	if ((p.f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		config_free(cf);
		return NULL;
	}
	rc = ini_parse_stream(cfg_reader, &p, cfg_handler, &p);
	fclose(p.f);
	if (rc > 0 && p.nerrors == 0)
		cfg_error(&p, rc, "syntax error (want [section] or "
		    "key = value)");
	else if (rc < 0)
		cfg_error(&p, 0, "cannot parse");
	if (cf->nsources == 0)
		cfg_error(&p, p.line, "no [source NAME] section: nothing to "
		    "watch");
	check_sources(&p);
	if (cf->state_dir[0] != '/')
		cfg_error(&p, 0, "state_dir must be absolute: %s",
		    cf->state_dir);
	if (warnings != NULL && p.warnings.len > 0) {
		p.warnings.data[--p.warnings.len] = '\0';
		*warnings = xstrdup(p.warnings.data);
	}
	buf_free(&p.warnings);
	if (p.nerrors > 0) {
		p.errors.data[--p.errors.len] = '\0';
		*cause = xstrdup(p.errors.data);
		buf_free(&p.errors);
		config_free(cf);
		return NULL;
	}
	buf_free(&p.errors);
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
	xfree(cf->file);
	xfree(cf->state_dir);
	xfree(cf->listen);
	xfree(cf->patterns);
	xfree(cf->api_tokens);
	xfree(cf);
}
