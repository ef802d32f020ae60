/*
 * store — the SQLite state: file positions, incidents, samples, history.
 *
 * One database file, syncwatch.db, in the state directory; WAL mode so the
 * CLI (incidents, ack, resolve) and the HTTP API can read while the daemon
 * writes.  The daemon writes in batches: store_begin, any number of
 * store_hit and store_file_put, store_commit.  Hits and the file offsets
 * that produced them are committed in the same transaction — that is what
 * makes a restart after kill -9 resume exactly where the last commit left
 * off, with no hit lost or counted twice.
 *
 * Every statement is prepared once, at open.  Errors are returned, never
 * fatal: a busy or full database leaves the batch to be retried.
 */
#ifndef SYNCWATCH_STORE_H
#define SYNCWATCH_STORE_H

#include <stddef.h>
#include <stdint.h>

#define STORE_FP_MAX	1024	/* bytes of a file's head fingerprinted */

struct store;

/*
 * What is wrong with the database, if anything: what the last failure
 * showed (a busy lock, a full disk, a file that cannot be written, an I/O
 * error, damage), or what store_guard found (deleted, replaced).
 */
enum store_fault {
	STORE_FAULT_NONE,
	STORE_FAULT_BUSY,
	STORE_FAULT_FULL,
	STORE_FAULT_READONLY,
	STORE_FAULT_IO,
	STORE_FAULT_CORRUPT,
	STORE_FAULT_GONE,
	STORE_FAULT_REPLACED,
	STORE_FAULT_OTHER,
};

/* A followed file's position. */
struct store_file {
	char		*source;
	char		*path;
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 fingerprint;	/* hash of the first fp_len bytes */
	uint32_t	 fp_len;
	uint64_t	 offset;	/* just past the last committed record */
	uint64_t	 line;		/* lines before offset */
	int		 encoding;	/* enum text_encoding */
	int		 format;	/* enum event_format */
};

/* One hit to record. */
struct store_hit {
	const char	*signature;
	const char	*product;
	const char	*severity;
	const char	*source;
	const char	*key;		/* group-by values, canonical text */
	const char	*fields_json;	/* the hit's fields, a JSON object */
	int64_t		 time_ms;	/* record time, or ingestion time */
	const char	*file;
	uint64_t	 line;
	const char	*text;		/* the record's first line */
	const char	*note;		/* for the history, if it opens */
};

/* What store_hit did. */
struct store_hit_result {
	int64_t		 id;
	int		 opened;	/* new, or reopened from resolved */
	int64_t		 count;		/* after this hit */
	int64_t		 first_seen;
};

/* store_incident_state */
enum {
	STORE_NONE,
	STORE_OPEN,
	STORE_ACKNOWLEDGED,
	STORE_RESOLVED,
};

/* An incident as read back. */
struct store_incident {
	int64_t		 id;
	const char	*signature;
	const char	*source;
	const char	*fields_json;
	const char	*severity;
	const char	*state;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 count;
	int64_t		 state_changed_at;
	const char	*state_by;	/* or NULL */
	const char	*product;
	const char	*resolution;	/* how syncwatch resolved it, or NULL */
	int64_t		 snoozed_until;	/* an operator's snooze, or 0 */
};

/* Filters for store_query; NULL / 0 fields do not filter. */
struct store_filter {
	const char	*state;
	int		 active;	/* open or acknowledged */
	const char	*severity;
	const char	*product;
	const char	*signature;
	const char	*source;
	int		 has_since;
	int64_t		 since_ms;
	int		 has_cursor;	/* rows after (cursor_last_seen, cursor_id) */
	int64_t		 cursor_last_seen;
	int64_t		 cursor_id;
	int		 limit;
	/*
	 * The triage order (not snoozed at now_ms first, then the worst
	 * severity, then the longest open) instead of the newest activity
	 * first; no cursor then.
	 */
	int		 triage;
	int64_t		 now_ms;
};

/* A generic result row: column i as text (or NULL) and as a number. */
#define STORE_ROW_MAX	8
struct store_row {
	int		 ncols;
	const char	*text[STORE_ROW_MAX];
	int64_t		 num[STORE_ROW_MAX];
};
typedef int (*store_row_cb)(void *arg, const struct store_row *);

/*
 * Open (creating and migrating) DIR/syncwatch.db; dir NULL: a private
 * in-memory database (scan, check-patterns).  NULL and *cause on error.
 */
struct store *store_open(const char *dir, int samples_per_incident,
	    char **cause);
void	store_close(struct store *);

