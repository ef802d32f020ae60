/*
 * config — parse and validate the daemon's INI file; see config.h.
 *
 * libinih does the sections.  We feed it through our own line reader, so
 * that every handler call knows its line number (Debian's inih is built
 * without INI_HANDLER_LINENO), and each line is taken apart in lines.c
 * first: comments, values of any length, and every mistake on its own
 * line, all in one pass.
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
#include "conf/config-int.h"

#define CONFIG_MAX_FILE	(4 * 1024 * 1024)
#define CONFIG_MAX_TOKENS (1024 * 1024)	/* as http/auth.c reads it */

int
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

/*
 * inih's reader: the next line, counted, as lines.c makes it (a key line
 * becomes "key = MARK"; a mistake is reported and becomes a blank line).
 */
static char *
cfg_reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	const char *start, *nl;
	size_t len;

	if (p->pos >= p->text.len)
		return NULL;
	start = p->text.data + p->pos;
	nl = memchr(start, '\n', p->text.len - p->pos);
	len = nl != NULL ? (size_t)(nl - start) + 1 : p->text.len - p->pos;
	p->pos += len;
	p->line++;
	if (len > 0 && start[0] == '[')
		p->section_line = p->line;
	cfg_line(p, start, len, str, (size_t)num);
	return str;
}

