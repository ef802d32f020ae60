/*
 * shared — what the main loop shares with the HTTP thread.
 *
 * The main loop owns the followers; the HTTP thread only ever sees a
 * snapshot of their health, published after each pass under a mutex.  The
 * signature database is handed over by reference (a reload publishes the
 * new one; requests in flight finish with the old).  API tokens are loaded
 * here, from the file named by api_tokens.  Nothing else crosses threads.
 */
#ifndef SYNCWATCH_SHARED_H
#define SYNCWATCH_SHARED_H

#include <stddef.h>
#include <stdint.h>

struct sigdb;
struct tail;

struct shared_source {
	char		*name;
	char		*path;
	int		 state;		/* enum tail_state */
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

struct shared;

struct shared *shared_new(void);
void	shared_free(struct shared *);

/* Main thread: replace the signature database (a reference is taken). */
void	shared_set_db(struct shared *, struct sigdb *);
/* Any thread: a reference to the current database; sigdb_free it after. */
struct sigdb *shared_db(struct shared *);

/* Main thread: publish the followers' state (copied). */
void	shared_publish(struct shared *, struct tail *const *, size_t n);
/* Any thread: a copy of the last snapshot; free with shared_sources_free. */
struct shared_source *shared_sources(struct shared *, size_t *n);
void	shared_sources_free(struct shared_source *, size_t n);

/* Main thread: mark the loop alive (for /healthz). */
void	shared_heartbeat(struct shared *, int64_t mono_ms);
int64_t	shared_last_heartbeat(struct shared *);

/*
 * Load API tokens from path ("NAME TOKEN" per line, '#' comments); NULL
 * path turns state changes over HTTP off.  -1 and *cause on a bad file
 * (the previous tokens stay).
 */
int	shared_load_tokens(struct shared *, const char *path, char **cause);
/* Whether api_tokens is configured (state changes over HTTP are on). */
int	shared_tokens_on(struct shared *);
/*
 * 1 and the token's name in name[size] if token is valid; 0 if not; -1 if
 * no tokens are configured (state changes over HTTP are off).
 */
int	shared_check_token(struct shared *, const char *token, char *name,
	    size_t size);

#endif
