/*
 * regex — the PCRE2 wrapper.
 *
 * Signatures are compiled once, case-insensitive and in UTF mode, with JIT
 * when the platform has it.  Matching runs under a match limit so that no
 * record, however hostile, can stall the program: a pattern that hits the
 * limit simply does not match, and the failure is counted.
 *
 * regex_literal() looks at a pattern's source and picks the longest literal
 * word that every match must contain; the prefilter searches for those words
 * first so that PCRE2 runs only on records that can match.
 */
#ifndef SYNCWATCH_REGEX_H
#define SYNCWATCH_REGEX_H

#include <stddef.h>

#define REGEX_MAX_GROUPS	64

struct regex;
struct regex_ctx;

/*
 * Compile src (NUL-terminated).  Returns NULL and sets *cause (caller frees)
 * to a message with the offset of the error.
 */
struct regex *regex_compile(const char *src, char **cause);
void	regex_free(struct regex *);

/* The number of named groups, and the i-th name and its group number. */
int	regex_name_count(const struct regex *);
const char *regex_name(const struct regex *, int i, int *group);
/* Whether the pattern has a named group `name`. */
int	regex_has_name(const struct regex *, const char *name);

/* Match state: one per thread of matching.  Never fails to allocate. */
struct regex_ctx *regex_ctx_new(void);
void	regex_ctx_free(struct regex_ctx *);

/*
 * Match re against subject[0..len).  Returns 1 on a match, 0 on none, -1 when
 * the match or depth limit was reached (counted in the context).
 */
int	regex_exec(const struct regex *, struct regex_ctx *, const char *subject,
	    size_t len);
/* After a match: the span of group n, or -1 if it did not take part. */
int	regex_group(const struct regex_ctx *, int n, size_t *start,
	    size_t *end);
unsigned long regex_ctx_limit_hits(const struct regex_ctx *);

/*
 * The longest literal run (at least min_len bytes) that every match of src
 * must contain, lower-cased, in a new string the caller frees; NULL when the
 * pattern has none that can be proven (top-level alternation, (?x) mode, …).
 */
char	*regex_literal(const char *src, size_t min_len);

/*
 * Every such literal run, each required in every match: *out receives a
 * new array of new strings (caller frees), the count is returned; 0 when
 * none can be proven.
 */
size_t	regex_literals(const char *src, size_t min_len, char ***out);

#endif
