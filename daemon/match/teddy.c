/*
 * teddy — SIMD multi-literal search; see teddy.h.  This file builds a
 * searcher and holds the public API, the portable scalar kernels and the
 * choice of kernel.  teddy-plan.c chooses the fingerprint length and the
 * buckets, teddy-x86.c has the SSSE3 and AVX2 kernels, and teddy-int.h
 * what they share: the searcher and the confirm step.
 *
 * Build: teddy_plan chooses the fingerprint length m and each literal's
 * bucket; the build fills the nibble tables of every fingerprint position
 * (and from them the scalar path's byte tables) and the buckets that
 * accept anything before the text, and lays out the literals as verified:
 * those of m bytes or more by the hash slot of their key, the shorter ones
 * by bucket.
 *
 * Scalar scan: a byte a step, the byte tables of the m positions ANDed
 * along the text with the results of the previous bytes; 16 buckets.  It
 * runs when asked for (SYNCWATCH_PREFILTER=scalar, the tests) and for a
 * SIMD kind this build has no kernel for; where no SIMD path is supported,
 * the prefilter's automatic choice is the DFA.
 *
 * Confirm: the nibble tables let through any mix of their buckets' bytes,
 * so a candidate is first narrowed by the key of its m bytes: a hash table
 * gives the few literals with that fingerprint, whatever the bucket, and
 * only those are compared (8 bytes at a time, only when they are inside the
 * text).  Literals shorter than m are compared bucket by bucket.  So a big
 * bucket costs candidates, not comparisons, which is what lets 16 buckets
 * hold a few hundred literals.
 */
#include <string.h>

#include "lib/xmalloc.h"
#include "match/teddy-int.h"
#include "match/teddy.h"

static kernel_fn kernel(enum teddy_kind, int);

/* --- build ----------------------------------------------------------- */

int
teddy_supported(enum teddy_kind kind)
{
	switch (kind) {
	case TEDDY_SCALAR:
		return 1;
#ifdef TEDDY_X86
	case TEDDY_SSSE3:
		return __builtin_cpu_supports("ssse3");
	case TEDDY_AVX2:
	case TEDDY_AVX2_FAT:
		return __builtin_cpu_supports("avx2");
#else
	default:
		break;
#endif
	}
	return 0;
}