static void
set_daemon_key(struct parser *p, const char *key, const char *value)
{
	struct config *cf = p->cf;
	long n;

	if (strcmp(key, "state_dir") == 0) {
		xfree(cf->state_dir);
		cf->state_dir = platform_expand(value);
	} else if (strcmp(key, "listen") == 0) {
		unsigned char ss[PLATFORM_SOCKADDR_MAX];
		size_t sslen;
		char *why = NULL;
		int ipv6;

		xfree(cf->listen);
		cf->listen = xstrdup(value);
		/* What the daemon would refuse at start, refused here. */
		if (strcmp(value, "off") != 0 && platform_listen_addr(value, ss,
		    &sslen, &ipv6, &why) == -1) {
			cfg_error(p, p->line, "%s (want HOST:PORT, [V6]:PORT "
			    "or off)", why);
			xfree(why);
		}
	} else if (strcmp(key, "allowed_hosts") == 0) {
		hostlist_free(cf->allowed_hosts, cf->nallowed_hosts);
		(void)hostlist_parse(value, &cf->allowed_hosts,
		    &cf->nallowed_hosts, &p->errors, cf->file, p->line);
	} else if (strcmp(key, "patterns") == 0) {
		xfree(cf->patterns);
		cf->patterns = platform_expand(value);
	} else if (strcmp(key, "patterns_local") == 0) {
		xfree(cf->patterns_local);
		cf->patterns_local = *value != '\0' ? platform_expand(value) :
		    NULL;
	} else if (strcmp(key, "api_tokens") == 0) {
		xfree(cf->api_tokens);
		cf->api_tokens = *value != '\0' ? platform_expand(value) :
		    NULL;
		if (cf->api_tokens != NULL)
			check_secret(p, cf->api_tokens);
	} else if (strcmp(key, "retention_days") == 0) {
		if (parse_int(value, 1, 36500, &n) == -1)
			cfg_error(p, p->line, "bad retention_days '%s' (1 to "
			    "36500)", value);
		else
			cf->retention_days = (int)n;
	} else if (strcmp(key, "name") == 0) {
		if (*value == '\0' || strlen(value) > 128 ||
		    strpbrk(value, "\"\\<>&") != NULL)
			cfg_error(p, p->line, "bad name '%s' (1 to 128 "
			    "characters, none of \" \\ < > &)", value);
		else {
			xfree(cf->name);
			cf->name = xstrdup(value);
		}
	} else if (strcmp(key, "external_url") == 0) {
		size_t len = strlen(value);

		if ((strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0) || len > 512 ||
		    strpbrk(value, " \t\"<>") != NULL)
			cfg_error(p, p->line, "bad external_url '%s' (want "
			    "http://HOST[:PORT] or https://...)", value);
		else {
			xfree(cf->external_url);
			while (len > 0 && value[len - 1] == '/')
				len--;
			cf->external_url = xstrndup(value, len);
		}
	} else if (strcmp(key, "samples_per_incident") == 0) {
		if (parse_int(value, 1, 100, &n) == -1)
			cfg_error(p, p->line, "bad samples_per_incident '%s' "
			    "(1 to 100)", value);
		else
			cf->samples_per_incident = (int)n;
	} else
		cfg_error(p, p->line, "unknown key '%s' in [daemon]", key);
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
	char *v = xstrdup(cfg_value(p, value));
	const char *arg;

	if (strcmp(section, "daemon") == 0) {
		new_section(p);
		set_daemon_key(p, name, v);
	} else if (strcmp(section, "alertmanager") == 0) {
		new_section(p);
		if (p->cf->am.line == 0)
			p->cf->am.line = p->section_line;
		set_alertmanager_key(p, name, v);
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
		    "[alertmanager], [source NAME] or [inbox NAME])", section);
	xfree(v);
	return 1;
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
	cf->am.resend_ms = 60000;
	cf->am.timeout_ms = 10000;
	p.cf = cf;
	if (platform_read_file(path, &p.text, CONFIG_MAX_FILE, cause) == -1) {
		config_free(cf);
		return NULL;
	}
	rc = ini_parse_stream(cfg_reader, &p, cfg_handler, &p);
	buf_free(&p.text);
	cfg_lines_free(&p);
	if (rc > 0 && p.errors.count == 0)
		cfg_error(&p, rc, "syntax error (want [section] or "
		    "key = value)");
	else if (rc < 0)
		cfg_error(&p, 0, "cannot parse");
	/*
	 * A fresh install has no log to follow yet: that runs (healthy, the
	 * dashboard says how to add one), with a word here.
	 */
	if (cf->nsources == 0 && cf->ninboxes == 0)
		cfg_warning(&p, p.line, "no [source NAME] or [inbox NAME] "
		    "section yet: nothing is watched until one is added (then "
		    "reload)");
	check_sources(&p);
	check_inboxes(&p);
	check_alertmanager(&p);
	if (cf->name == NULL)
		cf->name = platform_host_name();
	if (cf->external_url == NULL) {
		/* Where it listens; a wildcard host is this machine's name. */
		const char *l = strcmp(cf->listen, "off") == 0 ?
		    CONFIG_DEFAULT_LISTEN : cf->listen;
		struct buf u = { 0 };

		buf_puts(&u, "http://");
		if (l[0] == ':' || strncmp(l, "0.0.0.0:", 8) == 0 ||
		    strncmp(l, "[::]:", 5) == 0) {
			buf_puts(&u, cf->name);
			buf_puts(&u, strrchr(l, ':'));
		} else
			buf_puts(&u, l);
		cf->external_url = xstrdup(buf_cstr(&u));
		buf_free(&u);
	}
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
	if (cf == NULL)
		return;
	sections_free(cf);
	xfree(cf->file);
	xfree(cf->state_dir);
	xfree(cf->listen);
	xfree(cf->patterns);
	xfree(cf->patterns_local);
	xfree(cf->api_tokens);
	xfree(cf->name);
	xfree(cf->external_url);
	alertmanager_free(&cf->am);
	hostlist_free(cf->allowed_hosts, cf->nallowed_hosts);
	xfree(cf);
}

/* config_where's handler: the two [daemon] keys, nothing else. */
static int
where_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parser *p = user;
	struct config *cf = p->cf;
	char *v;

	if (strcmp(section, "daemon") != 0 || value == NULL)
		return 1;
	v = xstrdup(cfg_value(p, value));
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
	cfg_lines_free(&p);
	diag_free(&p.errors);
	diag_free(&p.warnings);
	*listen = cf.listen;
	*state_dir = cf.state_dir;
	return 0;
}
