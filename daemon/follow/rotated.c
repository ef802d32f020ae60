/*
 * rotated — rotated generations of a log and finding the one that holds
 * a position; see rotated.h.
 *
 * The search lists the followed file's directory once.  Identity is
 * checked on every regular file that is long enough (a rename can give any
 * name), content only on the rotated generations of the followed file,
 * and never on compressed ones, which cannot be read.  Listing a folder on
 * Windows does not give identities, so there a candidate is opened to ask.
 */
#include <string.h>

#include "conf/config.h"
#include "follow/rotated.h"
#include "follow/tail.h"
#include "lib/hash.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

/*
 * ConfigMgr's .lo_, logrotate's .1 and .2.gz and its dateext
 * (app.log-20261204), log4net's dated rolls (EPiServerErrors.log.20130409.log
 * and app.log.2013-04-09), and the usual hand-made .old and .bak.
 */
static const char *const default_globs[] = {
	"*.lo_", "*.[0-9]", "*.[0-9][0-9]", "*.gz", "*.bz2", "*.xz", "*.zip",
	"*.old", "*.bak", "*.log.*", "*.log-[0-9]*",
	"*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]",
};

static const char *const compressed_globs[] = {
	"*.gz", "*.bz2", "*.xz", "*.zip", "*.7z", "*.Z", "*.zst", "*.lz4",
};

static int
any_glob(const char *const *globs, size_t n, const char *name)
{
	size_t i;
	int fold = platform_names_casefold();

	for (i = 0; i < n; i++)
		if (platform_glob_match(globs[i], name, fold))
			return 1;
	return 0;
}

int
rotated_name(const struct source_conf *sc, const char *name)
{
	if (sc != NULL && sc->nrotated > 0)
		return any_glob((const char *const *)sc->rotated, sc->nrotated,
		    name);
	return any_glob(default_globs, sizeof(default_globs) /
	    sizeof(default_globs[0]), name);
}

