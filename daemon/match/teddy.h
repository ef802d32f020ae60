/*
 * teddy — SIMD multi-literal search (the "Teddy" algorithm of Hyperscan and
 * of Rust's aho-corasick crate), used by the prefilter in the common case.
 *
 * Each literal gets a fingerprint: its first m bytes (m = 1..4; a literal
 * shorter than m is right-aligned and the missing bytes accept anything).
 * Literals are grouped into 8 or 16 buckets.  For each fingerprint position
 * k, two 16-entry tables give, for the low and the high nibble of a byte,
 * the buckets whose position-k byte may have that nibble; PSHUFB looks up 16
 * or 32 bytes at once, and the AND of both lookups, shifted per position and
 * ANDed over the m positions, is the set of buckets whose fingerprint ends
 * at each byte.  Only those few candidates are verified: a hash of their m
 * bytes picks the literals with that fingerprint, compared ASCII-case-
 * insensitively.  ASCII letters put both cases in the tables, so the search
 * is case-insensitive for them at no cost; other bytes (UTF-8) match as
 * they are.
 *
 * Paths: SSSE3 (8 buckets, 16 bytes a step), AVX2 (8 buckets, 32 bytes a
 * step), AVX2 "fat" (16 buckets, 16 bytes a step, one bucket half per
 * 128-bit lane) and a portable scalar one (16 buckets, a byte a step).
 * The bucket grouping is chosen by an estimate of the candidate rate on log
 * text (teddy_cost), which is also how the prefilter decides that Aho-
 * Corasick is cheaper.
 */
#ifndef SYNCWATCH_TEDDY_H
#define SYNCWATCH_TEDDY_H

#include <stddef.h>
#include <stdint.h>

enum teddy_kind {
	TEDDY_SCALAR,
	TEDDY_SSSE3,
	TEDDY_AVX2,
	TEDDY_AVX2_FAT,
};

/* A literal: lower-cased (ASCII only) bytes, and the id to report. */
struct teddy_input {
	const unsigned char	*s;
	size_t			 len;
	size_t			 id;
};

struct teddy;

/* Whether this build and CPU can run kind. */
int	teddy_supported(enum teddy_kind);

/*
 * Group the literals (n > 0, every len > 0) for kind and estimate the cost:
 * nanoseconds per text byte on typical log text, the same unit as
 * TEDDY_DFA_COST.  Returns NULL if there is nothing to search.
 */
struct teddy *teddy_build(enum teddy_kind, const struct teddy_input *,
	    size_t n);
void	teddy_free(struct teddy *);
double	teddy_cost(const struct teddy *);
enum teddy_kind teddy_kind(const struct teddy *);
/* Fingerprint length and buckets used, for tests and benchmarks. */
int	teddy_fingerprint(const struct teddy *);
int	teddy_buckets(const struct teddy *);

/* The cost of the Aho-Corasick DFA in the same unit, about constant. */
#define TEDDY_DFA_COST	1.6

/* As prefilter_scan and prefilter_first. */
size_t	teddy_scan(const struct teddy *, const unsigned char *text, size_t len,
	    uint64_t *found);
size_t	teddy_first(const struct teddy *, const unsigned char *text,
	    size_t len);

#endif
