/*
 * auth — API tokens; see auth.h.
 */
#include <stdio.h>
#include <string.h>

#include "conf/config.h"
#include "http/auth.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

#define AUTH_MAX_FILE	(1024 * 1024)
#define AUTH_MIN_TOKEN	16

struct token {
	char	*name;
	char	*secret;
};

struct auth {
	struct platform_mutex *lock;
	struct token	*tokens;
	size_t		 ntokens;
	int		 enabled;
	char		*control;	/* the daemon's own, or NULL */
};

struct auth *
auth_new(void)
{
	struct auth *a = xcalloc(1, sizeof(*a));

	a->lock = platform_mutex_new();
	return a;
}

static void
free_tokens(struct token *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		xfree(t[i].name);
		/* Secrets do not linger in freed memory. */
		platform_zero(t[i].secret, strlen(t[i].secret));
		xfree(t[i].secret);
	}
	xfree(t);
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	free_tokens(a->tokens, a->ntokens);
	if (a->control != NULL)
		platform_zero(a->control, strlen(a->control));
	xfree(a->control);
	platform_mutex_free(a->lock);
	xfree(a);
}

/* Parse the file's text into tokens.  0, or -1 and *cause. */
static int
parse(const char *path, char *text, struct token **out, size_t *nout,
    char **cause)
{
	struct token *t = NULL;
	size_t n = 0, len;
	char *line, *next, *name, *end, *secret;
	int lineno = 0;

	for (line = text; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		name = line + strspn(line, " \t");
		if (*name == '#' || *name == '\0' || *name == '\r')
			continue;
		end = name + strcspn(name, " \t");
		secret = end + strspn(end, " \t");
		if (*end == '\0' || *secret == '\0' || *secret == '\r') {
			free_tokens(t, n);
			xasprintf(cause, "%s:%d: want 'NAME TOKEN'", path,
			    lineno);
			return -1;
		}
		*end = '\0';
		len = strcspn(secret, " \t\r");
		secret[len] = '\0';
		if (len < AUTH_MIN_TOKEN) {
			free_tokens(t, n);
			xasprintf(cause, "%s:%d: token for %s is shorter than "
			    "%d characters", path, lineno, name,
			    AUTH_MIN_TOKEN);
			return -1;
		}
		t = xreallocarray(t, n + 1, sizeof(*t));
		t[n].name = xstrdup(name);
		t[n].secret = xstrdup(secret);
		n++;
	}
	*out = t;
	*nout = n;
	return 0;
}

int
auth_load(struct auth *a, const char *path, char **cause)
{
	struct buf b = { 0 };
	struct token *t = NULL, *old;
	size_t n = 0, nold;
	int rc = 0;

	if (path != NULL) {
		if (platform_read_secret(path, &b, AUTH_MAX_FILE, cause) == -1)
			rc = -1;
		else
			rc = parse(path, b.data != NULL ? b.data : (char *)"",
			    &t, &n, cause);
		if (b.data != NULL)
			platform_zero(b.data, b.len);
		buf_free(&b);
		if (rc == -1)
			return -1;
	}
	platform_mutex_lock(a->lock);
	old = a->tokens;
	nold = a->ntokens;
	a->tokens = t;
	a->ntokens = n;
	a->enabled = path != NULL;
	platform_mutex_unlock(a->lock);
	free_tokens(old, nold);
	return 0;
}

int
auth_make_control(struct auth *a, const char *state_dir, char **cause)
{
	unsigned char raw[24];
	char hex[sizeof(raw) * 2 + 2], *path;
	size_t i;
	int rc;

	if (platform_random(raw, sizeof(raw)) == -1) {
		xasprintf(cause, "no random bytes for the control token");
		return -1;
	}
	for (i = 0; i < sizeof(raw); i++)
		snprintf(hex + i * 2, 3, "%02x", raw[i]);
	platform_zero(raw, sizeof(raw));
	auth_set_control(a, hex);
	hex[sizeof(raw) * 2] = '\n';
	path = platform_path_join(state_dir, CONFIG_CONTROL_TOKEN);
	/*
	 * The service's group may read it: its members are the operators,
	 * who ack, resolve and reload through the daemon (cmd-ack.c).
	 */
	rc = platform_write_private(path, hex, sizeof(raw) * 2 + 1, 1, cause);
	platform_zero(hex, sizeof(hex));
	xfree(path);
	return rc;
}

void
auth_set_control(struct auth *a, const char *token)
{
	platform_mutex_lock(a->lock);
	if (a->control != NULL)
		platform_zero(a->control, strlen(a->control));
	xfree(a->control);
	a->control = token != NULL ? xstrdup(token) : NULL;
	platform_mutex_unlock(a->lock);
}

int
auth_enabled(struct auth *a)
{
	int on;

	platform_mutex_lock(a->lock);
	on = a->enabled;
	platform_mutex_unlock(a->lock);
	return on;
}

/* Compare in time independent of where the strings differ. */
static int
secret_equal(const char *x, const char *y)
{
	size_t lx = strlen(x), ly = strlen(y), i;
	unsigned char d = lx != ly;

	for (i = 0; i < lx && i < ly; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	return d == 0;
}

int
auth_check(struct auth *a, const char *token, char *name, size_t size)
{
	size_t i;
	int rc = 0;

	platform_mutex_lock(a->lock);
	if (token != NULL && a->control != NULL &&
	    secret_equal(token, a->control)) {
		snprintf(name, size, "cli");
		rc = 2;
	} else if (!a->enabled)
		rc = -1;
	else
		for (i = 0; i < a->ntokens; i++)
			if (token != NULL && secret_equal(token,
			    a->tokens[i].secret)) {
				snprintf(name, size, "%s", a->tokens[i].name);
				rc = 1;
			}
	platform_mutex_unlock(a->lock);
	return rc;
}
