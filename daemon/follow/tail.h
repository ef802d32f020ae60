/*
 * tail — follow one log file: identity, rotation, offsets, partial lines.
 *
 * A follower owns the open file and its reader (decode/reader.h), and
 * hands every record it reads to its owner's callback together with the
 * record's commit mark.  It never decides when to look at the file (the
 * daemon calls tail_check when the directory watch or the poll timer says
 * something happened), never matches a record, and never talks to the
 * store: the owner saves the position tail_position gives, in the same
 * transaction as the hits of the records before it, and says so with
 * tail_committed.
 *
 * The position is the reader's safe point: the raw offset where the lines
 * still held back start (a record being assembled, a partial last line).
 * A record's mark is where it ends; records whose mark is past the safe
 * point must wait for a later commit.  So after kill -9 at any moment,
 * reading again from the committed position reproduces exactly the
 * records whose hits were not committed, and no others.
 *
 * Rotation: the follower stays on the file it opened.  When the path names
 * another file (rename to .lo_ or .1, delete and re-create), the old one is
 * read to its end first, its last record flushed and committed, and only
 * then is the new file opened from its start; the old one is read a while
 * longer for a writer still appending to it (platform_rotated_hold_ms:
 * not on Windows, where holding it would break the next rollover), and
 * its position is stored
 * too (tail_retired), so a restart in that window resumes it.  A file that
 * shrinks, or whose first bytes change, was truncated or replaced and is
 * read from 0 — after the end of its copy, if a copytruncate left one
 * (rotated.h).  A restart finds a file rotated while it was down the same
 * way: by identity, or as a copy by its head.
 * Marks carry a generation that each switch and truncation increments, so
 * the records of content that is gone commit with the next position.
 */
#ifndef SYNCWATCH_TAIL_H
#define SYNCWATCH_TAIL_H

#include <stddef.h>
#include <stdint.h>

struct event;
struct source_conf;

enum tail_state {
	TAIL_WAITING,		/* the file does not exist (yet) */
	TAIL_OK,
	TAIL_ERROR,		/* cannot be read; retried */
};

struct tail_stats {
	uint64_t	bytes;
	uint64_t	lines;
	uint64_t	records;
	uint64_t	cut;
	uint64_t	rotations;
	uint64_t	truncations;
	int64_t		last_record_ms;	/* record time of the last record */
};

/* A followed file's position, as the store keeps it. */
#define TAIL_FP_MAX	1024	/* bytes of a file's head fingerprinted */
struct tail_pos {
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 fingerprint;	/* hash of the first fp_len bytes */
	uint32_t	 fp_len;
	uint64_t	 offset;	/* the safe point */
	uint64_t	 line;		/* lines before offset */
	int		 encoding;	/* enum text_encoding */
	int		 format;	/* enum event_format */
};

/* A point in the order records are committed in; see the top. */
struct tail_mark {
	uint64_t	 gen;
	uint64_t	 off;
};

/* Whether a is at or before b. */
int	tail_mark_le(const struct tail_mark *a, const struct tail_mark *b);

struct tail;

/* One record read, and its mark; both valid during the call only. */
typedef void (*tail_record_cb)(void *arg, const struct event *,
	    const struct tail_mark *end);

/*
 * Follow path for source sc (which must outlive the follower).
 * `existed_at_start` says whether the file was there when the daemon
 * started: start_at applies to those only; files that appear later are
 * read from their start.
 */
struct tail *tail_new(const struct source_conf *sc, const char *path,
	    int existed_at_start, tail_record_cb, void *arg);
void	tail_free(struct tail *);

/*
 * The position saved for this path by an earlier run, or NULL if there is
 * none, and that of the rotated file it was still reading (tail_retired),
 * or NULL.  Call once, before the first tail_check.
 */
void	tail_restore(struct tail *, const struct tail_pos *,
	    const struct tail_pos *retired);
int	tail_restored(const struct tail *);

/*
 * Read whatever is new, at most `budget` bytes.  Returns 1 if more data
 * is waiting (call again, after a commit), 0 otherwise.  Never fails:
 * problems set the state.
 */
int	tail_check(struct tail *, int64_t now_ms, size_t budget);

/*
 * Flush a record held back for more than the source's quiet period (or
 * growing for too long), and drop a rotated file whose grace window has
 * ended.  Returns the ms until the next such deadline, or -1 if none.
 */
int	tail_quiet(struct tail *, int64_t now_ms);

/*
 * What a commit may take: the safe mark, and the position to store then
 * (returns 0 when no file is open, so there is no position to store).
 */
int	tail_position(const struct tail *, struct tail_mark *safe,
	    struct tail_pos *);
/*
 * The rotated file still read after a switch (the grace window for a
 * writer that appends to it after the rename), and its position to store
 * with the next commit: 1, or 0 when there is none (any stored one is
 * done with).  Its records are always committable.
 */
int	tail_retired(const struct tail *, struct tail_pos *);
/* The position and every record up to the safe mark are committed. */
void	tail_committed(struct tail *);
/* Whether the position moved since the last commit. */
int	tail_dirty(const struct tail *);

const char *tail_path(const struct tail *);
enum tail_state tail_state(const struct tail *);
const char *tail_error(const struct tail *);
uint64_t tail_offset(const struct tail *);
const struct tail_stats *tail_stats(const struct tail *);

#endif
