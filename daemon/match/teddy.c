/*
 * teddy — SIMD multi-literal search; see teddy.h.
 *
 * Build: the literals' fingerprints (first m bytes, folded; a shorter
 * literal is right-aligned behind wildcards) are grouped greedily into the
 * buckets: starting from one group per distinct fingerprint, the two groups
 * whose merge raises the estimated cost least are merged until the groups
 * fit the buckets.  The estimate is the probability that a byte of log text
 * ends a bucket's fingerprint (from a model of byte frequencies: letters by
 * English frequency, digits, spaces, punctuation), times the cost of a
 * candidate, plus the fixed per-byte cost of the path.  Fingerprint lengths
 * 3 and 4 are both tried (a literal of 3 bytes makes its 4-byte bucket
 * accept any byte before it).
 *
 * Scan: per 16 or 32 bytes, for each position k, lo_k[x & 15] & hi_k[x >> 4]
 * (PSHUFB), shifted by m-1-k bytes with the previous block's results
 * (PALIGNR) and ANDed; nonzero bytes are candidates ending there.  Before the
 * text, a position only passes for buckets that accept anything there, so
 * nothing is ever read before the text.  The last, partial block is the top
 * of the 16 bytes that end the text, moved down by PSHUFB (copied into a
 * zeroed buffer if the whole text is shorter), positions past the text
 * masked out, so nothing is read after it either.
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

#include "match/teddy.h"
#include "lib/xmalloc.h"

/* -DTEDDY_NO_SIMD builds the portable paths only, as on other CPUs. */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TEDDY_NO_SIMD)
#define TEDDY_X86 1
#include <immintrin.h>
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
typedef size_t (*kernel_fn)(const struct teddy *, const unsigned char *,
    size_t, uint64_t *, size_t *);
static kernel_fn kernel(enum teddy_kind, int);

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

/*
 * The cost model, in nanoseconds per byte of text (TEDDY_DFA_COST is the
 * Aho-Corasick DFA's): a fixed cost per byte for each path (scanning records
 * of about 70 bytes, call included), then per candidate (a position and a
 * bucket) a fixed cost, hashing included, and one per short literal of the
 * bucket.  Fitted to tests/bench/pfbench.c on sets of random strings, which
 * occur in no text, on a 2-core Xeon; literals that do occur cost their
 * verification on top, which no model of the text can know.
 */
static const double base_cost[4] = {
	[TEDDY_SCALAR] = 1.20,
	[TEDDY_SSSE3] = 0.30,
	[TEDDY_AVX2] = 0.24,
	[TEDDY_AVX2_FAT] = 0.31,
};
#define COST_PER_M	0.005	/* each fingerprint byte beyond the first */
#define COST_CAND	9.0	/* per candidate (position, bucket) */
#define COST_LIT	3.3	/* per short literal of a candidate bucket */

/* --- byte frequencies of log text ------------------------------------ */

/*
 * The model: the frequency of the bytes with high nibble h and a low
 * nibble in the set L (16 bits) is nf[h][0][L & 0xff] + nf[h][1][L >> 8];
 * and the fingerprint length.
 */
struct model {
	double	 nf[16][2][256];
	int	 m;
};

static void
model_init(struct model *md)
{
	/* English letter frequencies, per mille. */
	static const double letters[26] = {
		82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24,
		67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1,
	};
	static const char punct[] = ".:\\/-_=()[]<>,'\"~$|";
	double f[256], lsum = 0, other = 0;
	int c, n = 0, h, part, set;

	for (c = 0; c < 26; c++)
		lsum += letters[c];
	for (c = 0; c < 256; c++)
		f[c] = 0;
	for (c = 0; c < 26; c++) {
		f['a' + c] = 0.56 * letters[c] / lsum;
		f['A' + c] = 0.10 * letters[c] / lsum;
	}
	for (c = '0'; c <= '9'; c++)
		f[c] = 0.08 / 10;
	f[' '] = 0.12;
	for (c = 0; punct[c] != '\0'; c++)
		f[(unsigned char)punct[c]] = 0.11 / (double)(sizeof(punct) - 1);
	for (c = 0; c < 256; c++)
		if (f[c] == 0)
			n++;
	for (c = 0; c < 256; c++) {
		if (f[c] == 0)
			f[c] = 0.03 / n;
		other += f[c];
	}
	/* A set is its lowest member plus the rest, already summed. */
	for (h = 0; h < 16; h++)
		for (part = 0; part < 2; part++) {
			md->nf[h][part][0] = 0;
			for (set = 1; set < 256; set++)
				md->nf[h][part][set] =
				    md->nf[h][part][set & (set - 1)] +
				    f[h * 16 + part * 8 + __builtin_ctz(
				    (unsigned)set)] / other;
		}
}

