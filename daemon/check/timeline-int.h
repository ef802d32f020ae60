/*
 * timeline-int — what the files of the timeline harness share: the run of
 * one script.  Not for use outside check/.
 */
#ifndef SYNCWATCH_TIMELINE_INT_H
#define SYNCWATCH_TIMELINE_INT_H

#include <stdint.h>

#include "lib/diag.h"
#include "rules/condition.h"

struct tl_source {
	char		*name;
	struct reader	*rd;
	struct source_health health;
	char		*error;		/* health.error's storage */
	int64_t		*clocks;	/* [line number]: clock when written */
	uint64_t	 lines;
};

struct tl_inbox {
	char		*name;
	struct inbox_health health;
	int		 observed;
};

struct tl_run {
	const struct sigdb *db;
	const char	*path;
	uint64_t	 line;		/* of the step running */
	struct store	*st;
	struct incidents *inc;
	struct matcher	*m;
	int		 has_clock;
	int64_t		 clock;
	struct tl_source *srcs;
	size_t		 nsrcs;
	struct tl_inbox	*inboxes;
	size_t		 ninboxes;
	struct tl_source *cur;		/* whose records the parser emits */
	int64_t		*hits;		/* per signature: failure hits */
	unsigned char	*named;		/* per signature: expected; or NULL */
	unsigned char	*limit_said;	/* per signature: match limit told */
	struct diag	*errors;
	int		 steps;
	int		 expectations;
};

/* One incident as read back, for an expectation. */
struct tl_incident {
	char		*source;
	char		*state;
	char		*severity;
	char		*resolution;	/* NULL: none */
	char		*fields;
	int64_t		 count;
	int64_t		 first_seen;
	int64_t		 last_seen;
};

struct tl_incidents {
	const char	*sig;
	struct tl_incident *v;
	size_t		 n;
};

/* What `expect ID STATE ...` asks for. */
struct tl_expect {
	const struct signature *sig;
	const char	*state;
	const char	*severity;
	const char	*resolution;	/* "none": no resolution */
	const char	*source;
	int		 has_count, has_first, has_last;
	int64_t		 count, first_seen, last_seen;
	const struct word **fields;	/* the incident's fields */
	size_t		 nfields;
};

/* A problem at the step running (before the first: about the file). */
#define tl_error(r, ...) \
	diag_add((r)->errors, (r)->path, (r)->line, __VA_ARGS__)

/* A problem reported by the store (cause is freed). */
void	tl_store_error(struct tl_run *, char *cause);
/* A count: digits only, 0 to 10^9.  0 or -1. */
int	tl_count(const char *, int64_t *);
/* Emit every record still held back, in every source. */
void	tl_flush(struct tl_run *);
/* expect ID STATE [...]: check the incidents. */
void	tl_step_expect(struct tl_run *, const char *rest);

#endif
