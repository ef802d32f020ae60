/*
 * prefilter — find which of many literal words occur in a text, at once.
 *
 * Each signature pattern contributes its required literal (see
 * regex_literal); a record is handed to PCRE2 for a signature only when one
 * of that signature's literals occurs in it.
 *
 * Two searches, chosen when the set is built: Teddy (teddy.h), a SIMD
 * fingerprint search over 16 or 32 bytes at a time, whenever its estimated
 * cost on log text is lower, which is the case for the shipped catalog; and
 * an Aho-Corasick automaton compiled to a full DFA over ASCII-case-folded
 * byte classes, one table lookup per byte however many literals are loaded,
 * for large or unfavourable sets and CPUs without SSSE3.
 */
#ifndef SYNCWATCH_PREFILTER_H
#define SYNCWATCH_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct prefilter;

struct prefilter *prefilter_new(size_t nids);
void	prefilter_free(struct prefilter *);

/* Add literal lit (matched ASCII-case-insensitively), reporting id. */
void	prefilter_add(struct prefilter *, const char *lit, size_t len,
	    size_t id);
/* Compile the automaton; call once, after the last prefilter_add. */
void	prefilter_build(struct prefilter *);

/* Words of the id bitmap that prefilter_scan fills. */
size_t	prefilter_words(const struct prefilter *);

/*
 * Set bit id in found[] (prefilter_words() words, cleared by the caller)
 * for every literal that occurs in text[0..len).  Returns the number of
 * distinct ids found.
 */
size_t	prefilter_scan(const struct prefilter *, const char *text, size_t len,
	    uint64_t *found);

/*
 * An offset at or before the start of the first literal in text[0..len),
 * or len if no literal occurs there: a caller can skip a text, or its
 * beginning, that no literal can be in.  (Teddy gives the exact start, or up
 * to 3 bytes before it; the DFA the end of the first literal found less the
 * longest literal's length.)
 */
size_t	prefilter_first(const struct prefilter *, const char *text, size_t len);

/* The searches; PREFILTER_AUTO picks one per set. */
enum prefilter_path {
	PREFILTER_AUTO,
	PREFILTER_DFA,		/* Aho-Corasick, portable */
	PREFILTER_SCALAR,	/* Teddy, portable, a byte at a time */
	PREFILTER_SSSE3,	/* Teddy, 8 buckets, 16 bytes a step */
	PREFILTER_AVX2,		/* Teddy, 8 buckets, 32 bytes a step */
	PREFILTER_AVX2_FAT,	/* Teddy, 16 buckets, 16 bytes a step */
	PREFILTER_NPATHS
};

/*
 * For tests and benchmarks: prefilters built from now on take path p
 * (PREFILTER_AUTO: choose again).  Returns -1, changing nothing, if this
 * build or CPU lacks it.  Without a call, the environment variable
 * SYNCWATCH_PREFILTER (a path name) is read once, at the first build.
 */
int	prefilter_force_path(enum prefilter_path p);
enum prefilter_path prefilter_path(const struct prefilter *);
const char *prefilter_path_name(enum prefilter_path);

#endif
