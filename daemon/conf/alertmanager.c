/*
 * alertmanager — the [alertmanager] section of the configuration: where
 * the daemon pushes its active incidents when no Prometheus scrapes it
 * (see config.h).  url may be given several times and may hold several
 * URLs separated by blanks; every Alertmanager of a cluster gets every
 * alert, as Prometheus does it.  The secrets are files, read when the
 * push starts (they are checked here as the API tokens are).
 */
#include <stdint.h>
#include <string.h>

#include "conf/config-int.h"
#include "lib/buf.h"
#include "lib/duration.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

#define AM_MAX_URLS	16
#define AM_MAX_SECRET	(64 * 1024)

static void
check_secret_file(struct parser *p, const char *key, const char *path)
{
	struct buf b = { 0 };
	char *why = NULL;

	if (platform_read_secret(path, &b, AM_MAX_SECRET, &why) == -1) {
		cfg_error(p, p->line, "%s: %s", key, why);
		xfree(why);
	}
	if (b.data != NULL)
		platform_zero(b.data, b.len);
	buf_free(&b);
}

static void
add_urls(struct parser *p, struct alertmanager_conf *am, const char *value)
{
	const char *s = value;
	size_t len;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		len = strcspn(s, " \t");
		if ((strncmp(s, "http://", 7) != 0 &&
		    strncmp(s, "https://", 8) != 0) || len > 512 ||
		    memchr(s, '"', len) != NULL) {
			cfg_error(p, p->line, "bad url '%.*s' (want "
			    "http://HOST:PORT or https://HOST:PORT of an "
			    "Alertmanager)", (int)len, s);
		} else if (am->nurls == AM_MAX_URLS) {
			cfg_error(p, p->line, "more than %d Alertmanager "
			    "URLs", AM_MAX_URLS);
			return;
		} else {
			size_t n = len;

			while (n > 0 && s[n - 1] == '/')
				n--;
			am->urls = xreallocarray(am->urls, am->nurls + 1,
			    sizeof(*am->urls));
			am->urls[am->nurls++] = xstrndup(s, n);
		}
		s += len;
	}
}

static void
set_path(struct parser *p, const char *key, char **out, const char *value,
    int secret)
{
	xfree(*out);
	*out = *value != '\0' ? platform_expand(value) : NULL;
	if (*out != NULL && secret)
		check_secret_file(p, key, *out);
}

void
set_alertmanager_key(struct parser *p, const char *key, const char *value)
{
	struct alertmanager_conf *am = &p->cf->am;
	int64_t ms;

	if (strcmp(key, "url") == 0)
		add_urls(p, am, value);
	else if (strcmp(key, "bearer_token_file") == 0)
		set_path(p, key, &am->bearer_token_file, value, 1);
	else if (strcmp(key, "basic_auth_password_file") == 0)
		set_path(p, key, &am->basic_auth_password_file, value, 1);
	else if (strcmp(key, "ca_file") == 0)
		set_path(p, key, &am->ca_file, value, 0);
	else if (strcmp(key, "basic_auth_user") == 0) {
		xfree(am->basic_auth_user);
		am->basic_auth_user = *value != '\0' ? xstrdup(value) : NULL;
		if (strchr(value, ':') != NULL)
			cfg_error(p, p->line, "basic_auth_user must not hold "
			    "':'");
	} else if (strcmp(key, "resend_interval") == 0) {
		if (duration_parse(value, &ms) == -1 || ms < 1000 ||
		    ms > 86400000)
			cfg_error(p, p->line, "bad resend_interval '%s' (1s "
			    "to 24h, e.g. 60s)", value);
		else
			am->resend_ms = ms;
	} else if (strcmp(key, "timeout") == 0) {
		if (duration_parse(value, &ms) == -1 || ms < 100 ||
		    ms > 300000)
			cfg_error(p, p->line, "bad timeout '%s' (100ms to 5m, "
			    "e.g. 10s)", value);
		else
			am->timeout_ms = ms;
	} else
		cfg_error(p, p->line, "unknown key '%s' in [alertmanager]",
		    key);
}

void
check_alertmanager(struct parser *p)
{
	struct alertmanager_conf *am = &p->cf->am;

	if (am->line == 0)
		return;
	if (am->nurls == 0)
		cfg_error(p, am->line, "[alertmanager] without a url");
	if (am->bearer_token_file != NULL && (am->basic_auth_user != NULL ||
	    am->basic_auth_password_file != NULL))
		cfg_error(p, am->line, "[alertmanager]: bearer_token_file or "
		    "basic auth, not both");
	if ((am->basic_auth_user == NULL) !=
	    (am->basic_auth_password_file == NULL))
		cfg_error(p, am->line, "[alertmanager]: basic_auth_user and "
		    "basic_auth_password_file go together");
}

void
alertmanager_free(struct alertmanager_conf *am)
{
	size_t i;

	for (i = 0; i < am->nurls; i++)
		xfree(am->urls[i]);
	xfree(am->urls);
	xfree(am->bearer_token_file);
	xfree(am->basic_auth_user);
	xfree(am->basic_auth_password_file);
	xfree(am->ca_file);
}
