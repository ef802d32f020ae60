/*
 * teddy-int — what the files of the Teddy search share: the searcher
 * (struct teddy, its literals as verified, its scan kernels), the planner
 * that groups the literals into buckets (teddy-plan.c), the SIMD kernels
 * (teddy-x86.c), and the confirm step every kernel inlines.  teddy.c builds
 * a searcher from the plan and holds the public API and the scalar kernels.
 * Not for use outside match/.
 *
 * The helpers below are static inline, so that each kernel file gets its
 * own inlined copies, as when all of this was one file; those on the path
 * of every candidate are always_inline too, since a call from a SIMD loop
 * spills its vector registers (the compiler inlines load64 and lit_bytes
 * anyway).
 */
#ifndef SYNCWATCH_TEDDY_INT_H
#define SYNCWATCH_TEDDY_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "match/teddy.h"

/*
 * -DTEDDY_NO_SIMD builds the portable paths only, as on other CPUs.
 * teddy-x86.c includes <immintrin.h> when TEDDY_X86 is set.
 */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TEDDY_NO_SIMD)
#define TEDDY_X86 1
#endif

#define TEDDY_MAXM	4

/*
 * One literal as verified, its first and last 8 bytes inline.  Text bytes
 * are compared as (text | case) == folded, case being 0x20 where the literal
 * has a letter: exact for letters in either case and for any other byte.
 */
struct tlit {
	uint64_t	 head;		/* first min(len, 8) bytes, folded */
	uint64_t	 hmask;		/* 0xff for each of those bytes */
	uint64_t	 hcase;		/* their case bits */
	uint64_t	 last;		/* last 8 bytes, when len > 8 */
	uint64_t	 lcase;
	uint32_t	 len;
	uint32_t	 back;		/* candidate position - literal start */
	uint32_t	 off;		/* of its bytes in t->bytes */
	uint32_t	 id;
	uint32_t	 key;		/* fingerprint key (see key_at) */
};

struct teddy;
/*
 * A scan loop, for one kind and one fingerprint length (teddy.c has the
 * scalar ones, teddy-x86.c the SIMD ones).  With found (first NULL): sets
 * the ids of the literals found, returns how many were new.  With first
 * (found NULL): at the first literal found, stores the start of its
 * candidate (FIRST) in *first and returns 1; returns 0 if there is none.
 */
typedef size_t (*kernel_fn)(const struct teddy *, const unsigned char *,
    size_t, uint64_t *, size_t *);

struct teddy {
	kernel_fn	 fn;		/* the scan loop for kind and m */
	enum teddy_kind	 kind;
	int		 m;		/* fingerprint bytes, 1..TEDDY_MAXM */
	int		 nb;		/* buckets, 8 or 16 */
	double		 cost;
	/*
	 * Nibble tables per position k: [0..15] buckets 0-7; [16..31]
	 * buckets 8-15 (16 buckets) or a copy of [0..15] (AVX2, 8 buckets),
	 * so one 32-byte load serves both 128-bit lanes.
	 */
	uint8_t		 lo[TEDDY_MAXM][32];
	uint8_t		 hi[TEDDY_MAXM][32];
	uint16_t	 init[TEDDY_MAXM];	/* buckets passing anything at k */
	uint16_t	 byte[TEDDY_MAXM][256];	/* the scalar path's tables */
	/*
	 * Literals of m bytes or more, by the hash of their fingerprint:
	 * slot h has lits[hstart[h]..hstart[h + 1]).  Shorter literals, by
	 * bucket: bucket b has lits[sstart[b]..sstart[b + 1]).
	 */
	uint32_t	*hstart;
	int		 hshift;	/* 32 - log2(slots) */
	uint32_t	 sstart[17];
	unsigned	 shorts;	/* the buckets with short literals */
	struct tlit	*lits;
	size_t		 nlits;
	unsigned char	*bytes;		/* the literals, folded */
	unsigned char	*cases;		/* and their case bits */
};

/* --- the plan (teddy-plan.c) and the SIMD kernels (teddy-x86.c) ------ */

/*
 * Choose the fingerprint length (*m, 1..TEDDY_MAXM) and each literal's
 * bucket (bucket[i] < nb, n entries) for kind, with nb buckets, by the
 * lowest estimated cost; returns that cost (as teddy_cost).  in as
 * teddy_build: n > 0, every len > 0.
 */
double	teddy_plan(enum teddy_kind, const struct teddy_input *in, size_t n,
	    int nb, int *bucket, int *m);

#ifdef TEDDY_X86
/* The SIMD kernel (teddy-x86.c) for kind and m, or NULL if it has none. */
kernel_fn teddy_x86_kernel(enum teddy_kind, int m);
#endif

/* --- fingerprints ---------------------------------------------------- */

/*
 * The fingerprint nibbles of a literal at position k (0..m-1): bit c of *L
 * for a low nibble c, of *H for a high nibble (both cases of a letter);
 * both 0xffff where a literal shorter than m has a wildcard.  The plan
 * groups the literals by them; the build fills the nibble tables with them.
 */
