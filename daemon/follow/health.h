/*
 * health — what the daemon knows is wrong with itself, said where an
 * operator and a monitor look: the log (once per change), /healthz and
 * the systemd watchdog (which fail while anything is wrong), the status
 * API and the metrics (which say what), the dashboard's banner.
 *
 * Wrong is: the database cannot be written or is not the one open
 * (store_guard), the last commit failed (a full disk, a lock held too
 * long), or a folder that should be watched cannot be (the watch limit,
 * no inotify), so that its sources are only polled.  A stale main loop
 * is the heartbeat's to tell (snapshot.h).  Each problem is a sentence
 * that says what and since when, and how to put it right where that is
 * known.
 */
#ifndef SYNCWATCH_HEALTH_H
#define SYNCWATCH_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "http/snapshot.h"
#include "store/store.h"

struct matcher;
struct sigdb;
struct snapshot;
struct source;

/* How long a problem may last before the watchdog is no longer fed. */
#define HEALTH_WATCHDOG_GRACE_MS	120000

struct health {
	enum store_fault db;		/* what store_guard says */
	char		*db_detail;
	int64_t		 db_since;	/* wall clock */
	int		 failing;	/* the last commit failed */
	char		*fail_cause;
	int64_t		 failing_since;
	uint64_t	 commits;
	uint64_t	 failures;
	int64_t		 last_commit_ms;
	int		 watching;	/* folders can be watched at all */
	int64_t		 unhealthy_since; /* monotonic; 0: healthy */
	/* Match-limit hits of matchers since dropped (a reload). */
	struct snapshot_limit *limits;
	size_t		 nlimits;
};

void	health_init(struct health *, int watching);
void	health_clear(struct health *);
/* What store_guard returned (and its message, logged once), now. */
void	health_db(struct health *, enum store_fault, const char *msg,
	    int64_t now_ms);
void	health_commit_ok(struct health *, int64_t now_ms);
void	health_commit_failed(struct health *, const char *cause,
	    int64_t now_ms);
/* Keep m's match-limit counts (it is about to be freed). */
void	health_fold_limits(struct health *, const struct matcher *,
	    const struct sigdb *);
/*
 * Publish the problems and the counters (with the limit counts of the
 * matchers in use) to sn.  Returns whether all is well.
 */
int	health_publish(struct health *, struct snapshot *,
	    struct source *const *srcs, size_t nsrcs,
	    struct matcher *const *ms, size_t nms, const struct sigdb *,
	    int64_t now_mono);
/* Whether the watchdog may be fed: no problem older than the grace. */
int	health_feed_watchdog(const struct health *, int64_t now_mono);

#endif
