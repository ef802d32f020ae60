/*
 * teddy-plan — how a Teddy searcher groups its literals: the fingerprint
 * length and each literal's bucket, chosen by an estimate of what the
 * search will cost on log text (teddy_plan, for teddy_build in teddy.c).
 *
 * The literals' fingerprints (first m bytes, folded; a shorter literal is
 * right-aligned behind wildcards) are grouped greedily into the buckets:
 * starting from one group per distinct fingerprint, the two groups whose
 * merge raises the estimated cost least are merged until the groups fit the
 * buckets.  The estimate is the probability that a byte of log text ends a
 * bucket's fingerprint (from a model of byte frequencies: letters by English
 * frequency, digits, spaces, punctuation), times the cost of a candidate,
 * plus the fixed per-byte cost of the path.  Fingerprint lengths 3 and 4 are
 * both tried (a literal of 3 bytes makes its 4-byte bucket accept any byte
 * before it).  The cost is also how the prefilter decides that Aho-Corasick
 * is cheaper (teddy_cost against TEDDY_DFA_COST).
 */
#include <string.h>

#include "lib/xmalloc.h"
#include "match/teddy-int.h"

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

/* --- the plan -------------------------------------------------------- */

double
teddy_plan(enum teddy_kind kind, const struct teddy_input *in, size_t n,
    int nb, int *bucket, int *mp)
{
	struct model *md;
	int *cand, m, mlo, mhi;
	size_t i, maxlen = 0;
	double cost, bestcost = 0;

	md = xmalloc(sizeof(*md));
	model_init(md);
	for (i = 0; i < n; i++)
		if (in[i].len > maxlen)
			maxlen = in[i].len;

	/* Fingerprints of 3 and 4 bytes (fewer if every literal is shorter). */
	mlo = maxlen < 3 ? (int)maxlen : 3;
	mhi = maxlen < TEDDY_MAXM ? (int)maxlen : TEDDY_MAXM;
	cand = xcalloc(n, sizeof(int));
	for (m = mlo; m <= mhi; m++) {
		md->m = m;
		cost = group_literals(md, in, n, nb, cand) +
		    base_cost[kind] + COST_PER_M * (m - 1);
		if (m == mlo || cost < bestcost) {
			memcpy(bucket, cand, n * sizeof(int));
			bestcost = cost;
			*mp = m;
		}
	}
	xfree(cand);
	xfree(md);
	return bestcost;
}
