/*
 * common — the parts of platform.h that are built from its primitives and
 * so are the same everywhere: reading a whole file, the IANA time zones of
 * tzdata, and where the signatures and the dashboard assets are.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/tzif.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

int
platform_read_file(const char *path, struct buf *b, size_t max,
    char **cause)
{
	struct platform_file *f;
	char chunk[65536];
	size_t start = b->len;
	uint64_t off = 0;
	int64_t n;

	if ((f = platform_open_log(path)) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = platform_pread(f, chunk, sizeof(chunk), off)) > 0) {
		if (b->len - start + (size_t)n > max) {
			xasprintf(cause, "%s: larger than %zu bytes", path, max);
			platform_close(f);
			return -1;
		}
		buf_append(b, chunk, (size_t)n);
		off += (uint64_t)n;
	}
	if (n == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		platform_close(f);
		return -1;
	}
	platform_close(f);
	return 0;
}

/* platform_dir_list callback: stop at the first *.sig file. */
static int
find_sig(void *arg, const char *name, const struct platform_stat *st)
{
	size_t len = strlen(name);
	int *found = arg;

	*found = len > 4 && strcmp(name + len - 4, ".sig") == 0;
	return *found;
}

int
platform_has_sig_files(const char *path)
{
	int found = 0;

	return platform_dir_list(path, NULL, find_sig, &found) == 0 && found;
}

/*
 * A data directory: $env if set; else DIR/sub beside the executable when
 * usable() says it is the real thing (running from the source tree); else
 * the installed DATADIR/sub.
 */
static char *
default_dir(const char *env_name, const char *sub, int (*usable)(const char *))
{
	const char *env = getenv(env_name);
	char *dir, *p;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if ((dir = platform_exe_dir()) != NULL) {
		p = platform_path_join(dir, sub);
		xfree(dir);
		if (usable(p))
			return p;
		xfree(p);
	}
	p = platform_path_join(platform_data_dir(), sub);
	return p;
}

static int
has_dashboard(const char *dir)
{
	struct platform_stat st;
	char *js;
	int ok;

	js = platform_path_join(dir, "dashboard.js");
	ok = platform_stat(js, &st) == 0 && st.type == PLATFORM_REG;
	xfree(js);
	return ok;
}

char *
platform_default_patterns(void)
{
	return default_dir("SYNCWATCH_PATTERNS", "patterns",
	    platform_has_sig_files);
}

char *
platform_default_web(void)
{
	return default_dir("SYNCWATCH_WEB", "web", has_dashboard);
}


/*
 * Zones come from tzdata's compiled files: /usr/share/zoneinfo/NAME, and
 * /etc/localtime for the system's own.  Windows has no tzdata: there a
 * name fails (with a word on what to do instead) and "local" is NULL
 * without a cause, so the caller keeps its fixed offset.
 */
#define ZONEINFO	"/usr/share/zoneinfo"
#define ZONE_MAX	(1024 * 1024)

static int
zone_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || name[0] == '.' ||
	    strlen(name) > 128 || strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		    *p == '-' || *p == '+'))
			return 0;
	return 1;
}

struct tzif *
platform_zone(const char *name, char **cause)
{
	struct buf b = { 0 };
	struct tzif *z;
	char *path, *why = NULL;
	int local = strcmp(name, "local") == 0;

	*cause = NULL;
	if (!local && !zone_name_ok(name)) {
		xasprintf(cause, "'%s' is not a time zone name (e.g. "
		    "Europe/Berlin, local, or minutes east of UTC as +60)",
		    name);
		return NULL;
	}
	if (local)
		path = xstrdup("/etc/localtime");
	else
		xasprintf(&path, "%s/%s", ZONEINFO, name);
	if (platform_read_file(path, &b, ZONE_MAX, &why) == -1) {
		if (local)
			xfree(why);
		else {
			xasprintf(cause, "time zone %s: %s (IANA zones are read "
			    "from tzdata; without it, as on Windows, give the "
			    "offset in minutes east of UTC, e.g. +60)", name,
			    why);
			xfree(why);
		}
		xfree(path);
		buf_free(&b);
		return NULL;
	}
	z = tzif_parse(b.data, b.len, &why);
	if (z == NULL) {
		xasprintf(cause, "time zone %s: %s: %s", name, path, why);
		xfree(why);
	}
	xfree(path);
	buf_free(&b);
	return z;
}
