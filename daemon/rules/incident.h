/*
 * incident — the incident engine: what a hit, a recovery, a quiet period,
 * a folder's backlog or a silent source does to the incidents.
 *
 * The matcher says which patterns of which signatures a record matched;
 * this module applies the signature's rules (patterns/README.md):
 *
 *   threshold   a hit counts towards N-within-T before the incident opens;
 *   escalate    the severity rises after N hits or after T open;
 *   recover     a recovery line resolves the open incident ("recovered");
 *   resolve_after  no hit for T resolves it ("self-healed");
 *   then/without/within  a sequence: A, then B, without C, within T;
 *   inbox, health  conditions the daemon observes (a backlog, a silent
 *               log) open an incident while true and resolve it after.
 *
 * All state lives in the store and every call runs inside the caller's
 * transaction: the daemon's batch, so rule state is committed with the file
 * offsets that produced it, or scan's private in-memory database.  The same
 * code therefore answers "what incidents would this log have produced".
 *
 * Two clocks.  Rules about records (windows, sequences, quiet periods as a
 * log is read) use the record's time; the daemon's timer advances every
 * source to the wall clock once it has caught up with its logs.  History
 * entries are stamped with `now`, the wall clock (the record time in scan).
 */
#ifndef SYNCWATCH_INCIDENT_H
#define SYNCWATCH_INCIDENT_H

#include <stdint.h>

#include "match/sigdb.h"

struct store;
struct incidents;

/* One matcher hit of any role, with where it came from. */
struct incident_hit {
	const struct signature *sig;
	enum sig_role	 role;
	const char	*source;	/* the source's name */
	const char	*key;		/* group_by values, canonical JSON */
	const char	*fields_json;
	int64_t		 time_ms;	/* the record's time */
	const char	*file;
	uint64_t	 line;
	const char	*text;		/* the record's first line */
};

/* The store and the database must outlive the engine. */
struct incidents *incident_new(struct store *, const struct sigdb *);
void	incident_free(struct incidents *);
/*
 * A new transaction starts: forget what was cached about the store (the
 * CLI and the API may have changed incidents since the last one).
 */
void	incident_begin(struct incidents *);
/* A reloaded signature database. */
void	incident_set_db(struct incidents *, const struct sigdb *);

/*
 * Apply one hit.  Returns 1 when it is a failure hit (it counts, even if
 * a threshold keeps the incident closed for now), 0 when it only moved a
 * rule (a recovery, a sequence step), -1 and *cause (caller frees) on a
 * store error.  Every call below that fails says why the same way.
 */
int	incident_hit(struct incidents *, const struct incident_hit *,
	    int64_t now_ms, char **cause);

/*
 * Fill h from a matcher hit on record ev, read from `file` as `source`,
 * at time_ms.  The key, the fields and the text (the record's first line,
 * at most INCIDENT_TEXT_MAX bytes) are new strings that
 * incident_hit_clear frees; source and file are only pointed to.
 */
#define INCIDENT_TEXT_MAX	4096
struct event;
struct match_hit;
void	incident_hit_fill(struct incident_hit *, const struct match_hit *,
	    const struct event *ev, const char *source, const char *file,
	    int64_t time_ms);
void	incident_hit_clear(struct incident_hit *);

/*
 * Time has reached clock_ms in source (NULL: every source): resolve what
 * has been quiet long enough, escalate what has been open long enough.
 * Cheap when nothing is due.  0 or -1.
 */
int	incident_advance(struct incidents *, const char *source,
	    int64_t clock_ms, int64_t now_ms, char **cause);

/* The earliest clock at which incident_advance has work, or -1. */
int64_t	incident_next_due(struct incidents *);

/*
 * A condition of an inbox or health signature, observed now: active opens
 * its incident (or refreshes its fields), inactive resolves it with
 * `resolution`.  text describes the observation for the samples; file may
 * be NULL.  0 or -1.
 */
struct incident_condition {
	const struct signature *sig;
	const char	*source;
	int		 active;
	const char	*fields_json;
	const char	*text;
	const char	*file;
	const char	*resolution;	/* when it clears: "drained", "back" */
};
int	incident_condition(struct incidents *,
	    const struct incident_condition *, int64_t clock_ms,
	    int64_t now_ms, char **cause);

#endif
