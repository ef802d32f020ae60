/*
 * prefilter — find which of many literal words occur in a text, at once.
 *
 * Each signature pattern contributes its required literal (see
 * regex_literal); a record is handed to PCRE2 for a signature only when one
 * of that signature's literals occurs in it.  The search is an Aho-Corasick
 * automaton compiled to a full DFA over ASCII-case-folded byte classes, so a
 * record costs one table lookup per byte however many signatures are loaded.
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

#endif
