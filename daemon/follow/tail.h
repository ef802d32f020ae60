/*
 * tail — follow one log file: offsets, identity, rotation, partial lines.
 *
 * A follower owns an open file descriptor, its decoder and record parser,
 * and the hits produced since the last commit.  It never decides when to
 * look at the file — the daemon calls tail_check() when inotify (or the poll
 * timer) says something happened in the file's directory — and it never
 * talks to SQLite except through tail_commit(), inside the daemon's
 * transaction.
 *
 * The committed position is the raw offset where the parser's held-back
 * lines start (a record still being assembled, a partial last line); hits of
 * records that end after it wait for the next commit.  So after kill -9 at
 * any moment, reading again from the committed offset reproduces exactly
 * the records whose hits were not committed, and no others.
 *
 * Rotation: the descriptor stays on the inode it opened.  When the path
 * names another file (rename to .lo_ / .1, delete and re-create), the old
 * one is read to its end first, its last record flushed and committed, and
 * only then is the new file opened from its start.  A file that shrinks, or
 * whose first bytes change, was truncated or replaced and is read from 0.
 */
#ifndef SYNCWATCH_TAIL_H
#define SYNCWATCH_TAIL_H

#include <stddef.h>
#include <stdint.h>

struct incidents;
struct matcher;
struct source_conf;
struct store;

enum tail_state {
	TAIL_WAITING,		/* the file does not exist (yet) */
	TAIL_OK,
	TAIL_ERROR,		/* cannot be read; retried */
};

struct tail_stats {
	uint64_t	bytes;
	uint64_t	lines;
	uint64_t	records;
	uint64_t	hits;
	uint64_t	cut;
	uint64_t	rotations;
	uint64_t	truncations;
	int64_t		last_record_ms;	/* record time of the last record */
};

struct tail;

/*
 * Follow path for source sc, matching with m.  The follower does not own
 * sc or m; tail_set_matcher swaps the matcher on reload.  `existed_at_start`
 * says whether the file was there when the daemon started (start_at applies
 * to those only; files that appear later are read from their start).
 */
struct tail *tail_new(const struct source_conf *sc, const char *path,
	    struct matcher *m, int existed_at_start);
void	tail_free(struct tail *);
void	tail_set_matcher(struct tail *, struct matcher *);

/*
 * Restore the committed position from the store (first call only) and
 * read whatever is new, at most `budget` bytes.  Returns 1 if more data is
 * waiting (call again), 0 otherwise.  Never fails: problems set the state.
 */
int	tail_check(struct tail *, struct store *, int64_t now_ms,
	    size_t budget);

/*
 * Flush a record held back for more than the source's quiet period.
 * Returns the ms until the next deadline, or -1 if none.
 */
int	tail_quiet(struct tail *, int64_t now_ms);

/*
 * Write committable hits (through the incident engine) and the position
 * into the store's open transaction.  Returns the number of hits written, or -1 on a store error
 * (the follower keeps everything for the next try).
 */
int	tail_commit(struct tail *, struct store *, struct incidents *,
	    int64_t now_ms);
/* The transaction committed / rolled back: forget / keep what was written. */
void	tail_committed(struct tail *);
void	tail_uncommitted(struct tail *);
/* Whether there is anything to commit. */
int	tail_dirty(const struct tail *);

const char *tail_path(const struct tail *);
const char *tail_source(const struct tail *);
enum tail_state tail_state(const struct tail *);
const char *tail_error(const struct tail *);
uint64_t tail_offset(const struct tail *);
const struct tail_stats *tail_stats(const struct tail *);

#endif
