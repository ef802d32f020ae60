/*
 * path — portable path handling and the file-name glob; see platform.h.
 *
 * Windows accepts both separators and has drive letters ("C:\x", "C:x")
 * and UNC names ("\\server\share\x"); POSIX has '/' only.  The glob is
 * syncwatch's own rather than fnmatch(3), which Windows lacks: it matches
 * one file name (no '/' handling is needed), and can fold ASCII case, the
 * way Windows names compare.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "platform/platform.h"

#ifdef _WIN32
#define IS_SEP(c)	((c) == '/' || (c) == '\\')
#define SEP		"\\"
#else
#define IS_SEP(c)	((c) == '/')
#define SEP		"/"
#endif

int
platform_path_absolute(const char *p)
{
#ifdef _WIN32
	if (IS_SEP(p[0]) && IS_SEP(p[1]))
		return 1;	/* \\server\share or \\?\ */
	return ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' &&
	    p[0] <= 'z')) && p[1] == ':' && IS_SEP(p[2]);
#else
	return p[0] == '/';
#endif
}

char *
platform_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p;

	if (n > 0 && IS_SEP(dir[n - 1]))
		xasprintf(&p, "%s%s", dir, name);
	else
		xasprintf(&p, "%s%s%s", dir, SEP, name);
	return p;
}

/* Where the last component starts, and how long the root prefix is. */
static size_t
last_sep(const char *p, size_t *root)
{
	size_t i, n = strlen(p), last = (size_t)-1;

	*root = 0;
#ifdef _WIN32
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	    p[1] == ':')
		*root = 2;
#endif
	for (i = *root; i < n; i++)
		if (IS_SEP(p[i]))
			last = i;
	return last;
}

char *
platform_path_dir(const char *p)
{
	size_t root, s = last_sep(p, &root), e;

	if (s == (size_t)-1)
		return root > 0 ? xstrndup(p, root) : xstrdup(".");
	/* Drop repeated separators, but keep a root one. */
	for (e = s; e > root && IS_SEP(p[e - 1]); e--)
		;
	if (e == root)
		return xstrndup(p, root + 1);
	return xstrndup(p, e);
}

char *
platform_path_base(const char *p)
{
	size_t root, s = last_sep(p, &root);

	return xstrdup(s == (size_t)-1 ? p + root : p + s + 1);
}

int
platform_has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int
fold(int c, int casefold)
{
	return casefold && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * A [...] class at *pp (just after '['): whether c is in it; *pp moves
 * past the ']'.  -1 if the class is not closed (then '[' is a literal).
 */
static int
class_match(const char **pp, int c, int casefold)
{
	const char *p = *pp;
	int neg = 0, hit = 0, lo, hi;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	if (*p == ']') {	/* a leading ']' is a member */
		hit |= c == ']';
		p++;
	}
	while (*p != '\0' && *p != ']') {
		lo = fold((unsigned char)*p, casefold);
		if (p[1] == '-' && p[2] != '\0' && p[2] != ']') {
			hi = fold((unsigned char)p[2], casefold);
			hit |= c >= lo && c <= hi;
			p += 3;
		} else {
			hit |= c == lo;
			p++;
		}
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return hit != neg;
}

int
platform_glob_match(const char *pat, const char *name, int casefold)
{
	const char *star = NULL, *retry = NULL, *p = pat, *n = name, *q;
	int r;

	/*
	 * Iterative, with one backtrack point: the last '*' seen.  Linear in
	 * practice and never recursive, whatever the pattern.
	 */
	while (*n != '\0') {
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return 1;
			star = p;
			retry = n;
			continue;
		}
		if (*p == '?') {
			p++;
			n++;
			continue;
		}
		if (*p == '[') {
			q = p + 1;
			r = class_match(&q, fold((unsigned char)*n, casefold),
			    casefold);
			if (r == 1) {
				p = q;
				n++;
				continue;
			}
			if (r == -1 && *n == '[') {
				p++;
				n++;
				continue;
			}
		} else if (*p != '\0' && fold((unsigned char)*p, casefold) ==
		    fold((unsigned char)*n, casefold)) {
			p++;
			n++;
			continue;
		}
		if (star == NULL)
			return 0;
		p = star;
		n = ++retry;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

int
platform_names_casefold(void)
{
#ifdef _WIN32
	return 1;
#else
	return 0;
#endif
}

struct files {
	const char	*dir;
	platform_dir_filter filter;
	void		*arg;
	char		**v;
	size_t		 n;
};

static int
files_want(void *arg, const char *name)
{
	struct files *fl = arg;

	return name[0] != '.' && (fl->filter == NULL ||
	    fl->filter(fl->arg, name));
}

static int
files_add(void *arg, const char *name, const struct platform_stat *st)
{
	struct files *fl = arg;

	if (st == NULL || st->type != PLATFORM_REG)
		return 0;
	fl->v = xreallocarray(fl->v, fl->n + 2, sizeof(*fl->v));
	fl->v[fl->n++] = platform_path_join(fl->dir, name);
	fl->v[fl->n] = NULL;
	return 0;
}

static int
cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
platform_dir_files(const char *dir, platform_dir_filter filter, void *arg,
    size_t *n)
{
	struct files fl = { dir, filter, arg, NULL, 0 };

	if (platform_dir_list(dir, files_want, files_add, &fl) == -1) {
		platform_files_free(fl.v);
		return NULL;
	}
	if (fl.v == NULL)
		fl.v = xcalloc(1, sizeof(*fl.v));
	/* A fixed order makes results and messages deterministic. */
	qsort(fl.v, fl.n, sizeof(*fl.v), cmp_path);
	if (n != NULL)
		*n = fl.n;
	return fl.v;
}

void
platform_files_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		xfree(v[i]);
	xfree(v);
}
