/*
 * sections — the [source NAME] and [inbox NAME] sections of the
 * configuration: their keys, their defaults, and what is checked once the
 * whole file is read (a path that must be absolute, a folder that must
 * exist, a glob that matches nothing yet); see config.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config-int.h"
#include "decode/event.h"
#include "lib/duration.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"

enum {
	SK_PATH = 1 << 0, SK_FORMAT = 1 << 1, SK_PRODUCT = 1 << 2,
	SK_START_AT = 1 << 3, SK_WATCH = 1 << 4, SK_POLL = 1 << 5,
	SK_TZ = 1 << 6, SK_QUIET = 1 << 7, SK_MAX_RECORD = 1 << 8,
	SK_EXPECT_EVERY = 1 << 9, SK_MISSING_AFTER = 1 << 10,
	SK_ROTATED = 1 << 11, SK_TYPE = 1 << 12, SK_CHANNEL = 1 << 13,
	SK_REPLAY = 1 << 14,
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

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xfree(v[i]);
	xfree(v);
}

/*
 * KEY = GLOB ...: file names only, split on blanks, into *v (replacing
 * what was there).  example names a sensible value for the messages.
 */
static void
set_name_globs(struct parser *p, const char *key, const char *value,
    const char *example, char ***v, size_t *n)
{
	const char *s = value;
	size_t len;

	free_strings(*v, *n);
	*v = NULL;
	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		len = strcspn(s, " \t");
		if (memchr(s, '/', len) != NULL || memchr(s, '\\', len) != NULL)
			cfg_error(p, p->line, "bad %s '%.*s' (file-name "
			    "globs, without a directory, e.g. %s)", key,
			    (int)len, s, example);
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = xstrndup(s, len);
		s += len;
	}
	if (*n == 0)
		cfg_error(p, p->line, "empty %s (file-name globs, e.g. %s; "
		    "leave the key out for the default)", key, example);
}

struct source_conf *
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
	sc->tz_name = xstrdup("local");
	sc->line = p->section_line;
	sc->path_line = sc->line;
	return sc;
}

/*
 * timezone: minutes east of UTC (+60, -300), an IANA zone (Europe/Berlin,
 * from tzdata, daylight saving and all) or "local", the system's zone
 * (the default).  The zone is looked up now, so a name that is not one is
 * a mistake of the configuration; each reader loads its own.
 */
static void
set_timezone(struct parser *p, struct source_conf *sc, const char *value)
{
	struct tzif *z;
	char *cause = NULL;
	long n;

	if ((value[0] == '+' || value[0] == '-' ||
	    (value[0] >= '0' && value[0] <= '9')) && strchr(value, '/') ==
	    NULL) {
		if (parse_int(value, -14 * 60, 14 * 60, &n) == -1) {
			cfg_error(p, p->line, "bad timezone '%s' (minutes "
			    "east of UTC, e.g. +60 or -300, an IANA zone such "
			    "as Europe/Berlin, or local)", value);
			return;
		}
		sc->tz_minutes = (int)n;
		xfree(sc->tz_name);
		sc->tz_name = NULL;
		return;
	}
	if ((z = platform_zone(value, &cause)) == NULL && cause != NULL) {
		cfg_error(p, p->line, "%s", cause);
		xfree(cause);
		return;
	}
	tzif_free(z);
	sc->tz_minutes = 0;
	xfree(sc->tz_name);
	sc->tz_name = xstrdup(value);
}

void
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
		sc->path = platform_expand(value);
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
		set_timezone(p, sc, value);
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
	} else if (strcmp(key, "type") == 0) {
		bit = SK_TYPE;
		if (strcmp(value, "file") == 0)
			sc->type = SOURCE_FILE;
		else if (strcmp(value, "eventlog") == 0)
			sc->type = SOURCE_EVENTLOG;
		else
			cfg_error(p, p->line, "type must be 'file' or "
			    "'eventlog', not '%s'", value);
	} else if (strcmp(key, "channel") == 0) {
		bit = SK_CHANNEL;
		if (*value == '\0' || strpbrk(value, "\\/*?[") != NULL)
			cfg_error(p, p->line, "bad channel '%s' (the event "
			    "log's name, e.g. EktronL2 or Application)", value);
		xfree(sc->channel);
		sc->channel = xstrdup(value);
	} else if (strcmp(key, "replay") == 0) {
		bit = SK_REPLAY;
		if (*value == '\0')
			cfg_error(p, p->line, "empty replay");
		xfree(sc->replay);
		sc->replay = platform_expand(value);
	} else if (strcmp(key, "rotated") == 0) {
		bit = SK_ROTATED;
		set_name_globs(p, key, value, "app.log.* app-*.log",
		    &sc->rotated, &sc->nrotated);
	} else {
		cfg_error(p, p->line, "unknown key '%s' in [source %s]", key,
		    sc->name);
		return;
	}
	if (p->cur_seen & bit)
		cfg_error(p, p->line, "duplicate key '%s'", key);
	p->cur_seen |= bit;
}