static unsigned char
fold1(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* A literal's key: the text's (key_at) where the literal occurs. */
static uint32_t
lit_key(const unsigned char *s, int m)
{
	return key_at(s, m);
}

struct teddy *
teddy_build(enum teddy_kind kind, const struct teddy_input *in, size_t n)
{
	struct teddy *t;
	int *best, m, b, k, c, hbits;
	size_t i, nbytes = 0, at, nfull, h, *order;
	uint32_t *slot;

	if (n == 0)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->kind = kind;
	t->nb = kind == TEDDY_SSSE3 || kind == TEDDY_AVX2 ? 8 : 16;
	for (i = 0; i < n; i++)
		nbytes += in[i].len;

	/* The fingerprint length and the buckets (teddy-plan.c). */
	best = xcalloc(n, sizeof(int));
	t->cost = teddy_plan(kind, in, n, t->nb, best, &t->m);
	m = t->m;
	t->fn = kernel(kind, m);

	/*
	 * The literals: those of m bytes or more by hash slot, then the
	 * shorter ones by bucket.  order[] lists the input indexes so.
	 */
	nfull = 0;
	for (i = 0; i < n; i++)
		nfull += in[i].len >= (size_t)m;
	for (hbits = 4; hbits < 20 && ((size_t)1 << hbits) < 2 * nfull; hbits++)
		;
	t->hshift = 32 - hbits;
	t->hstart = xcalloc(((size_t)1 << hbits) + 1, sizeof(uint32_t));
	order = xcalloc(n, sizeof(size_t));
	slot = xcalloc(n, sizeof(uint32_t));
	for (i = 0; i < n; i++)
		if (in[i].len >= (size_t)m) {
			slot[i] = key_slot(t, lit_key(in[i].s, m));
			t->hstart[slot[i] + 1]++;
		}
	for (h = 0; h < ((size_t)1 << hbits); h++)
		t->hstart[h + 1] += t->hstart[h];
	{
		uint32_t *fill = xcalloc((size_t)1 << hbits, sizeof(uint32_t));

		for (i = 0; i < n; i++)
			if (in[i].len >= (size_t)m)
				order[t->hstart[slot[i]] + fill[slot[i]]++] = i;
		xfree(fill);
	}
	at = nfull;
	for (b = 0; b < t->nb; b++) {
		t->sstart[b] = (uint32_t)at;
		for (i = 0; i < n; i++)
			if (in[i].len < (size_t)m && best[i] == b) {
				order[at++] = i;
				t->shorts |= 1u << b;
			}
	}
	for (b = t->nb; b <= 16; b++)
		t->sstart[b] = (uint32_t)at;
	xfree(slot);

	t->nlits = n;
	t->lits = xcalloc(n, sizeof(*t->lits));
	t->bytes = xmalloc(nbytes + 1);
	t->cases = xmalloc(nbytes + 1);
	for (at = 0; at < n; at++) {
		struct tlit *l = &t->lits[at];
		unsigned char hd[8] = { 0 }, hm[8] = { 0 }, hc[8] = { 0 };
		size_t j, f;

		i = order[at];
		b = best[i];
		l->off = (uint32_t)(at == 0 ? 0 : t->lits[at - 1].off +
		    t->lits[at - 1].len);
		l->len = (uint32_t)in[i].len;
		l->id = (uint32_t)in[i].id;
		f = in[i].len < (size_t)m ? in[i].len : (size_t)m;
		l->back = (uint32_t)(f - 1);
		if (in[i].len >= (size_t)m)
			l->key = lit_key(in[i].s, m);
		for (j = 0; j < in[i].len; j++) {
			c = fold1(in[i].s[j]);
			t->bytes[l->off + j] = (unsigned char)c;
			t->cases[l->off + j] = c >= 'a' && c <= 'z' ? 0x20 : 0;
		}
		for (j = 0; j < 8 && j < in[i].len; j++) {
			hd[j] = t->bytes[l->off + j];
			hc[j] = t->cases[l->off + j];
			hm[j] = 0xff;
		}
		memcpy(&l->head, hd, 8);
		memcpy(&l->hmask, hm, 8);
		memcpy(&l->hcase, hc, 8);
		if (l->len > 8) {
			l->last = load64(t->bytes + l->off + l->len - 8);
			l->lcase = load64(t->cases + l->off + l->len - 8);
		}
		for (k = 0; k < m; k++) {
			uint16_t L, H;
			int half = b < 8 ? 0 : 16;
			uint8_t bit = (uint8_t)(1u << (b & 7));

			lit_nibbles(&in[i], m, k, &L, &H);
			if (L == 0xffff && H == 0xffff)
				t->init[k] |= (uint16_t)(1u << b);
			for (c = 0; c < 16; c++) {
				if (L & (1u << c))
					t->lo[k][half + c] |= bit;
				if (H & (1u << c))
					t->hi[k][half + c] |= bit;
			}
		}
	}
	xfree(order);
	xfree(best);
	if (t->nb == 8)
		for (k = 0; k < TEDDY_MAXM; k++) {
			memcpy(t->lo[k] + 16, t->lo[k], 16);
			memcpy(t->hi[k] + 16, t->hi[k], 16);
		}
	for (k = 0; k < m; k++)
		for (c = 0; c < 256; c++) {
			unsigned lo = t->lo[k][c & 15], hi = t->hi[k][c >> 4];

			if (t->nb == 16) {
				lo |= (unsigned)t->lo[k][16 + (c & 15)] << 8;
				hi |= (unsigned)t->hi[k][16 + (c >> 4)] << 8;
			}
			t->byte[k][c] = (uint16_t)(lo & hi);
		}
	return t;
}

void
teddy_free(struct teddy *t)
{
	if (t == NULL)
		return;
	xfree(t->lits);
	xfree(t->hstart);
	xfree(t->bytes);
	xfree(t->cases);
	xfree(t);
}

double
teddy_cost(const struct teddy *t)
{
	return t->cost;
}

enum teddy_kind
teddy_kind(const struct teddy *t)
{
	return t->kind;
}

int
teddy_fingerprint(const struct teddy *t)
{
	return t->m;
}

int
teddy_buckets(const struct teddy *t)
{
	return t->nb;
}

/* --- scalar ---------------------------------------------------------- */

static inline __attribute__((always_inline)) size_t
scalar_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const uint16_t *t0 = t->byte[0], *t1 = t->byte[1], *t2 = t->byte[2],
	    *t3 = t->byte[3];
	unsigned a0 = t->init[0], a1 = t->init[1], a2 = t->init[2], c = 0;
	size_t j, n = 0, v;

	for (j = 0; j < len; j++) {
		unsigned x = s[j];

		switch (m) {
		case 1:
			c = t0[x];
			break;
		case 2:
			c = a0 & t1[x];
			a0 = t0[x];
			break;
		case 3:
			c = a1 & t2[x];
			a1 = a0 & t1[x];
			a0 = t0[x];
			break;
		default:
			c = a2 & t3[x];
			a2 = a1 & t2[x];
			a1 = a0 & t1[x];
			a0 = t0[x];
			break;
		}
		if (__builtin_expect(c != 0, 0)) {
			v = verify(t, s, len, j, c, found, m);
			if (first != NULL && v) {
				*first = FIRST(j, m);
				return 1;
			}
			n += v;
		}
	}
	return n;
}

static size_t
scalar1(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return scalar_run(t, s, len, found, first, 1);
}

static size_t
scalar2(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return scalar_run(t, s, len, found, first, 2);
}

static size_t
scalar3(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return scalar_run(t, s, len, found, first, 3);
}

static size_t
scalar4(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return scalar_run(t, s, len, found, first, 4);
}

/* --- the choice of kernel -------------------------------------------- */

static kernel_fn
kernel(enum teddy_kind kind, int m)
{
	static const kernel_fn scalar[TEDDY_MAXM] = {
		scalar1, scalar2, scalar3, scalar4,
	};
#ifdef TEDDY_X86
	kernel_fn fn = teddy_x86_kernel(kind, m);

	if (fn != NULL)
		return fn;
#endif
	return scalar[m - 1];
}

size_t
teddy_scan(const struct teddy *t, const unsigned char *text, size_t len,
    uint64_t *found)
{
	return t->fn(t, text, len, found, NULL);
}

size_t
teddy_first(const struct teddy *t, const unsigned char *text, size_t len)
{
	size_t first = len;

	t->fn(t, text, len, NULL, &first);
	return first;
}