/* --- grouping -------------------------------------------------------- */

/* A group of literals: the nibbles each fingerprint position accepts. */
struct tgroup {
	uint16_t	 L[TEDDY_MAXM], H[TEDDY_MAXM];
	size_t		 n;		/* literals shorter than m */
	double		 cost;
	int		 alive;
	size_t		 best;		/* cheapest partner, and the increase */
	float		 bestd;
};

static double
group_cost(const struct model *md, const uint16_t *L, const uint16_t *H,
    size_t n)
{
	double p = 1;
	unsigned hs;
	int k;

	for (k = 0; k < md->m; k++) {
		double q = 0;

		if (L[k] == 0xffff && H[k] == 0xffff)
			continue;	/* a wildcard: q = 1 */
		for (hs = H[k]; hs != 0; hs &= hs - 1) {
			const double (*row)[256] = md->nf[__builtin_ctz(hs)];

			q += row[0][L[k] & 0xff] + row[1][L[k] >> 8];
		}
		p *= q;
	}
	return p * (COST_CAND + COST_LIT * (double)n);
}

static double
merge_delta(const struct model *md, const struct tgroup *a,
    const struct tgroup *b)
{
	uint16_t L[TEDDY_MAXM], H[TEDDY_MAXM];
	int k;

	for (k = 0; k < md->m; k++) {
		L[k] = a->L[k] | b->L[k];
		H[k] = a->H[k] | b->H[k];
	}
	return group_cost(md, L, H, a->n + b->n) - a->cost - b->cost;
}

/* Group i's cheapest partner, from the matrix of merge costs d. */
static void
group_best(struct tgroup *g, const float *d, size_t ng, size_t i)
{
	size_t j;

	g[i].best = i;
	g[i].bestd = 0;
	for (j = 0; j < ng; j++) {
		if (j == i || !g[j].alive)
			continue;
		if (g[i].best == i || d[i * ng + j] < g[i].bestd) {
			g[i].best = j;
			g[i].bestd = d[i * ng + j];
		}
	}
}

/* The fingerprint nibbles of a literal at position k. */
static void
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

/*
 * Assign each literal a bucket (bucket[i] < nb) for fingerprint length m.
 * Returns the estimated cost of the candidates per byte.
 */
static double
group_literals(const struct model *md, const struct teddy_input *in,
    size_t n, int nb, int *bucket)
{
	struct tgroup *g = xcalloc(n, sizeof(*g));
	size_t *of = xcalloc(n, sizeof(*of));
	size_t ng = 0, alive, i, j, a, b;
	uint16_t L, H;
	float *d = NULL;
	double total = 0;
	int k, nbk, m = md->m;

	/* One group per distinct fingerprint. */
	for (i = 0; i < n; i++) {
		struct tgroup t;

		memset(&t, 0, sizeof(t));
		for (k = 0; k < m; k++) {
			lit_nibbles(&in[i], m, k, &L, &H);
			t.L[k] = L;
			t.H[k] = H;
		}
		for (j = 0; j < ng; j++)
			if (memcmp(g[j].L, t.L, sizeof(t.L)) == 0 &&
			    memcmp(g[j].H, t.H, sizeof(t.H)) == 0)
				break;
		if (j == ng) {
			g[ng] = t;
			g[ng].alive = 1;
			ng++;
		}
		if (in[i].len < (size_t)m)
			g[j].n++;
		of[i] = j;
	}
	for (j = 0; j < ng; j++)
		g[j].cost = group_cost(md, g[j].L, g[j].H, g[j].n);

	/*
	 * Merge the cheapest pair until the groups fit the buckets; d[i][j]
	 * is what merging groups i and j adds to the cost.
	 */
	if (ng > (size_t)nb) {
		d = xcalloc(ng * ng, sizeof(float));
		for (i = 0; i < ng; i++)
			for (j = i + 1; j < ng; j++)
				d[i * ng + j] = d[j * ng + i] =
				    (float)merge_delta(md, &g[i], &g[j]);
		for (j = 0; j < ng; j++)
			group_best(g, d, ng, j);
	}
	for (alive = ng; alive > (size_t)nb; alive--) {
		a = ng;
		for (j = 0; j < ng; j++)
			if (g[j].alive && (a == ng || g[j].bestd < g[a].bestd))
				a = j;
		b = g[a].best;
		for (k = 0; k < m; k++) {
			g[a].L[k] |= g[b].L[k];
			g[a].H[k] |= g[b].H[k];
		}
		g[a].n += g[b].n;
		g[a].cost = group_cost(md, g[a].L, g[a].H, g[a].n);
		g[b].alive = 0;
		for (i = 0; i < n; i++)
			if (of[i] == b)
				of[i] = a;
		for (j = 0; j < ng; j++)
			if (g[j].alive && j != a)
				d[a * ng + j] = d[j * ng + a] =
				    (float)merge_delta(md, &g[a], &g[j]);
		for (j = 0; j < ng; j++) {
			if (!g[j].alive || j == a)
				continue;
			if (g[j].best == a || g[j].best == b)
				group_best(g, d, ng, j);
			else if (d[j * ng + a] < g[j].bestd) {
				g[j].best = a;
				g[j].bestd = d[j * ng + a];
			}
		}
		group_best(g, d, ng, a);
	}
	xfree(d);

	/* Number the surviving groups as buckets. */
	nbk = 0;
	for (j = 0; j < ng; j++) {
		if (!g[j].alive)
			continue;
		total += g[j].cost;
		g[j].best = (size_t)nbk++;
	}
	for (i = 0; i < n; i++)
		bucket[i] = (int)g[of[i]].best;
	xfree(of);
	xfree(g);
	return total;
}

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

