/*
 * diag — a collector of "FILE:LINE: message" problems.
 *
 * Every loader and checker of syncwatch (the configuration, the signature
 * files, the sample logs, the timelines) reports all the problems it finds
 * in one pass, each naming the file and line, and then fails as a whole.
 * A diag is where those messages gather: one line each, in the order
 * found, optionally capped so a garbage file cannot produce megabytes of
 * complaints.  A zeroed struct diag is valid and empty.
 */
#ifndef SYNCWATCH_DIAG_H
#define SYNCWATCH_DIAG_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/attr.h"

struct diag {
	struct buf	 text;		/* the messages, one per line */
	int		 count;		/* problems reported (also past max) */
	int		 max;		/* keep at most this many; 0: all */
};

/*
 * Add a problem.  file NULL: the message names its own place; line 0: the
 * problem is about the whole file ("FILE: message").
 */
void	diag_add(struct diag *, const char *file, uint64_t line,
	    const char *fmt, ...) PRINTFLIKE(4, 5);
/* Append another collector's messages (and count), emptying it. */
void	diag_merge(struct diag *, struct diag *from);
/*
 * The messages without the last newline, in a new string the caller
 * frees, or NULL when there were none; the collector is emptied.
 */
char	*diag_take(struct diag *);
void	diag_free(struct diag *);

#endif
