/*
 * shared — main loop / HTTP thread hand-over; see shared.h.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/shared.h"
#include "match/sigdb.h"
#include "follow/tail.h"
#include "lib/xmalloc.h"

struct token {
	char	*name;
	char	*secret;
};

struct shared {
	pthread_mutex_t		 lock;
	struct sigdb		*db;
	struct shared_source	*src;
	size_t			 nsrc;
	int64_t			 heartbeat;
	struct token		*tokens;
	size_t			 ntokens;
	int			 tokens_on;
};

struct shared *
shared_new(void)
{
	struct shared *sh = xcalloc(1, sizeof(*sh));

	pthread_mutex_init(&sh->lock, NULL);
	return sh;
}

static void
free_tokens(struct token *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		xfree(t[i].name);
		/* Secrets do not linger in freed memory. */
		explicit_bzero(t[i].secret, strlen(t[i].secret));
		xfree(t[i].secret);
	}
	xfree(t);
}

void
shared_free(struct shared *sh)
{
	if (sh == NULL)
		return;
	sigdb_free(sh->db);
	shared_sources_free(sh->src, sh->nsrc);
	free_tokens(sh->tokens, sh->ntokens);
	pthread_mutex_destroy(&sh->lock);
	xfree(sh);
}

void
shared_set_db(struct shared *sh, struct sigdb *db)
{
	struct sigdb *old;

	sigdb_ref(db);
	pthread_mutex_lock(&sh->lock);
	old = sh->db;
	sh->db = db;
	pthread_mutex_unlock(&sh->lock);
	sigdb_free(old);
}

struct sigdb *
shared_db(struct shared *sh)
{
	struct sigdb *db;

	pthread_mutex_lock(&sh->lock);
	db = sh->db != NULL ? sigdb_ref(sh->db) : NULL;
	pthread_mutex_unlock(&sh->lock);
	return db;
}

static void
copy_source(struct shared_source *dst, const struct shared_source *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->path = xstrdup(src->path);
	dst->error = src->error != NULL ? xstrdup(src->error) : NULL;
}

void
shared_publish(struct shared *sh, struct tail *const *tails, size_t n)
{
	struct shared_source *src, *old;
	size_t i, nold;

	src = xcalloc(n + 1, sizeof(*src));
	for (i = 0; i < n; i++) {
		const struct tail_stats *ts = tail_stats(tails[i]);

		src[i].name = xstrdup(tail_source(tails[i]));
		src[i].path = xstrdup(tail_path(tails[i]));
		src[i].state = (int)tail_state(tails[i]);
		src[i].error = tail_error(tails[i]) != NULL ?
		    xstrdup(tail_error(tails[i])) : NULL;
		src[i].offset = tail_offset(tails[i]);
		src[i].bytes = ts->bytes;
		src[i].lines = ts->lines;
		src[i].records = ts->records;
		src[i].hits = ts->hits;
		src[i].cut = ts->cut;
		src[i].rotations = ts->rotations;
		src[i].truncations = ts->truncations;
		src[i].last_record_ms = ts->last_record_ms;
	}
	pthread_mutex_lock(&sh->lock);
	old = sh->src;
	nold = sh->nsrc;
	sh->src = src;
	sh->nsrc = n;
	pthread_mutex_unlock(&sh->lock);
	shared_sources_free(old, nold);
}

struct shared_source *
shared_sources(struct shared *sh, size_t *n)
{
	struct shared_source *copy;
	size_t i;

	pthread_mutex_lock(&sh->lock);
	copy = xcalloc(sh->nsrc + 1, sizeof(*copy));
	for (i = 0; i < sh->nsrc; i++)
		copy_source(&copy[i], &sh->src[i]);
	*n = sh->nsrc;
	pthread_mutex_unlock(&sh->lock);
	return copy;
}

void
shared_sources_free(struct shared_source *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		xfree(src[i].name);
		xfree(src[i].path);
		xfree(src[i].error);
	}
	xfree(src);
}

void
shared_heartbeat(struct shared *sh, int64_t mono_ms)
{
	pthread_mutex_lock(&sh->lock);
	sh->heartbeat = mono_ms;
	pthread_mutex_unlock(&sh->lock);
}

int64_t
shared_last_heartbeat(struct shared *sh)
{
	int64_t t;

	pthread_mutex_lock(&sh->lock);
	t = sh->heartbeat;
	pthread_mutex_unlock(&sh->lock);
	return t;
}

int
shared_load_tokens(struct shared *sh, const char *path, char **cause)
{
	struct token *t = NULL, *old;
	size_t n = 0, nold;
	char line[1024], *name, *secret, *end;
	FILE *f;
	int lineno = 0;

	if (path != NULL) {
		if ((f = fopen(path, "r")) == NULL) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			return -1;
		}
		while (fgets(line, sizeof(line), f) != NULL) {
			lineno++;
			name = line + strspn(line, " \t");
			if (*name == '#' || *name == '\n' || *name == '\0')
				continue;
			end = name + strcspn(name, " \t");
			secret = end + strspn(end, " \t");
			if (*end == '\0' || *secret == '\0' || *secret == '\n')
				goto bad;
			*end = '\0';
			secret[strcspn(secret, " \t\r\n")] = '\0';
			if (strlen(secret) < 16) {
				fclose(f);
				free_tokens(t, n);
				xasprintf(cause, "%s:%d: token for %s is shorter "
				    "than 16 characters", path, lineno, name);
				return -1;
			}
			t = xreallocarray(t, n + 1, sizeof(*t));
			t[n].name = xstrdup(name);
			t[n].secret = xstrdup(secret);
			n++;
		}
		fclose(f);
	}
	pthread_mutex_lock(&sh->lock);
	old = sh->tokens;
	nold = sh->ntokens;
	sh->tokens = t;
	sh->ntokens = n;
	sh->tokens_on = path != NULL;
	pthread_mutex_unlock(&sh->lock);
	free_tokens(old, nold);
	return 0;
bad:
	fclose(f);
	free_tokens(t, n);
	xasprintf(cause, "%s:%d: want 'NAME TOKEN'", path, lineno);
	return -1;
}

int
shared_tokens_on(struct shared *sh)
{
	int on;

	pthread_mutex_lock(&sh->lock);
	on = sh->tokens_on;
	pthread_mutex_unlock(&sh->lock);
	return on;
}

/* Compare in time independent of where the strings differ. */
static int
secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

int
shared_check_token(struct shared *sh, const char *token, char *name,
    size_t size)
{
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&sh->lock);
	if (!sh->tokens_on)
		rc = -1;
	else
		for (i = 0; i < sh->ntokens; i++)
			if (token != NULL && secret_equal(token,
			    sh->tokens[i].secret)) {
				snprintf(name, size, "%s", sh->tokens[i].name);
				rc = 1;
			}
	pthread_mutex_unlock(&sh->lock);
	return rc;
}