static uint64_t
load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static unsigned char
fold1(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
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

static uint32_t
lit_key(const unsigned char *s, int m)
{
	return key_at(s, m);
}

static inline __attribute__((always_inline)) uint32_t
key_slot(const struct teddy *t, uint32_t key)
{
	return (key * 2654435761u) >> t->hshift;
}

struct teddy *
teddy_build(enum teddy_kind kind, const struct teddy_input *in, size_t n)
{
	struct teddy *t;
	struct model *md;
	int *bucket, *best = NULL, m, mlo, mhi, b, k, c, hbits;
	size_t i, maxlen = 0, nbytes = 0, at, nfull, h, *order;
	uint32_t *slot;
	double cost, bestcost = 0;

	if (n == 0)
		return NULL;
	md = xmalloc(sizeof(*md));
	model_init(md);
	t = xcalloc(1, sizeof(*t));
	t->kind = kind;
	t->nb = kind == TEDDY_SSSE3 || kind == TEDDY_AVX2 ? 8 : 16;
	for (i = 0; i < n; i++) {
		if (in[i].len > maxlen)
			maxlen = in[i].len;
		nbytes += in[i].len;
	}

	/* Fingerprints of 3 and 4 bytes (fewer if every literal is shorter). */
	mlo = maxlen < 3 ? (int)maxlen : 3;
	mhi = maxlen < TEDDY_MAXM ? (int)maxlen : TEDDY_MAXM;
	bucket = xcalloc(n, sizeof(int));
	for (m = mlo; m <= mhi; m++) {
		md->m = m;
		cost = group_literals(md, in, n, t->nb, bucket) +
		    base_cost[kind] + COST_PER_M * (m - 1);
		if (best == NULL || cost < bestcost) {
			if (best == NULL)
				best = xcalloc(n, sizeof(int));
			memcpy(best, bucket, n * sizeof(int));
			bestcost = cost;
			t->m = m;
		}
	}
	xfree(bucket);
	xfree(md);
	t->cost = bestcost;
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
static int
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

#ifdef TEDDY_X86

/* --- SSSE3: 8 buckets, 16 bytes a step -------------------------------- */

#define SSSE3	__attribute__((target("ssse3")))
#define AVX2	__attribute__((target("avx2")))
#define INLINE	inline __attribute__((always_inline))

/*
 * The last rem < 16 bytes of a text of len >= 16 bytes, in lanes 0..rem-1
 * of a vector, zeros above: they are the top of the 16 bytes ending the
 * text, moved down by PSHUFB with indexes from this sliding window.
 */
static const unsigned char slide[32] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

static SSSE3 INLINE __m128i
tail128(const unsigned char *s, size_t len, size_t rem)
{
	return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(s + len - 16)),
	    _mm_loadu_si128((const __m128i *)(slide + 16 - rem)));
}

static SSSE3 INLINE __m128i
nib128(__m128i lo, __m128i hi, __m128i xl, __m128i xh)
{
	return _mm_and_si128(_mm_shuffle_epi8(lo, xl), _mm_shuffle_epi8(hi, xh));
}

