/*
 * rotated — where a log's content goes when it rotates, and finding it
 * again.
 *
 * A rotated generation is a file a log was renamed or copied to: ConfigMgr
 * renames despool.log to despool.lo_, logrotate renames to app.log.1 or
 * app.log-20261204 (or copies there, then truncates), log4net rolls to
 * EPiServerErrors.log.20130409.log.  Those are never followed as logs of
 * their own, but they hold the end of what was being read: after a rename
 * while the daemon was down, after a copytruncate, or in the grace window
 * in which a writer still appends to the renamed file.  rotated_find
 * picks the file that holds a position out of the directory: by identity
 * (device and inode, volume and file index) when it still has it, or, for
 * a copy, by the fingerprint of its head and a length that reaches the
 * position.
 */
#ifndef SYNCWATCH_ROTATED_H
#define SYNCWATCH_ROTATED_H

#include <stdint.h>

#include "platform/platform.h"

struct source_conf;

/*
 * Whether name (a file name, no directory) is a rotated generation: one
 * of the source's `rotated` globs or, without them, the usual names.
 */
int	rotated_name(const struct source_conf *, const char *name);

/* Hash of the first n bytes of f (n at most TAIL_FP_MAX); 0, or -1. */
int	rotated_head_hash(struct platform_file *, uint32_t n, uint64_t *hash);

/* What the file sought holds. */
struct rotated_want {
	const char	*path;		/* the followed path; its directory is
					   searched */
	int		 has_id;	/* look for this identity ... */
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 fingerprint;	/* ... or, for a rotated generation of
					   path, this head ... */
	uint32_t	 fp_len;	/* (0: by identity only) */
	uint64_t	 min_size;	/* ... and at least this long */
	const struct platform_stat *not; /* never this file (the live one) */
};

/*
 * The file w describes, open, with its path in *found (caller frees) and
 * its status in *st; NULL if there is none.  A file with the identity
 * wins; among copies, the most recently written.
 */
struct platform_file *rotated_find(const struct source_conf *,
	    const struct rotated_want *w, char **found, struct platform_stat *st);

/*
 * The rotated generations of path written after the file `after` (later
 * file times), but neither it nor `live`: what the log was rotated through
 * while nobody read it (app.log.1 when app.log.2 holds our position).
 * Their paths, oldest first, in *paths (caller frees each and the array);
 * returns how many.
 */
size_t	rotated_newer(const struct source_conf *, const char *path,
	    const struct platform_stat *after, const struct platform_stat *live,
	    char ***paths);

#endif