int
rotated_head_hash(struct platform_file *f, uint32_t n, uint64_t *hash)
{
	unsigned char buf[TAIL_FP_MAX];
	size_t got = 0;
	int64_t r;

	if (n > sizeof(buf))
		return -1;
	while (got < n) {
		r = platform_pread(f, buf + got, n - got, got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	*hash = hash_fnv1a(buf, n);
	return 0;
}

struct search {
	const struct source_conf *sc;
	const struct rotated_want *w;
	char		*dir;
	char		*base;		/* the followed file's name */
	size_t		 stem;		/* its length up to the first dot */
	char		*best;		/* the best candidate so far ... */
	struct platform_file *f;
	struct platform_stat st;
	int		 by_id;		/* ... found by identity */
};

/* A rotated generation of the followed file (by default: same stem). */
static int
generation_of(const struct search *s, const char *name)
{
	int fold = platform_names_casefold();
	size_t i;

	if (strcmp(name, s->base) == 0 || !rotated_name(s->sc, name) ||
	    any_glob(compressed_globs, sizeof(compressed_globs) /
	    sizeof(compressed_globs[0]), name))
		return 0;
	if (s->sc != NULL && s->sc->nrotated > 0)
		return 1;		/* the operator's globs say so */
	if (strlen(name) <= s->stem)
		return 0;
	for (i = 0; i < s->stem; i++)
		if (fold ? (name[i] | 0x20) != (s->base[i] | 0x20) :
		    name[i] != s->base[i])
			return 0;
	return 1;
}

static void
take(struct search *s, char *path, struct platform_file *f,
    const struct platform_stat *st, int by_id)
{
	xfree(s->best);
	platform_close(s->f);
	s->best = path;
	s->f = f;
	s->st = *st;
	s->by_id = by_id;
}

static int
entry(void *arg, const char *name, const struct platform_stat *lst)
{
	struct search *s = arg;
	const struct rotated_want *w = s->w;
	struct platform_stat st;
	struct platform_file *f;
	uint64_t h;
	int content, id_may;
	char *p;

	if (lst == NULL || lst->type != PLATFORM_REG || lst->size < w->min_size)
		return 0;
	content = w->fp_len > 0 && generation_of(s, name);
	id_may = w->has_id && (!lst->has_id || (lst->dev == w->dev &&
	    lst->ino == w->ino));
	if (!content && !id_may)
		return 0;
	if (lst->has_id && w->not != NULL && platform_same_file(lst, w->not))
		return 0;
	p = platform_path_join(s->dir, name);
	if ((f = platform_open_log(p)) == NULL ||
	    platform_fstat(f, &st) == -1 || st.type != PLATFORM_REG ||
	    st.size < w->min_size || (w->not != NULL &&
	    platform_same_file(&st, w->not)))
		goto skip;
	if (w->has_id && st.dev == w->dev && st.ino == w->ino) {
		/* Its head must still be the one we read. */
		if (w->fp_len > 0 && (rotated_head_hash(f, w->fp_len, &h) == -1 ||
		    h != w->fingerprint))
			goto skip;
		take(s, p, f, &st, 1);
		return 1;		/* nothing beats the file itself */
	}
	if (!content || rotated_head_hash(f, w->fp_len, &h) == -1 ||
	    h != w->fingerprint)
		goto skip;
	if (s->f == NULL || st.mtime_ms > s->st.mtime_ms) {
		take(s, p, f, &st, 0);
		return 0;
	}
skip:
	platform_close(f);
	xfree(p);
	return 0;
}

struct newer {
	struct search	 s;
	const struct platform_stat *after;
	const struct platform_stat *live;
	char		**paths;
	int64_t		*mtimes;
	size_t		 n;
};

static int
newer_entry(void *arg, const char *name, const struct platform_stat *lst)
{
	struct newer *nw = arg;
	struct platform_stat st;
	struct platform_file *f;
	char *p;
	size_t i;

	if (lst == NULL || lst->type != PLATFORM_REG ||
	    !generation_of(&nw->s, name) ||
	    lst->mtime_ms < nw->after->mtime_ms)
		return 0;
	p = platform_path_join(nw->s.dir, name);
	/* The identity, from the file itself where the listing has none. */
	if ((f = platform_open_log(p)) == NULL ||
	    platform_fstat(f, &st) == -1 ||
	    platform_same_file(&st, nw->after) ||
	    (nw->live != NULL && platform_same_file(&st, nw->live))) {
		platform_close(f);
		xfree(p);
		return 0;
	}
	platform_close(f);
	nw->paths = xreallocarray(nw->paths, nw->n + 1, sizeof(*nw->paths));
	nw->mtimes = xreallocarray(nw->mtimes, nw->n + 1,
	    sizeof(*nw->mtimes));
	/* Oldest first: insertion into the sorted array. */
	for (i = nw->n; i > 0 && nw->mtimes[i - 1] > st.mtime_ms; i--) {
		nw->paths[i] = nw->paths[i - 1];
		nw->mtimes[i] = nw->mtimes[i - 1];
	}
	nw->paths[i] = p;
	nw->mtimes[i] = st.mtime_ms;
	nw->n++;
	return 0;
}

size_t
rotated_newer(const struct source_conf *sc, const char *path,
    const struct platform_stat *after, const struct platform_stat *live,
    char ***paths)
{
	struct newer nw;
	const char *dot;

	memset(&nw, 0, sizeof(nw));
	nw.s.sc = sc;
	nw.s.dir = platform_path_dir(path);
	nw.s.base = platform_path_base(path);
	dot = strchr(nw.s.base, '.');
	nw.s.stem = dot != NULL ? (size_t)(dot - nw.s.base) + 1 :
	    strlen(nw.s.base);
	nw.after = after;
	nw.live = live;
	(void)platform_dir_list(nw.s.dir, NULL, newer_entry, &nw);
	xfree(nw.s.dir);
	xfree(nw.s.base);
	xfree(nw.mtimes);
	*paths = nw.paths;
	return nw.n;
}

struct platform_file *
rotated_find(const struct source_conf *sc, const struct rotated_want *w,
    char **found, struct platform_stat *st)
{
	struct search s;
	const char *dot;

	memset(&s, 0, sizeof(s));
	s.sc = sc;
	s.w = w;
	s.dir = platform_path_dir(w->path);
	s.base = platform_path_base(w->path);
	dot = strchr(s.base, '.');
	s.stem = dot != NULL ? (size_t)(dot - s.base) + 1 : strlen(s.base);
	(void)platform_dir_list(s.dir, NULL, entry, &s);
	xfree(s.dir);
	xfree(s.base);
	*found = s.best;
	if (s.f != NULL)
		*st = s.st;
	return s.f;
}
