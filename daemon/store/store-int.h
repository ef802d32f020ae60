/*
 * store-int — the inside of the store, shared by its files: the
 * connection and its prepared statements, and the helpers every query
 * uses to step, bind and fail.  Not for use outside store/.
 *
 * store.c opens, migrates and closes the database and keeps file
 * positions; incidents.c records hits and reads incidents back; rules.c
 * holds the incident rules' state; schema.c the SQL.
 */
#ifndef SYNCWATCH_STORE_INT_H
#define SYNCWATCH_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "platform/platform.h"
#include "store/store.h"

enum stmt {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_FILE_GET, S_FILE_PUT, S_RETIRED_GET, S_RETIRED_PUT, S_RETIRED_DEL,
	S_INCIDENT_STATE, S_INCIDENT_UPSERT, S_SAMPLE_ADD, S_SAMPLE_TRIM, S_TIMELINE_ADD,
	S_HISTORY_ADD, S_SET_STATE,
	S_LIST_ALL, S_LIST_STATE, S_GET,
	S_PRUNE_INCIDENTS, S_PRUNE_SAMPLES, S_PRUNE_TIMELINE,
	S_SOURCE_GET, S_SOURCE_ADD,
	S_QUERY, S_OPEN_COUNTS, S_SAMPLES, S_TIMELINE, S_HISTORY, S_HITS_BY_SIG,
	S_OPEN_BY_SIG, S_DB_SIZE,
	S_PENDING_ADD, S_PENDING_TRIM, S_PENDING_COUNT, S_PENDING_LIST,
	S_PENDING_CLEAR, S_RESOLVABLE, S_RESOLVE, S_ESCALATE, S_AGED,
	S_QUIET_DUE, S_AGED_DUE, S_TOUCH, S_SEQ_GET, S_SEQ_SET, S_SEQ_CLEAR,
	S_PRUNE_SEQUENCES, S_PRUNE_RULE_HITS, S_LIST_OLDEST, S_ANY_ACTIVE,
	S_SOURCE_FILES, S_HIT_COUNT, S_STATE_OF, S_SNOOZE, S_QUERY_TRIAGE,
	S_QUERY_COUNT, S_TOTALS_ADD, S_TOTALS, S_ACTIVE_LIST, S_ACTIVE_COUNT,
	S_COUNT
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_COUNT];
	int		 samples;
	char		*path;
	char		 err[512];	/* SQLite's message at the failure */
	enum store_fault fault;		/* what the last failure showed */
	struct platform_stat id;	/* the file this connection opened */
	int		 has_id;
	int		 readonly;	/* it cannot write (found at open) */
	int		 fallback;	/* on a connection in memory: the file
					   could not be opened again */
};

extern const char *const store_migrations[];
extern const int store_nmigrations;
extern const char *const store_stmt_sql[S_COUNT];

/* Open, set up and migrate a connection to path (store.c).  0 or -1. */
int	store_connect(const char *path, sqlite3 **db, int create,
	    char **cause);
int	store_prepare(struct store *, char **cause);
void	store_disconnect(struct store *);
/* guard.c: what a SQLite result code says about the database. */
enum store_fault store_fault_of(int sqlite_rc);
/* guard.c: note what was opened, and whether it is sound and writable. */
void	store_opened(struct store *);

/* Keep SQLite's message of a failure now.  Returns -1. */
int	sql_failed(struct store *);
/* Hand the kept message to the caller as "PATH: message".  Returns -1. */
int	store_fail(struct store *, char **cause);
/* rc, an internal step's result, with its failure handed to the caller. */
int	checked(struct store *, int rc, char **cause);
/* Reset a statement after its last step rc: 0, or -1 unless it was done. */
int	step_finish(struct store *, enum stmt, int rc);
/* Step a statement that returns no rows; reset it.  0 or -1. */
int	step_done(struct store *, enum stmt);
/* Step a statement that returns one integer; reset it.  0 or -1. */
int	step_int(struct store *, enum stmt, int64_t *out, int *found);
void	bind_text(sqlite3_stmt *, int i, const char *v);
void	bind_key(sqlite3_stmt *, const char *sig, const char *source,
	    const char *key);
/* Run a per-incident detail statement and hand each row to cb. */
int	each_row(struct store *, enum stmt, int64_t id, store_row_cb cb,
	    void *arg);
/* Hand each incident row of st to cb; the number seen, or -1. */
int	each_incident(struct store *, sqlite3_stmt *, store_incident_cb,
	    void *arg);
/* A yes/no query on one text parameter: 1, 0, or -1. */
int	store_ask(struct store *, enum stmt, const char *arg);
/* A history entry for incident id.  0 or -1. */
int	add_history(struct store *, int64_t id, int64_t at, const char *state,
	    const char *by, const char *note);

#endif