int	store_begin(struct store *, char **cause);
int	store_commit(struct store *, char **cause);
void	store_rollback(struct store *);

/*
 * The daemon's database in dir: as store_open, and then checked
 * (quick_check: a damaged file is moved aside, said loudly, and a new one
 * begins) and probed for writing (a database that cannot be written is
 * still opened; store_fault says so and store_guard retries).
 */
/*
 * For a reader (the HTTP side, the commands that only read): the database
 * in dir as it is, never made: NULL and *cause ("no database yet") when
 * there is none.
 */
struct store *store_open_existing(const char *dir, char **cause);
struct store *store_open_daemon(const char *dir, int samples_per_incident,
	    char **cause);
enum store_fault store_fault(const struct store *);
const char *store_fault_name(enum store_fault);
/*
 * Whether the database file is still the one open and can be written, and
 * put right what can be: a deleted file is written out again from the
 * open connection (SQLite's backup API), a replaced one is moved aside
 * first (PATH.replaced-TIME), a connection that cannot write is opened
 * again once a new one can.  Returns what is still wrong: GONE, REPLACED,
 * READONLY or IO mean nothing can be committed now (hold and retry);
 * otherwise NONE.  *msg (caller frees, or NULL) says what was done or
 * found.
 */
enum store_fault store_guard(struct store *, char **msg);

/* 0 and *out filled (strings owned by out), 1 not known, -1 error. */
int	store_file_get(struct store *, const char *source, const char *path,
	    struct store_file *out, char **cause);
int	store_file_put(struct store *, const struct store_file *, char **cause);
void	store_file_clear(struct store_file *);
/*
 * The rotated file a followed path's writer may still append to, and
 * where it is read to (one per source and path; store.h's struct, with
 * path the followed path).  Same returns as the above; del: 0 or -1.
 */
int	store_retired_get(struct store *, const char *source, const char *path,
	    struct store_file *out, char **cause);
int	store_retired_put(struct store *, const struct store_file *,
	    char **cause);
int	store_retired_del(struct store *, const char *source, const char *path,
	    char **cause);

/* Record a hit into its incident (creating or reopening it). */
int	store_hit(struct store *, const struct store_hit *, int64_t now_ms,
	    struct store_hit_result *, char **cause);

/* Change an incident's state ("acknowledged", "resolved", "open"). */
int	store_set_state(struct store *, int64_t id, const char *state,
	    const char *by, int64_t now_ms, char **cause);

/*
 * An operator's change of an incident, with a history entry carrying who
 * and the note: a new state (NULL: none) allowed only from one of
 * from_states (NULL: any), and/or a snooze until snooze_ms (snooze 1) or
 * its end (snooze -1).  history names the entry ("acknowledged",
 * "snoozed", ...; NULL: the state).  Returns 0 done, 1 no such incident,
 * 2 not in one of from_states (nothing changed), -1 error.
 */
struct store_change {
	const char		*state;
	const char *const	*from_states;	/* NULL-terminated, or NULL */
	int			 snooze;
	int64_t			 snooze_ms;
	const char		*history;
	const char		*by;
	const char		*note;
};
int	store_change(struct store *, int64_t id, const struct store_change *,
	    int64_t now_ms, char **cause);

typedef int (*store_incident_cb)(void *arg, const struct store_incident *);
/* Call cb for each incident (newest activity first), optionally by state. */
int	store_incidents(struct store *, const char *state, store_incident_cb,
	    void *arg, char **cause);
/* Every incident in the order they were created. */
int	store_incidents_oldest(struct store *, store_incident_cb, void *arg, char **cause);
/* 0 found (cb called), 1 no such incident, -1 error. */
int	store_incident(struct store *, int64_t id, store_incident_cb, void *arg, char **cause);

/* Incidents matching f, newest activity first (or f->triage). */
int	store_query(struct store *, const struct store_filter *f,
	    store_incident_cb, void *arg, char **cause);
/* How many incidents match f, whatever its cursor and limit.  0 or -1. */
int	store_query_count(struct store *, const struct store_filter *f,
	    int64_t *n, char **cause);
/* Open (state open) incidents by severity, those snoozed now left out. */
int	store_open_counts(struct store *, int64_t *critical, int64_t *error,
	    int64_t *warning, char **cause);
/* An incident's samples (file, line, time, text; newest first), timeline
 * (minute, hits) and history (at, state, by). */
int	store_samples(struct store *, int64_t id, store_row_cb, void *arg, char **cause);
int	store_timeline(struct store *, int64_t id, store_row_cb, void *arg, char **cause);
int	store_history(struct store *, int64_t id, store_row_cb, void *arg, char **cause);
/*
 * For metrics: (signature, hits, source) — counted when hits are
 * recorded, never falling — and (severity, signature, open count).
 */