static inline void
lit_nibbles(const struct teddy_input *in, int m, int k, uint16_t *L,
    uint16_t *H)
{
	int f = in->len < (size_t)m ? (int)in->len : m;
	unsigned c;

	if (k < m - f) {
		*L = *H = 0xffff;
		return;
	}
	c = in->s[k - (m - f)];
	*L = (uint16_t)(1u << (c & 15));
	*H = (uint16_t)(1u << (c >> 4));
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		*H |= (uint16_t)(1u << ((c ^ 0x20) >> 4));
}

/* --- keys ------------------------------------------------------------ */

static inline uint64_t
load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * The key of m fingerprint bytes: each ORed with 0x20, so both cases of a
 * letter give the same key (a few other pairs do too, '@' and '`' say:
 * the key only picks the literals to compare).
 */
static inline __attribute__((always_inline)) uint32_t
key_at(const unsigned char *p, const int m)
{
	uint32_t k = 0, c = 0;

	/* One load; the same byte layout for both, whatever the endianness. */
	memcpy(&k, p, (size_t)m);
	memcpy(&c, "\x20\x20\x20\x20", (size_t)m);
	return k | c;
}

static inline __attribute__((always_inline)) uint32_t
key_slot(const struct teddy *t, uint32_t key)
{
	return (key * 2654435761u) >> t->hshift;
}

/* --- verification ---------------------------------------------------- */

/*
 * Bytes 8..len of a literal longer than 8 at p (len bytes there).  Inline:
 * a call from a SIMD loop spills its vector registers.
 */
static inline __attribute__((always_inline)) int
lit_rest(const struct teddy *t, const struct tlit *l, const unsigned char *p)
{
	const unsigned char *b = t->bytes + l->off, *c = t->cases + l->off;
	size_t k;

	for (k = 8; k + 8 < l->len; k += 8)
		if ((load64(p + k) | load64(c + k)) != load64(b + k))
			return 0;
	return (load64(p + l->len - 8) | l->lcase) == l->last;
}

/* A literal near the end of the text: byte by byte (avail >= len). */
static inline int
lit_bytes(const struct teddy *t, const struct tlit *l, const unsigned char *p)
{
	const unsigned char *b = t->bytes + l->off, *c = t->cases + l->off;
	size_t k;

	for (k = 0; k < l->len; k++)
		if ((p[k] | c[k]) != b[k])
			return 0;
	return 1;
}

/* Whether literal l is at p, with avail bytes of text from p on. */
static inline __attribute__((always_inline)) int
lit_at(const struct teddy *t, const struct tlit *l, const unsigned char *p,
    size_t avail)
{
	if (__builtin_expect(avail >= 8, 1)) {
		if (((load64(p) | l->hcase) & l->hmask) != l->head)
			return 0;
		return l->len <= 8 || (avail >= l->len && lit_rest(t, l, p));
	}
	return avail >= l->len && lit_bytes(t, l, p);
}

/* Report literal l found: its id, if new. */
static inline __attribute__((always_inline)) size_t
report(const struct tlit *l, uint64_t *found)
{
	uint64_t bit = 1ULL << (l->id % 64);

	if (found[l->id / 64] & bit)
		return 0;
	found[l->id / 64] |= bit;
	return 1;
}

/*
 * Verify a candidate ending at text position j, for the buckets bb (not 0).
 * The literals of m bytes or more that can be there are those whose key is
 * the key of the text's m bytes ending at j: one hash slot, whatever the
 * buckets; shorter literals are looked at bucket by bucket.  With found,
 * sets the ids of the literals there and returns how many were new;
 * without, returns 1 at the first literal there.
 */
static inline __attribute__((always_inline)) size_t
verify(const struct teddy *t, const unsigned char *text, size_t len,
    size_t j, unsigned bb, uint64_t *found, const int m)
{
	const struct tlit *l, *e;
	size_t n = 0, st;
	uint32_t key, h;

	if (__builtin_expect(j + 1 >= (size_t)m, 1)) {
		st = j + 1 - (size_t)m;
		key = key_at(text + st, m);
		h = key_slot(t, key);
		l = t->lits + t->hstart[h];
		e = t->lits + t->hstart[h + 1];
		for (; l < e; l++) {
			if (l->key != key || !lit_at(t, l, text + st, len - st))
				continue;
			if (found == NULL)
				return 1;
			n += report(l, found);
		}
	}
	for (bb &= t->shorts; bb != 0; bb &= bb - 1) {
		unsigned b = (unsigned)__builtin_ctz(bb);

		l = t->lits + t->sstart[b];
		e = t->lits + t->sstart[b + 1];
		for (; l < e; l++) {
			if (j < l->back)
				continue;
			st = j - l->back;
			if (!lit_at(t, l, text + st, len - st))
				continue;
			if (found == NULL)
				return 1;
			n += report(l, found);
		}
	}
	return n;
}

/* What a scan returns: ids found, or the first candidate's start. */
#define FIRST(j, m)	((j) >= (size_t)(m) - 1 ? (j) - ((size_t)(m) - 1) : 0)

#endif
