/*
 * snapshot — what the main loop shares with the HTTP thread.
 *
 * The main loop owns the followers; the HTTP thread only ever sees a
 * snapshot of their health, published after each pass under a mutex, and
 * the loop's heartbeat, so /healthz can tell a loop that has stopped
 * turning.  The signature database is handed over by reference (a reload
 * publishes the new one; requests in flight finish with the old).  The
 * API tokens live in auth.h.  Nothing else crosses threads.
 */
#ifndef SYNCWATCH_SNAPSHOT_H
#define SYNCWATCH_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct sigdb;

/* How a followed file is doing. */
enum snapshot_state {
	SNAPSHOT_WAITING,	/* the file does not exist (yet) */
	SNAPSHOT_OK,
	SNAPSHOT_ERROR,		/* cannot be read; retried */
};

/* One followed file, as the HTTP side shows it. */
struct snapshot_source {
	char		*name;		/* the source */
	char		*path;
	enum snapshot_state state;
	char		*error;		/* or NULL */
	uint64_t	 offset;
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 records;
	uint64_t	 hits;
	uint64_t	 cut;
	uint64_t	 rotations;
	uint64_t	 truncations;
	int64_t		 last_record_ms;	/* 0: none yet */
};

struct snapshot;

struct snapshot *snapshot_new(void);
void	snapshot_free(struct snapshot *);

/* Main thread: replace the signature database (a reference is taken). */
void	snapshot_set_db(struct snapshot *, struct sigdb *);
/* Any thread: a reference to the current database; sigdb_free it after. */
struct sigdb *snapshot_db(struct snapshot *);

/*
 * Main thread: publish the followers' state (the array is taken over).
 * The counters of a source (by name and path) are added to what it had
 * counted when snapshot_carry was last called: a reload, which rebuilds
 * every follower, calls it first, so counters never go back.
 */
void	snapshot_publish(struct snapshot *, struct snapshot_source *,
	    size_t n);
/* Any thread: a copy of the last one; free with snapshot_sources_free. */
void	snapshot_carry(struct snapshot *);
/* How many sources and inboxes the configuration has (0: a fresh one). */
void	snapshot_set_configured(struct snapshot *, size_t);
size_t	snapshot_configured(struct snapshot *);
struct snapshot_source *snapshot_sources(struct snapshot *, size_t *n);
void	snapshot_sources_free(struct snapshot_source *, size_t n);

/*
 * The main loop's heartbeat.  The loop beats on every turn; it may sleep
 * for long when nothing happens, so whoever wants proof that it still
 * turns wakes it (with the waker it registered) and waits for the next
 * beat.  Without a waker (no main loop: the tests) the answer is yes.
 */
void	snapshot_set_waker(struct snapshot *, void (*wake)(void *), void *);
/* Main thread: a turn of the loop. */
void	snapshot_heartbeat(struct snapshot *);
/* Any thread: 1 if the loop beats within wait_ms, 0 if it does not. */
int	snapshot_wait_beat(struct snapshot *, int wait_ms);

/*
 * What the daemon says about itself beyond its sources (follow/health.c):
 * the problems that make it unhealthy (/healthz fails, the watchdog is not
 * fed), each a sentence; the database's state; the commits; and how often
 * each signature's patterns stopped at the match limit.
 */
struct snapshot_limit {
	char		*signature;
	uint64_t	 hits;
};
struct snapshot_health {
	char		**problems;
	size_t		 nproblems;
	const char	*db_state;	/* store_fault_name(): "ok", "deleted" */
	int		 db_writable;
	int64_t		 last_commit_ms;	/* wall clock; 0: none yet */
	uint64_t	 commits;
	uint64_t	 commit_failures;
	int64_t		 failing_since_ms;	/* 0: the last commit worked */
	struct snapshot_limit *limits;
	size_t		 nlimits;
};
/* Main thread: publish it (the contents are taken over). */
void	snapshot_set_health(struct snapshot *, struct snapshot_health *);
/* Any thread: a copy; free with snapshot_health_clear. */
void	snapshot_health(struct snapshot *, struct snapshot_health *);
void	snapshot_health_clear(struct snapshot_health *);

/*
 * A reload asked for over HTTP: the HTTP thread asks and waits; the main
 * loop takes the request, reloads, and says how it went.  The outcome of
 * the last reload (however it was asked for) is kept for the API, the
 * dashboard and the metrics.
 */
struct snapshot_reload {
	int		 ok;		/* the last reload was taken */
	int64_t		 at_ms;		/* when it ran (wall clock); 0: none */
	int64_t		 ok_at_ms;	/* the configuration running now was
					   loaded (the start, or the last
					   reload taken) */
	char		*error;		/* why the last was refused, or NULL */
};
/*
 * Any thread: ask for a reload and wait up to wait_ms for it.  Returns 1
 * taken, 0 refused (*error says why, caller frees), -1 no answer in time.
 */
int	snapshot_request_reload(struct snapshot *, int wait_ms, char **error);
/* Main thread: whether a reload was asked for (the request is taken). */
int	snapshot_take_reload(struct snapshot *);
/* Main thread: a reload ran (error NULL: taken). */
void	snapshot_reload_done(struct snapshot *, int64_t now_ms,
	    const char *error);
/* Any thread: a copy of the last reload's outcome (free its error). */
void	snapshot_last_reload(struct snapshot *, struct snapshot_reload *);

/*
 * The push to Alertmanager (http/push.c), as its thread last published
 * it: whether it is configured, how many posts went through or failed,
 * how many alerts wait to be delivered, when a post last went through,
 * and the last failure.
 */
struct snapshot_push {
	int		 enabled;
	size_t		 targets;	/* Alertmanager URLs */
	uint64_t	 sent;		/* posts accepted */
	uint64_t	 failed;	/* posts refused or not answered */
	uint64_t	 alerts_sent;	/* alerts in the accepted posts */
	size_t		 queue;		/* alerts not yet delivered everywhere */
	size_t		 active;	/* alerts firing */
	int64_t		 last_ok_ms;	/* 0: none yet */
	char		*last_error;	/* or NULL */
};
/* The push thread: publish (error copied). */
void	snapshot_set_push(struct snapshot *, const struct snapshot_push *);
/* Any thread: a copy (free its last_error). */
void	snapshot_push(struct snapshot *, struct snapshot_push *);

#endif
