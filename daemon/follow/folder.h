/*
 * folder — an [inbox] folder the daemon watches.
 *
 * ConfigMgr's inboxes (despoolr.box\receive, hman.box) should drain: an
 * inbox signature says which files count and what is a backlog, the
 * configuration may narrow or widen that.  The folder is watched, and
 * rescanned every poll_interval in any case, which also ages its oldest
 * file; what a look finds goes to the conditions (rules/condition.h).
 */
#ifndef SYNCWATCH_FOLDER_H
#define SYNCWATCH_FOLDER_H

#include <stdint.h>

#include "rules/condition.h"
#include "rules/inbox.h"

struct inbox_conf;
struct platform_loop;
struct sigdb;
struct signature;

struct folder {
	const struct inbox_conf *ic;
	const struct signature *sig;
	char		**files;	/* globs: the config's or the sig's */
	size_t		 nfiles;
	int64_t		 max_files;
	int64_t		 max_age_ms;
	int		 wd;		/* watch id, or -1 */
	int64_t		 next_poll;	/* monotonic */
	int		 check;
	int64_t		 verdict;	/* -1: not yet */
	int64_t		 due;		/* wall clock, -1: none */
	int		 error_logged;
	struct inbox_status status;	/* of the last look */
	char		*error;		/* why the last look failed, or NULL */
};

/*
 * Set up the folder of ic, whose signature db holds (the loader checked
 * that it is an inbox signature).
 */
void	folder_init(struct folder *, const struct inbox_conf *ic,
	    const struct sigdb *db, struct platform_loop *, int64_t now_mono);
void	folder_clear(struct folder *, struct platform_loop *);
/*
 * Look at the folder if it is due (an event, its rescan, its deadline)
 * and fill h; returns 0 if it was not due.
 */
int	folder_observe(struct folder *, int64_t now_mono, int64_t now,
	    struct inbox_health *h);
/* Ms until the folder's next rescan or deadline, or -1. */
int64_t	folder_timeout(const struct folder *, int64_t now_mono, int64_t now);

#endif
