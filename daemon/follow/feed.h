/*
 * feed — one thing a source follows: a log file (tail.h) or a Windows
 * event log (evtail.h).  The source talks to either through these calls;
 * rotation (tail_retired) exists only for files.
 */
#ifndef SYNCWATCH_FEED_H
#define SYNCWATCH_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "follow/tail.h"

struct evtail;

struct feed {
	struct tail	*tail;		/* exactly one of the two */
	struct evtail	*ev;
};

void	feed_free(struct feed *);
void	feed_restore(struct feed *, const struct tail_pos *,
	    const struct tail_pos *retired);
int	feed_restored(const struct feed *);
int	feed_check(struct feed *, int64_t now_ms, size_t budget);
int	feed_quiet(struct feed *, int64_t now_ms);
int	feed_position(const struct feed *, struct tail_mark *,
	    struct tail_pos *);
int	feed_retired(const struct feed *, struct tail_pos *);
void	feed_committed(struct feed *);
int	feed_dirty(const struct feed *);
const char *feed_path(const struct feed *);
enum tail_state feed_state(const struct feed *);
const char *feed_error(const struct feed *);
uint64_t feed_offset(const struct feed *);
const struct tail_stats *feed_stats(const struct feed *);
/*
 * Whether it is there now (a file the path names, an event log that can
 * be read), and when it was last written (file time, or the newest
 * record's time; 0 if not known).
 */
int	feed_present(const struct feed *, int64_t *last_write_ms);

#endif
