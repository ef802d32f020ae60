/*
 * inbox — count and date the files waiting in an inbox folder; see inbox.h.
 *
 * One pass over the folder: names are matched against the globs first, and
 * only those that match are looked at.  ConfigMgr moves files out of an
 * inbox while we read it, so a name listed may be gone by the time it is
 * looked at: that ENOENT is the component doing its job, not an error.
 * Windows names are case-insensitive and ConfigMgr is not consistent about
 * the case of its extensions, so the globs ignore case.  Nothing is kept
 * between calls.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "rules/inbox.h"

struct scan {
	char *const	*globs;
	size_t		 nglobs;
	struct inbox_status *out;
	int		 err;		/* errno of a file that failed */
	char		 name[256];	/* its name */
};

static int
inbox_match(void *arg, const char *name)
{
	struct scan *sc = arg;
	size_t i;

	if (name[0] == '.')
		return 0;
	if (sc->nglobs == 0)
		return 1;
	for (i = 0; i < sc->nglobs; i++)
		if (platform_glob_match(sc->globs[i], name, 1))
			return 1;
	return 0;
}

static int
inbox_entry(void *arg, const char *name, const struct platform_stat *st)
{
	struct scan *sc = arg;
	struct inbox_status *out = sc->out;

	if (st == NULL) {
		if (errno == ENOENT)
			return 0;	/* picked up meanwhile */
		sc->err = errno;
		snprintf(sc->name, sizeof(sc->name), "%s", name);
		return 1;
	}
	if (st->type != PLATFORM_REG)
		return 0;
	if (out->count == 0 || st->mtime_ms < out->oldest_ms ||
	    (st->mtime_ms == out->oldest_ms && strcmp(name, out->oldest) < 0)) {
		out->oldest_ms = st->mtime_ms;
		snprintf(out->oldest, sizeof(out->oldest), "%s", name);
	}
	out->count++;
	return 0;
}

int
inbox_scan(const char *dir, char *const *globs, size_t nglobs,
    struct inbox_status *out, char **cause)
{
	struct scan sc;
	int saved;

	memset(out, 0, sizeof(*out));
	memset(&sc, 0, sizeof(sc));
	sc.globs = globs;
	sc.nglobs = nglobs;
	sc.out = out;
	if (platform_dir_list(dir, inbox_match, inbox_entry, &sc) == -1) {
		saved = errno;
		if (cause != NULL)
			xasprintf(cause, "%s: %s", dir, strerror(saved));
		errno = saved;
		return -1;
	}
	if (sc.err != 0) {
		if (cause != NULL)
			xasprintf(cause, "%s/%s: %s", dir, sc.name,
			    strerror(sc.err));
		errno = sc.err;
		return -1;
	}
	return 0;
}
