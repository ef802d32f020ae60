/*
 * inbox — count and date the files waiting in an inbox folder; see inbox.h.
 *
 * One pass of readdir over the folder, an fnmatch of each name against the
 * globs, and an fstatat of the names that match, relative to the open
 * directory, so each name is looked up in the folder readdir found it in
 * and the path is not walked again per file.  ConfigMgr moves files out of an inbox
 * while we read it, so a name readdir returned may be gone by the time it
 * is looked at: that ENOENT is the component doing its job, not an error.
 * Nothing is kept between calls.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "rules/inbox.h"
#include "lib/xmalloc.h"

/*
 * FNM_CASEFOLD is not in POSIX, but glibc, musl, the BSDs and macOS all
 * have it; Windows names are case-insensitive and ConfigMgr is not
 * consistent about the case of its extensions.
 */
static int
inbox_match(const char *name, char *const *globs, size_t nglobs)
{
	size_t i;

	if (nglobs == 0)
		return 1;
	for (i = 0; i < nglobs; i++)
		if (fnmatch(globs[i], name, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

/* Fail with errno preserved across the message and closedir. */
static int
inbox_fail(DIR *d, const char *dir, const char *name, char **cause)
{
	int saved = errno;

	if (cause != NULL) {
		if (name != NULL)
			xasprintf(cause, "%s/%s: %s", dir, name,
			    strerror(saved));
		else
			xasprintf(cause, "%s: %s", dir, strerror(saved));
	}
	if (d != NULL)
		closedir(d);
	errno = saved;
	return -1;
}

int
inbox_scan(const char *dir, char *const *globs, size_t nglobs,
    struct inbox_status *out, char **cause)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int64_t ms;

	memset(out, 0, sizeof(*out));
	if ((d = opendir(dir)) == NULL)
		return inbox_fail(NULL, dir, NULL, cause);
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				return inbox_fail(d, dir, NULL, cause);
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		if (!inbox_match(de->d_name, globs, nglobs))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) == -1) {
			if (errno == ENOENT)
				continue;	/* picked up meanwhile */
			return inbox_fail(d, dir, de->d_name, cause);
		}
		if (!S_ISREG(st.st_mode))
			continue;
		ms = (int64_t)st.st_mtim.tv_sec * 1000 +
		    st.st_mtim.tv_nsec / 1000000;
		if (out->count == 0 || ms < out->oldest_ms ||
		    (ms == out->oldest_ms &&
		    strcmp(de->d_name, out->oldest) < 0)) {
			out->oldest_ms = ms;
			snprintf(out->oldest, sizeof(out->oldest), "%s",
			    de->d_name);
		}
		out->count++;
	}
	closedir(d);
	return 0;
}
