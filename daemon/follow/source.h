/*
 * source — one configured [source]: the files it follows, the matcher
 * their records go through, the hits waiting for the commit, and what is
 * known of the source's health.
 *
 * A source's path may be a glob; its files are picked up as they appear
 * (rotated generations such as .lo_ or .1 never are).  Each file has a
 * follower (tail.h) whose records are matched here and queued (hitq.h)
 * until the daemon's commit takes them with the file's position, in one
 * transaction.  The directory is watched (platform.h) or, for CIFS mounts
 * where notifications do not arrive, polled.
 */
#ifndef SYNCWATCH_SOURCE_H
#define SYNCWATCH_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "follow/feed.h"
#include "follow/hitq.h"
#include "follow/tail.h"
#include "platform/platform.h"

struct incidents;
struct matcher;
struct platform_loop;
struct sigdb;
struct snapshot_source;
struct source_conf;
struct source_health;
struct store;

#define SOURCE_PREV_HITS	8

/* One followed file of a source. */
struct source_file {
	struct source	*src;
	struct feed	 feed;		/* the file or event log */
	struct hitq	 q;
	uint64_t	 hits;		/* hits seen, of any role */
	int64_t		 clock_ms;	/* time of the last record read ... */
	struct tail_mark clock_mark;	/* ... and where it ends */
	int		 restore_failed; /* told once */
	struct {			/* the last record's hits, for the
					   records that continue it */
		const struct signature *sig;
		int		 role;
	}		 prev[SOURCE_PREV_HITS];
	size_t		 nprev;
	int		 retired_stored; /* the store has a rotated file's row */
	int		 retired_pending; /* ... after the commit under way */
	struct tail_stats counted;	/* what the store's totals hold of this
					   follower's reading ... */
	struct tail_stats counting;	/* ... after the commit under way */
};

struct source {
	const struct source_conf *sc;
	struct matcher	*m;
	char		*dir;
	char		*pattern;	/* the file name part, maybe a glob */
	int		 is_glob;
	int		 first_start;	/* never followed before: start_at applies */
	int		 wd;		/* watch id, or -1 while polling */
	struct platform_stat dir_id;	/* of the folder watched */
	int		 polling;	/* configured or fallen back */
	char		*watch_error;	/* why it fell back, or NULL */
	int64_t		 next_poll;	/* monotonic */
	int		 check;		/* look at it on the next pass */
	int		 observe;	/* and at its health after the pass */
	char		*stem;		/* name up to its first dot, for events */
	struct source_file **files;
	size_t		 nfiles;
	/* Health (condition.h): what was last told to the engine. */
	int		 verdict;	/* -1: not yet */
	int		 had_file;
	int64_t		 missing_since;
	int64_t		 seen_write;	/* the newest file time seen ... */
	int64_t		 write_at;	/* ... and when, in our time */
	int64_t		 health_due;	/* wall clock, -1: none */
};

/*
 * Set up source sc, matching with m (which outlives the source; sources of
 * the same products share one), watching its directory on loop (NULL:
 * poll).  first_start and had_file come from the store.
 */
struct source *source_new(const struct source_conf *sc, struct matcher *m,
	    struct platform_loop *, int first_start, int had_file,
	    int64_t now_mono);
/*
 * A watch event in the source's folder about entry name (NULL: the folder
 * itself): whether it can concern the source's files (their names, the
 * glob, a rotated generation of them).
 */
int	source_concerns(const struct source *, const char *name);
void	source_free(struct source *, struct platform_loop *);

/*
 * Whether the folder watched is still the one at the source's path; if it
 * was removed or replaced while a file in it is held open (so that its
 * watch does not end), drop the watch and poll until it is back.
 */
void	source_check_dir(struct source *, struct platform_loop *,
	    int64_t now_mono);
/* Its directory's watch went away (deleted, moved): poll until it is back. */
void	source_unwatch(struct source *, int64_t now_mono);
/*
 * The poll timer: if due, mark the source for a look and try to watch its
 * directory again.  Returns the ms until the next poll, or -1 if it is
 * watched.
 */
int64_t	source_poll(struct source *, struct platform_loop *, int64_t now_mono);

/*
 * Look at the source: pick up files the glob matches now, restore their
 * positions from the store, and read what is new (at most budget bytes a
 * file).  Returns 1 if more data is waiting.
 */
int	source_read(struct source *, struct store *, int64_t now_mono,
	    size_t budget);
/* Flush records held past the quiet period: ms to the next, or -1. */
int64_t	source_quiet(struct source *, int64_t now_mono);

/* Whether any file has something to commit. */
int	source_dirty(const struct source *);
/*
 * Write every committable hit (through the incident engine) and every
 * position into the store's open transaction.  Returns the hits written,
 * or -1 and *cause.
 */
int	source_commit(struct source *, struct store *, struct incidents *,
	    int64_t now_ms, char **cause);
/* The transaction committed / rolled back. */
void	source_committed(struct source *);
void	source_uncommitted(struct source *);

/*
 * What is known of the source's files now, for the health conditions
 * (now: platform_steady_ms).
 */
void	source_observe(struct source *, int64_t now_ms, struct source_health *);
/*
 * Append a snapshot of each file to *out (grown as needed, *n counts
 * them), for the HTTP side.
 */
void	source_publish(const struct source *, struct snapshot_source **out,
	    size_t *n, size_t *cap);

#endif
