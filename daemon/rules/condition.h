/*
 * condition — incidents about states rather than lines: a log source that
 * went silent, disappeared or cannot be read (the syncwatch.source-*
 * signatures), and an inbox folder whose files pile up (inbox signatures).
 *
 * The daemon observes (stat, readdir) and fills the structs below; the
 * timeline tests fill them from a script.  These functions decide, from an
 * observation and the clock, whether each condition holds, tell the
 * incident engine (which opens, refreshes or resolves the incident), and
 * say when the verdict could next change without a new observation.
 */
#ifndef SYNCWATCH_CONDITION_H
#define SYNCWATCH_CONDITION_H

#include <stdint.h>

struct incidents;
struct sigdb;
struct signature;

#define CONDITION_SILENT	"syncwatch.source-silent"
#define CONDITION_MISSING	"syncwatch.source-missing"
#define CONDITION_UNREADABLE	"syncwatch.source-unreadable"

/* What is known of a log source's files. */
struct source_health {
	const char	*source;
	const char	*path;		/* as configured */
	int64_t		 expect_every_ms; /* 0: silence is not a problem */
	int64_t		 missing_ms;	/* absence tolerated this long */
	int64_t		 last_write_ms;	/* newest mtime seen; 0: never */
	int64_t		 missing_since_ms; /* no file since; 0: present */
	int		 had_file;	/* a file was followed at some point */
	const char	*error;		/* why it cannot be read, or NULL */
};

/* One look at an inbox folder. */
struct inbox_health {
	const char	*inbox;		/* the [inbox] name */
	const char	*path;
	const struct signature *sig;
	int64_t		 max_files;	/* 0: no count limit */
	int64_t		 max_age_ms;	/* 0: no age limit */
	int		 ok;		/* the folder could be read */
	int64_t		 count;
	int64_t		 oldest_ms;	/* mtime of the oldest file */
	const char	*oldest;	/* its name */
	const char	*error;		/* when !ok */
};

/*
 * The verdict on a source's health at clock: CONDITION_* bits of what
 * holds.  *due gets the clock at which it would change by itself (a
 * silence or an absence growing past its limit), or -1.
 */
#define VERDICT_SILENT		0x1
#define VERDICT_MISSING		0x2
#define VERDICT_UNREADABLE	0x4
int	condition_source_verdict(const struct source_health *,
	    int64_t clock_ms, int64_t *due);
/* Tell the engine (inside a transaction).  0, or -1 and *cause. */
int	condition_source_apply(struct incidents *, const struct sigdb *,
	    const struct source_health *, int verdict, int64_t clock_ms,
	    int64_t now_ms, char **cause);

/*
 * An inbox's verdict: 0 within its limits, else 1 + the file count (so a
 * changed count refreshes the open incident's fields).
 */
int64_t	condition_inbox_verdict(const struct inbox_health *,
	    int64_t clock_ms, int64_t *due);
int	condition_inbox_apply(struct incidents *, const struct inbox_health *,
	    int64_t verdict, int64_t clock_ms, int64_t now_ms, char **cause);

/*
 * Both steps at once (the timeline tests).  Returns the due clock as
 * above, -1 if none, or -2 and *cause on a store error.
 */
int64_t	condition_source(struct incidents *, const struct sigdb *,
	    const struct source_health *, int64_t clock_ms, int64_t now_ms,
	    char **cause);
int64_t	condition_inbox(struct incidents *, const struct inbox_health *,
	    int64_t clock_ms, int64_t now_ms, char **cause);

#endif
