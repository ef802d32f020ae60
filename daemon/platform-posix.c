/*
 * platform-posix — the POSIX (Linux) side of platform.h.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform.h"
#include "xmalloc.h"

#ifndef SYNCWATCH_DATADIR
#define SYNCWATCH_DATADIR "/usr/local/share/syncwatch"
#endif

char *
platform_exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(path[0] != '\0' ? path : "/");
}

int
platform_has_sig_files(const char *path)
{
	DIR *d;
	struct dirent *de;
	size_t len;
	int found = 0;

	if ((d = opendir(path)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		found = len > 4 && strcmp(de->d_name + len - 4, ".sig") == 0;
	}
	closedir(d);
	return found;
}

char *
platform_default_patterns(void)
{
	const char *env = getenv("SYNCWATCH_PATTERNS");
	char *dir, *p;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if ((dir = platform_exe_dir()) != NULL) {
		xasprintf(&p, "%s/patterns", dir);
		xfree(dir);
		if (platform_has_sig_files(p))
			return p;
		xfree(p);
	}
	return xstrdup(SYNCWATCH_DATADIR "/patterns");
}
