/*
 * tail-int — the inside of a follower, shared by tail.c (the file being
 * read) and tail-old.c (the file the path moved away from: the grace
 * window after a rename, a copytruncate's copy, a file rotated while the
 * daemon was down).  Not for use outside follow/.
 */
#ifndef SYNCWATCH_TAIL_INT_H
#define SYNCWATCH_TAIL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "decode/reader.h"
#include "follow/tail.h"
#include "lib/attr.h"
#include "platform/platform.h"

#define TAIL_CHUNK		(256 * 1024)
#define TAIL_FP_TRUST		256	/* fp bytes that identify on their own */
#define TAIL_MAX_HOLD_MS	10000	/* a record still growing is cut then */

struct tail {
	const struct source_conf *sc;
	char		*path;
	tail_record_cb	 cb;
	void		*arg;
	int		 existed_at_start;
	int		 restored;
	struct tail_pos	 saved;		/* position found in the store */
	int		 have_saved;
	struct tail_pos	 saved_old;	/* and of the rotated file, if any */
	int		 have_saved_old;

	struct platform_file *f;
	struct platform_stat id;	/* of the open file */
	uint64_t	 read_off;
	uint64_t	 fp;
	uint32_t	 fp_len;
	struct reader	*r;
	uint64_t	 gen;		/* marks: see tail.h */
	int		 draining;	/* the path moved on; finish this file */
	int		 drain_copy;	/* ... which is a copy: complete */
	int		 switch_ready;	/* drained and flushed; commit, then switch */

	/*
	 * The rotated file, after the switch: a writer that opened it just
	 * before the rename may still append to it, so it is read for a
	 * while longer.  Its records are complete when emitted and commit
	 * with the next batch.
	 */
	struct platform_file *old_f;
	struct reader	*old_r;
	uint64_t	 old_off;
	int64_t		 old_until;
	struct platform_stat old_id;
	uint64_t	 old_fp;
	uint32_t	 old_fp_len;

	uint64_t	 committed_off;
	int		 moved;		/* position changed since the last commit */
	int64_t		 now_ms;
	int64_t		 last_data_ms;
	int64_t		 hold_since;	/* the held record, since when ... */
	uint64_t	 hold_off;	/* ... with the safe point there */
	enum tail_state	 state;
	char		*error;
	struct tail_stats stats;
	char		*buf;		/* the shared read buffer */
};

/* tail.c */
void	tail_set_error(struct tail *, enum tail_state, const char *fmt, ...)
	    PRINTFLIKE(3, 4);
void	tail_close(struct tail *);
/* A reader for this file in its format, resumed at a saved position. */
struct reader *tail_reader(struct tail *, int format, reader_record_cb,
	    enum text_encoding, uint64_t off, uint64_t line);
/* Feed len bytes to reader r, counting what they were. */
void	tail_feed(struct tail *, struct reader *, const char *buf, size_t len);

/* tail-old.c */
/* Switch: the drained file becomes the old one (a copy is done with). */
void	tail_retire(struct tail *);
void	tail_forget_old(struct tail *);
/* Read what a writer still appended to the old file; drop it when due. */
void	tail_read_old(struct tail *);
/* At a restart: the saved position is on a file the path left. */
void	tail_recover_rotated(struct tail *, const struct platform_stat *live);
/* At a restart: the old file an earlier run was still reading. */
void	tail_restore_old(struct tail *);
/* A truncated file's unread end, from its copy.  1 if there is one. */
int	tail_to_copy(struct tail *, const struct platform_stat *live);
/* Ms until the old file's grace window ends (dropping it then), or -1. */
int64_t	tail_old_due(struct tail *, int64_t now_ms);

#endif
