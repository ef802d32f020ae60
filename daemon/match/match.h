/*
 * match — one record in, the signatures it hits out.
 *
 * A matcher is built over a loaded database, optionally limited to some
 * products, and told which file its records come from (signatures may be
 * limited to file names).  It is pure: no I/O, no state kept between records
 * except counters.  For each record:
 *
 *   1. the prefilter finds which of the patterns' required words occur;
 *   2. each signature that applies to the record's format runs, in order,
 *      those of its patterns whose required words all occur; for each role
 *      (match, then, without, recover) the first that matches gives a hit
 *      and its fields, except that a `match` hit is vetoed when one of the
 *      signature's `unless` patterns matches too;
 *   3. `match` hits named in another `match` hit's `supersedes` list are
 *      dropped when both read the same event: their matches overlap or
 *      are one piece of text (no blank line, no dated line between them).
 *
 * What the roles mean over time (sequences, recoveries) is the incident
 * engine's business, not the matcher's.
 */
#ifndef SYNCWATCH_MATCH_H
#define SYNCWATCH_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "match/sigdb.h"

struct event;

struct match_field {
	const char	*name;
	const char	*value;		/* NUL-terminated */
	size_t		 len;
};

struct match_hit {
	const struct signature	*sig;
	enum sig_role		 role;	/* which of its patterns matched */
	const struct match_field *fields;
	size_t			 nfields;
};

struct match_stats {
	uint64_t	events;
	uint64_t	candidates;	/* signatures that passed the prefilter */
	uint64_t	regex_runs;
	uint64_t	hits;
	uint64_t	limit_hits;	/* patterns stopped by the match limit */
};

struct matcher;

/*
 * products: NULL for every signature, else a space- or comma-separated list
 * of product names.  The database must outlive the matcher.
 */
struct matcher *match_new(const struct sigdb *, const char *products);
void	match_free(struct matcher *);

/* The file the next records come from (NULL: none, e.g. stdin). */
void	match_set_source(struct matcher *, const char *path);

/*
 * Match one record.  Returns the number of hits and points *hits at them;
 * they (and their fields) are valid until the next call.
 */
size_t	match_event(struct matcher *, const struct event *,
	    const struct match_hit **hits);

const struct match_stats *match_stats(const struct matcher *);
/*
 * How often a pattern of sig stopped at the PCRE2 match limit (a pattern
 * that backtracks catastrophically, or a hostile record).
 */
uint64_t match_limit_hits(const struct matcher *, const struct signature *);
/*
 * The signatures a pattern of which stopped at the match limit on the last
 * record (each once); valid until the next match_event.
 */
size_t	match_limited(const struct matcher *,
	    const struct signature *const **sigs);

/* A hit's field by name, or NULL. */
const struct match_field *match_field(const struct match_hit *,
	    const char *name);

#endif