static SSSE3 INLINE size_t
ssse3_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m128i nib = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
	const __m128i lo0 = _mm_loadu_si128((const __m128i *)t->lo[0]);
	const __m128i hi0 = _mm_loadu_si128((const __m128i *)t->hi[0]);
	const __m128i lo1 = _mm_loadu_si128((const __m128i *)t->lo[1]);
	const __m128i hi1 = _mm_loadu_si128((const __m128i *)t->hi[1]);
	const __m128i lo2 = _mm_loadu_si128((const __m128i *)t->lo[2]);
	const __m128i hi2 = _mm_loadu_si128((const __m128i *)t->hi[2]);
	const __m128i lo3 = _mm_loadu_si128((const __m128i *)t->lo[3]);
	const __m128i hi3 = _mm_loadu_si128((const __m128i *)t->hi[3]);
	__m128i p0 = _mm_set1_epi8((char)t->init[0]);
	__m128i p1 = _mm_set1_epi8((char)t->init[1]);
	__m128i p2 = _mm_set1_epi8((char)t->init[2]);
	unsigned char tail[16], rb[16];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 16) {
		__m128i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffff;

		if (len - i >= 16)
			x = _mm_loadu_si128((const __m128i *)(s + i));
		else {
			if (len >= 16)
				x = tail128(s, len, len - i);
			else {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, len - i);
				x = _mm_loadu_si128((const __m128i *)tail);
			}
			valid = (1u << (len - i)) - 1;
		}
		xl = _mm_and_si128(x, nib);
		xh = _mm_and_si128(_mm_srli_epi16(x, 4), nib);
		r0 = nib128(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib128(lo1, hi1, xl, xh);
			res = _mm_and_si128(r1, _mm_alignr_epi8(r0, p0, 15));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib128(lo1, hi1, xl, xh);
			r2 = nib128(lo2, hi2, xl, xh);
			res = _mm_and_si128(_mm_and_si128(r2,
			    _mm_alignr_epi8(r1, p1, 15)),
			    _mm_alignr_epi8(r0, p0, 14));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib128(lo1, hi1, xl, xh);
			r2 = nib128(lo2, hi2, xl, xh);
			r3 = nib128(lo3, hi3, xl, xh);
			res = _mm_and_si128(_mm_and_si128(r3,
			    _mm_alignr_epi8(r2, p2, 15)),
			    _mm_and_si128(_mm_alignr_epi8(r1, p1, 14),
			    _mm_alignr_epi8(r0, p0, 13)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(res, zero)) &
		    valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm_storeu_si128((__m128i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j, rb[j], found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static SSSE3 size_t
ssse31(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 1);
}

static SSSE3 size_t
ssse32(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 2);
}

static SSSE3 size_t
ssse33(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 3);
}

static SSSE3 size_t
ssse34(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 4);
}

/* --- AVX2: 8 buckets, 32 bytes a step --------------------------------- */

static AVX2 INLINE __m256i
nib256(__m256i lo, __m256i hi, __m256i xl, __m256i xh)
{
	return _mm256_and_si256(_mm256_shuffle_epi8(lo, xl),
	    _mm256_shuffle_epi8(hi, xh));
}

/* r shifted up by d bytes across the whole register, p's top bytes in. */
#define SHIFT256(r, p, d) \
	_mm256_alignr_epi8((r), _mm256_permute2x128_si256((p), (r), 0x21), \
	    16 - (d))

#define LOAD256(a)	_mm256_loadu_si256((const __m256i *)(a))

static AVX2 INLINE size_t
avx2_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m256i nib = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	const __m256i lo0 = LOAD256(t->lo[0]), hi0 = LOAD256(t->hi[0]);
	const __m256i lo1 = LOAD256(t->lo[1]), hi1 = LOAD256(t->hi[1]);
	const __m256i lo2 = LOAD256(t->lo[2]), hi2 = LOAD256(t->hi[2]);
	const __m256i lo3 = LOAD256(t->lo[3]), hi3 = LOAD256(t->hi[3]);
	__m256i p0 = _mm256_set1_epi8((char)t->init[0]);
	__m256i p1 = _mm256_set1_epi8((char)t->init[1]);
	__m256i p2 = _mm256_set1_epi8((char)t->init[2]);
	unsigned char tail[32], rb[32];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 32) {
		__m256i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffffffffu;

		if (len - i >= 32)
			x = LOAD256(s + i);
		else {
			size_t rem = len - i;

			if (len < 16) {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, rem);
				x = LOAD256(tail);
			} else if (rem >= 16)
				x = _mm256_inserti128_si256(_mm256_castsi128_si256(
				    _mm_loadu_si128((const __m128i *)(s + i))),
				    tail128(s, len, rem - 16), 1);
			else
				x = _mm256_zextsi128_si256(tail128(s, len, rem));
			valid = (1u << rem) - 1;
		}
		xl = _mm256_and_si256(x, nib);
		xh = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
		r0 = nib256(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib256(lo1, hi1, xl, xh);
			res = _mm256_and_si256(r1, SHIFT256(r0, p0, 1));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r2,
			    SHIFT256(r1, p1, 1)), SHIFT256(r0, p0, 2));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			r3 = nib256(lo3, hi3, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r3,
			    SHIFT256(r2, p2, 1)), _mm256_and_si256(
			    SHIFT256(r1, p1, 2), SHIFT256(r0, p0, 3)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(res, zero)) & valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm256_storeu_si256((__m256i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j, rb[j], found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static AVX2 size_t
avx21(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 1);
}

static AVX2 size_t
avx22(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 2);
}