struct inbox_conf *
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

void
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
		ic->path = platform_expand(value);
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
		set_name_globs(p, "files", value, "*.ins", &ic->files, &ic->nfiles);
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

/*
 * An event-log source: a channel (or a capture to replay), no path; it
 * reads records of the eventlog format only.  Its path becomes
 * "eventlog:CHANNEL", the name its position and its hits go by.
 */
static void
check_eventlog(struct parser *p, struct source_conf *sc)
{
	struct platform_stat st;

	if (sc->type != SOURCE_EVENTLOG) {
		cfg_error(p, sc->line, "[source %s]: channel and replay are "
		    "for type = eventlog", sc->name);
		return;
	}
	if (sc->path != NULL) {
		cfg_error(p, sc->path_line, "[source %s]: an event log has no "
		    "path (name it with channel = NAME)", sc->name);
		return;
	}
	if (sc->channel == NULL && sc->replay == NULL) {
		cfg_error(p, sc->line, "[source %s]: type = eventlog needs "
		    "channel = NAME (e.g. EktronL2)", sc->name);
		return;
	}
	if (sc->format != FMT_AUTO && sc->format != FMT_EVENTLOG)
		cfg_error(p, sc->line, "[source %s]: an event log's records "
		    "are of format eventlog, not %s", sc->name,
		    event_format_name((enum event_format)sc->format));
	sc->format = FMT_EVENTLOG;
	/* Read every poll_interval, as Fluent Bit's in_winlog does. */
	sc->watch = WATCH_POLL;
	if (sc->nrotated > 0)
		cfg_warning(p, sc->line, "[source %s]: rotated does not apply "
		    "to an event log", sc->name);
	if (sc->replay != NULL) {
		if (!platform_path_absolute(sc->replay))
			cfg_error(p, sc->line, "[source %s]: replay must be "
			    "absolute: %s", sc->name, sc->replay);
		else if (platform_stat(sc->replay, &st) == -1)
			cfg_warning(p, sc->line, "[source %s]: %s: %s; it is "
			    "waited for", sc->name, sc->replay,
			    strerror(errno));
	}
	xasprintf(&sc->path, "eventlog:%s", sc->channel != NULL ?
	    sc->channel : "replay");
}

void
check_sources(struct parser *p)
{
	struct config *cf = p->cf;
	struct platform_stat st;
	char *dir;
	size_t i;

	for (i = 0; i < cf->nsources; i++) {
		struct source_conf *sc = &cf->sources[i];

		if (sc->type == SOURCE_EVENTLOG ||
		    sc->channel != NULL || sc->replay != NULL) {
			check_eventlog(p, sc);
			continue;
		}
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

void
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

void
sections_free(struct config *cf)
{
	size_t i;

	for (i = 0; i < cf->nsources; i++) {
		xfree(cf->sources[i].name);
		xfree(cf->sources[i].path);
		xfree(cf->sources[i].product);
		xfree(cf->sources[i].channel);
		xfree(cf->sources[i].replay);
		xfree(cf->sources[i].tz_name);
		free_strings(cf->sources[i].rotated, cf->sources[i].nrotated);
	}
	xfree(cf->sources);
	for (i = 0; i < cf->ninboxes; i++) {
		xfree(cf->inboxes[i].name);
		xfree(cf->inboxes[i].path);
		xfree(cf->inboxes[i].signature);
		free_strings(cf->inboxes[i].files, cf->inboxes[i].nfiles);
	}
	xfree(cf->inboxes);
}