int	store_hits_by_signature(struct store *, store_row_cb, void *arg, char **cause);
int	store_open_by_signature(struct store *, store_row_cb, void *arg, char **cause);
/*
 * What a followed file was read for, added to its counters (inside the
 * caller's transaction); and every file's counters, as rows (source,
 * path, lines, bytes, cut, rotations).
 */
int	store_totals_add(struct store *, const char *source, const char *path,
	    uint64_t lines, uint64_t bytes, uint64_t cut, uint64_t rotations,
	    char **cause);
int	store_totals(struct store *, store_row_cb, void *arg, char **cause);
/*
 * The active (open or acknowledged) incidents, the most severe and the
 * most recent first, at most limit; and how many there are in all.
 */
int	store_active(struct store *, int limit, store_incident_cb, void *arg,
	    char **cause);
int64_t	store_active_count(struct store *, char **cause);
/* The database size in bytes, or -1. */
int64_t	store_size(struct store *, char **cause);

/* Drop resolved incidents, samples and timeline older than before_ms. */
int	store_prune(struct store *, int64_t before_ms, char **cause);

/*
 * Whether the daemon has followed source `name` before (1), or not (0: it
 * is recorded now); -1 on error.  start_at applies on a source's first start
 * only: files that appear later, even while the daemon is down, are new.
 */
int	store_source_seen(struct store *, const char *name, int64_t now_ms, char **cause);

/*
 * Incident rules (the incident module drives these).  They run inside the
 * caller's transaction.
 *
 * store_incident_state: STORE_NONE/OPEN/ACKNOWLEDGED/RESOLVED, or -1.
 * store_pending_*: hits below a signature's threshold.  _count first drops
 * those older than since_ms, then counts; _promote records them all, oldest
 * first, into the incident (the first carries the note) and forgets them.
 * store_resolve: resolve the active incidents of sig (source NULL: any;
 * key NULL: any; has_quiet: only those whose last hit is at or before
 * last_seen_before) with a history entry; returns how many, or -1.
 * store_escalate / _aged: raise the severity of one incident / of active
 * incidents first seen at or before a time; history says so.  Returns how
 * many changed, or -1.
 * store_rule_due: rows (source, min last_seen) of sig's active incidents,
 * or with below_severity, (source, min first_seen) of those still below it.
 * store_touch: refresh an active incident's fields and last_seen without
 * counting a hit.
 * store_sequence_*: a started sequence; _get returns 1 and *started, 0 if
 * none, -1 on error.
 */
int	store_incident_state(struct store *, const char *sig,
	    const char *source, const char *key, char **cause);
int	store_pending_add(struct store *, const struct store_hit *, char **cause);
int64_t	store_pending_count(struct store *, const char *sig,
	    const char *source, const char *key, int64_t since_ms, char **cause);
int	store_pending_promote(struct store *, const char *sig,
	    const char *source, const char *key, const char *note,
	    int64_t now_ms, struct store_hit_result *, char **cause);
int	store_resolve(struct store *, const char *sig, const char *source,
	    const char *key, int has_quiet, int64_t last_seen_before,
	    const char *resolution, const char *note, int64_t now_ms, char **cause);
int	store_escalate(struct store *, int64_t id, const char *severity,
	    const char *note, int64_t now_ms, char **cause);
int	store_escalate_aged(struct store *, const char *sig,
	    const char *source, int64_t first_seen_before,
	    const char *severity, const char *note, int64_t now_ms, char **cause);
int	store_rule_due(struct store *, const char *sig,
	    const char *below_severity, store_row_cb, void *arg, char **cause);
/*
 * Whether sig has any open or acknowledged incident, or hits held for its
 * threshold: 1, 0, or -1.
 */
int	store_any_active(struct store *, const char *sig, char **cause);
int	store_touch(struct store *, const char *sig, const char *source,
	    const char *key, const char *fields_json, int64_t time_ms, char **cause);
int	store_sequence_get(struct store *, const char *sig,
	    const char *source, const char *key, int64_t *started, char **cause);
int	store_sequence_set(struct store *, const char *sig,
	    const char *source, const char *key, int64_t started, char **cause);
int	store_sequence_clear(struct store *, const char *sig,
	    const char *source, const char *key, char **cause);

/* Whether a file of source `name` has ever been followed: 1, 0, -1. */
int	store_source_had_file(struct store *, const char *name, char **cause);

#endif