static AVX2 size_t
avx23(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 3);
}

static AVX2 size_t
avx24(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 4);
}

/* --- AVX2 fat: 16 buckets, 16 bytes a step ---------------------------- */

/* The same 16 bytes in both lanes; lane 0 has buckets 0-7, lane 1 8-15. */
static AVX2 INLINE __m256i
lanes(uint16_t bits)
{
	return _mm256_inserti128_si256(_mm256_castsi128_si256(
	    _mm_set1_epi8((char)(bits & 0xff))), _mm_set1_epi8((char)(bits >> 8)),
	    1);
}

static AVX2 INLINE size_t
fat_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m256i nib = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	const __m256i lo0 = LOAD256(t->lo[0]), hi0 = LOAD256(t->hi[0]);
	const __m256i lo1 = LOAD256(t->lo[1]), hi1 = LOAD256(t->hi[1]);
	const __m256i lo2 = LOAD256(t->lo[2]), hi2 = LOAD256(t->hi[2]);
	const __m256i lo3 = LOAD256(t->lo[3]), hi3 = LOAD256(t->hi[3]);
	__m256i p0 = lanes(t->init[0]), p1 = lanes(t->init[1]),
	    p2 = lanes(t->init[2]);
	unsigned char tail[16], rb[32];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 16) {
		__m128i x16;
		__m256i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffff;

		if (len - i >= 16)
			x16 = _mm_loadu_si128((const __m128i *)(s + i));
		else {
			if (len >= 16)
				x16 = tail128(s, len, len - i);
			else {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, len - i);
				x16 = _mm_loadu_si128((const __m128i *)tail);
			}
			valid = (1u << (len - i)) - 1;
		}
		x = _mm256_broadcastsi128_si256(x16);
		xl = _mm256_and_si256(x, nib);
		xh = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
		r0 = nib256(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib256(lo1, hi1, xl, xh);
			res = _mm256_and_si256(r1, _mm256_alignr_epi8(r0, p0, 15));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r2,
			    _mm256_alignr_epi8(r1, p1, 15)),
			    _mm256_alignr_epi8(r0, p0, 14));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			r3 = nib256(lo3, hi3, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r3,
			    _mm256_alignr_epi8(r2, p2, 15)), _mm256_and_si256(
			    _mm256_alignr_epi8(r1, p1, 14),
			    _mm256_alignr_epi8(r0, p0, 13)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(res, zero));
		mask = (mask | mask >> 16) & valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm256_storeu_si256((__m256i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j,
			    rb[j] | (unsigned)rb[16 + j] << 8, found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static AVX2 size_t
fat1(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 1);
}

static AVX2 size_t
fat2(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 2);
}

static AVX2 size_t
fat3(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 3);
}

static AVX2 size_t
fat4(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 4);
}

#endif /* TEDDY_X86 */

static kernel_fn
kernel(enum teddy_kind kind, int m)
{
	static const kernel_fn fns[][TEDDY_MAXM] = {
		[TEDDY_SCALAR] = { scalar1, scalar2, scalar3, scalar4 },
#ifdef TEDDY_X86
		[TEDDY_SSSE3] = { ssse31, ssse32, ssse33, ssse34 },
		[TEDDY_AVX2] = { avx21, avx22, avx23, avx24 },
		[TEDDY_AVX2_FAT] = { fat1, fat2, fat3, fat4 },
#endif
	};

	if ((size_t)kind >= sizeof(fns) / sizeof(fns[0]) || fns[kind][0] == NULL)
		kind = TEDDY_SCALAR;
	return fns[kind][m - 1];
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
