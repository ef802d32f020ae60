/*
 * hitq — the hits of one followed file, waiting for their commit.
 *
 * A record's hits are known as soon as it is read, but they may only be
 * committed together with a position past the record (tail.h): so they
 * wait here, in record order, each with the record's mark.  A commit
 * hands the incident engine every hit whose mark is at or before the
 * file's safe mark; they leave the queue only once the transaction has
 * committed, and stay for the next try when it rolled back.
 */
#ifndef SYNCWATCH_HITQ_H
#define SYNCWATCH_HITQ_H

#include <stddef.h>
#include <stdint.h>

#include "follow/tail.h"
#include "rules/incident.h"

struct event;
struct match_hit;

struct hitq_entry {
	struct incident_hit	 h;
	struct tail_mark	 end;
};

struct hitq {
	struct hitq_entry	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 ncommitting;	/* written into the transaction */
};

/*
 * Queue a matcher hit on record ev (which ends at mark end) from file of
 * source, at time_ms.  The queue keeps copies of what it needs.
 */
void	hitq_add(struct hitq *, const struct match_hit *,
	    const struct event *ev, const struct tail_mark *end,
	    const char *source, const char *file, int64_t time_ms);
/*
 * Give the engine, inside the caller's transaction, every hit up to safe.
 * Returns how many, or -1 and *cause when the store refused one.
 */
int	hitq_commit(struct hitq *, const struct tail_mark *safe,
	    struct incidents *, int64_t now_ms, char **cause);
/* The transaction committed: drop what hitq_commit gave. */
void	hitq_committed(struct hitq *);
/* It rolled back: keep everything for the next try. */
void	hitq_uncommitted(struct hitq *);
void	hitq_free(struct hitq *);

#endif
