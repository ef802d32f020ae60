/*
 * inbox — what waits in a ConfigMgr inbox folder.
 *
 * An inbox (<ConfigMgrInstallPath>\inboxes\despoolr.box\receive and the
 * like) is healthy when it drains: files arrive and a component picks them
 * up.  A backlog shows as too many files, or as an old file nobody takes.
 * inbox_scan looks at the folder once and reports both numbers; deciding
 * what they mean (the limits, incidents) is the caller's business.
 */
#ifndef SYNCWATCH_INBOX_H
#define SYNCWATCH_INBOX_H

#include <stddef.h>
#include <stdint.h>

struct inbox_status {
	int64_t	 count;		/* matching regular files */
	int64_t	 oldest_ms;	/* mtime of the oldest, ms since the epoch; 0 if none */
	char	 oldest[256];	/* its name, "" if none */
};

/*
 * Count the regular files of dir whose names match any of the nglobs
 * globs (case-insensitive: Windows writes *.INS and *.ins; no globs:
 * every file), and find the oldest by mtime (the first by name among
 * equals).  Names starting with '.' and anything that is not a regular
 * file, such as a subdirectory, are skipped; a symbolic link counts as
 * what it points to.  A file that vanishes while the folder is read is
 * simply not counted.
 *
 * Returns 0, or -1 with errno set (ENOENT: no such directory, EACCES,
 * ENOTDIR...) and, if cause is not NULL, *cause set to "DIR: strerror"
 * (or "DIR/NAME: strerror" for one file; the caller frees it).  *out is
 * only meaningful on success.
 */
int	inbox_scan(const char *dir, char *const *globs, size_t nglobs,
	    struct inbox_status *out, char **cause);

#endif
