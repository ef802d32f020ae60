/*
 * prefilter — Aho-Corasick over case-folded byte classes; see prefilter.h.
 *
 * Build: literals go into a trie of lower-cased bytes.  Bytes that occur in
 * no literal all share one class, so the transition table is states x classes
 * (a few dozen) rather than states x 256, and stays in L1/L2 cache.  A
 * breadth-first pass computes failure links and turns the trie into a full
 * DFA: every (state, class) has a next state, so the scan loop has no
 * failure-chasing.  Output sets are merged along failure links at build time.
 *
 * Scan: for each byte, state = next[state + class[byte]] (states are row
 * offsets); states with outputs are numbered last, so one comparison finds
 * them, and their ids are set in the caller's bitmap.
 */
#include <stdlib.h>
#include <string.h>

#include "match/prefilter.h"
#include "match/teddy.h"
#include "lib/xmalloc.h"

struct pf_out {
	size_t	*ids;
	size_t	 n;
};

struct prefilter {
	size_t		 nids;
	size_t		 words;
	/* Trie under construction: children per node over 256 folded bytes. */
	int32_t		*trie;		/* nstates * 256, -1 = none */
	size_t		 nstates;
	size_t		 cap;
	struct pf_out	*out;		/* per state */
	/* Compiled DFA. */
	uint8_t		 cls[256];
	size_t		 nclass;
	uint32_t	*next;		/* nstates * nclass, as row offsets */
	uint16_t	*next16;	/* the same, when every offset fits */
	size_t		 acc_lo;	/* states from here on have outputs */
	size_t		 maxlen;	/* of a literal */
	int		 built;
	/* The literals as added (folded), for Teddy. */
	struct teddy_input *lits;
	size_t		 nlits;
	struct teddy	*teddy;		/* when it is the path taken */
	enum prefilter_path path;
};

static size_t
pf_new_state(struct prefilter *pf)
{
	size_t s;

	if (pf->nstates == pf->cap) {
		pf->cap = pf->cap ? pf->cap * 2 : 64;
		pf->trie = xreallocarray(pf->trie, pf->cap, 256 * sizeof(int32_t));
		pf->out = xreallocarray(pf->out, pf->cap, sizeof(*pf->out));
	}
	s = pf->nstates++;
	memset(pf->trie + s * 256, 0xff, 256 * sizeof(int32_t));
	pf->out[s].ids = NULL;
	pf->out[s].n = 0;
	return s;
}

struct prefilter *
prefilter_new(size_t nids)
{
	struct prefilter *pf = xcalloc(1, sizeof(*pf));

	pf->nids = nids;
	pf->words = (nids + 63) / 64;
	if (pf->words == 0)
		pf->words = 1;
	pf_new_state(pf);
	return pf;
}

void
prefilter_free(struct prefilter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nstates; i++)
		xfree(pf->out[i].ids);
	for (i = 0; i < pf->nlits; i++)
		xfree((void *)pf->lits[i].s);
	xfree(pf->lits);
	teddy_free(pf->teddy);
	xfree(pf->out);
	xfree(pf->trie);
	xfree(pf->next);
	xfree(pf->next16);
	xfree(pf);
}

static int
pf_fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static void
pf_out_add(struct pf_out *o, size_t id)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->ids[i] == id)
			return;
	o->ids = xreallocarray(o->ids, o->n + 1, sizeof(size_t));
	o->ids[o->n++] = id;
}

void
prefilter_add(struct prefilter *pf, const char *lit, size_t len, size_t id)
{
	size_t s = 0, i;
	unsigned char *folded;
	int c;
	int32_t t;

	if (pf->built || id >= pf->nids || len == 0)
		return;
	folded = xmalloc(len);
	for (i = 0; i < len; i++)
		folded[i] = (unsigned char)pf_fold((unsigned char)lit[i]);
	pf->lits = xreallocarray(pf->lits, pf->nlits + 1, sizeof(*pf->lits));
	pf->lits[pf->nlits].s = folded;
	pf->lits[pf->nlits].len = len;
	pf->lits[pf->nlits].id = id;
	pf->nlits++;
	if (len > pf->maxlen)
		pf->maxlen = len;
	for (i = 0; i < len; i++) {
		c = folded[i];
		t = pf->trie[s * 256 + c];
		if (t < 0) {
			t = (int32_t)pf_new_state(pf);
			pf->trie[s * 256 + c] = t;
		}
		s = (size_t)t;
	}
	pf_out_add(&pf->out[s], id);
}

static void
dfa_build(struct prefilter *pf)
{
	uint8_t used[256] = { 0 };
	int32_t *fail;
	size_t *queue, head = 0, tail = 0, s, i;
	int c, k, spare = 'A';

	/* Byte classes: one per folded byte used by a literal, 0 for others. */
	for (s = 0; s < pf->nstates; s++)
		for (c = 0; c < 256; c++)
			if (pf->trie[s * 256 + c] >= 0)
				used[c] = 1;
	pf->nclass = 1;
	for (c = 0; c < 256; c++)
		if (used[c])
			pf->cls[c] = (uint8_t)pf->nclass++;
		else if (spare == 'A' && (c < 'A' || c > 'Z'))
			spare = c;	/* a byte of class 0, if there is one */
	for (c = 'A'; c <= 'Z'; c++)
		pf->cls[c] = pf->cls[c + ('a' - 'A')];

	/* Breadth-first: failure links, then full transitions. */
	fail = xcalloc(pf->nstates, sizeof(*fail));
	queue = xcalloc(pf->nstates, sizeof(*queue));
	for (c = 0; c < 256; c++) {
		int32_t t = pf->trie[c];
		if (t < 0)
			pf->trie[c] = 0;
		else {
			fail[t] = 0;
			queue[tail++] = (size_t)t;
		}
	}
	while (head < tail) {
		s = queue[head++];
		for (i = 0; i < pf->out[fail[s]].n; i++)
			pf_out_add(&pf->out[s], pf->out[fail[s]].ids[i]);
		for (c = 0; c < 256; c++) {
			int32_t t = pf->trie[s * 256 + c];
			int32_t f = pf->trie[(size_t)fail[s] * 256 + c];
			if (t < 0)
				pf->trie[s * 256 + c] = f;
			else {
				fail[t] = f;
				queue[tail++] = (size_t)t;
			}
		}
	}
	xfree(queue);
	xfree(fail);

	/*
	 * Renumber: non-accepting states first (the root stays 0), accepting
	 * ones last, so "has outputs" is one comparison; and store each
	 * transition as its row offset, so the scan loop has a single
	 * dependent load per byte and no multiplication.
	 */
	{
		uint32_t *newid = xcalloc(pf->nstates, sizeof(uint32_t));
		struct pf_out *out = xcalloc(pf->nstates, sizeof(*out));
		size_t n = 0, row;

		for (s = 0; s < pf->nstates; s++)
			if (pf->out[s].n == 0)
				newid[s] = (uint32_t)n++;
		pf->acc_lo = n;
		for (s = 0; s < pf->nstates; s++)
			if (pf->out[s].n > 0)
				newid[s] = (uint32_t)n++;
		pf->next = xcalloc(pf->nstates * pf->nclass, sizeof(uint32_t));
		for (s = 0; s < pf->nstates; s++) {
			row = (size_t)newid[s] * pf->nclass;
			/* Class 0: the bytes in no literal. */
			pf->next[row] = newid[pf->trie[s * 256 + spare]] *
			    (uint32_t)pf->nclass;
			for (c = 0; c < 256; c++) {
				k = pf->cls[c];
				if (k != 0)
					pf->next[row + (size_t)k] =
					    newid[pf->trie[s * 256 + c]] *
					    (uint32_t)pf->nclass;
			}
			out[newid[s]] = pf->out[s];
		}
		xfree(pf->out);
		pf->out = out;
		xfree(newid);
	}
	/* Half the table size keeps small automata in L1 cache. */
	if (pf->nstates * pf->nclass <= UINT16_MAX) {
		pf->next16 = xcalloc(pf->nstates * pf->nclass, sizeof(uint16_t));
		for (s = 0; s < pf->nstates * pf->nclass; s++)
			pf->next16[s] = (uint16_t)pf->next[s];
		xfree(pf->next);
		pf->next = NULL;
	}
	xfree(pf->trie);
	pf->trie = NULL;
}

size_t
prefilter_words(const struct prefilter *pf)
{
	return pf->words;
}

static size_t
pf_report(const struct prefilter *pf, uint32_t s, uint64_t *found)
{
	const struct pf_out *o = &pf->out[s / pf->nclass];
	size_t i, n = 0;

	for (i = 0; i < o->n; i++) {
		size_t id = o->ids[i];

		if (!(found[id / 64] & (1ULL << (id % 64)))) {
			found[id / 64] |= 1ULL << (id % 64);
			n++;
		}
	}
	return n;
}

static size_t
dfa_scan(const struct prefilter *pf, const char *text, size_t len,
    uint64_t *found)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	const uint8_t *cls = pf->cls;
	const uint32_t acc = (uint32_t)(pf->acc_lo * pf->nclass);
	size_t nfound = 0;
	uint32_t s = 0;

	if (pf->next16 != NULL) {
		const uint16_t *next = pf->next16;

		while (p < end) {
			s = next[s + cls[*p++]];
			if (__builtin_expect(s >= acc, 0))
				nfound += pf_report(pf, s, found);
		}
	} else {
		const uint32_t *next = pf->next;

		while (p < end) {
			s = next[s + cls[*p++]];
			if (__builtin_expect(s >= acc, 0))
				nfound += pf_report(pf, s, found);
		}
	}
	return nfound;
}

/*
 * prefilter_first for the DFA: the first state with outputs ends a literal
 * at p; any literal ends there or later, so starts maxlen - 1 before at the
 * earliest.
 */
static size_t
dfa_first(const struct prefilter *pf, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	const uint8_t *cls = pf->cls;
	const uint32_t acc = (uint32_t)(pf->acc_lo * pf->nclass);
	size_t i;
	uint32_t s = 0;

	for (i = 0; i < len; i++) {
		s = pf->next16 != NULL ? pf->next16[s + cls[p[i]]] :
		    pf->next[s + cls[p[i]]];
		if (s >= acc)
			return i + 1 >= pf->maxlen ? i + 1 - pf->maxlen : 0;
	}
	return len;
}

/* --- the path ---------------------------------------------------------- */

static const char *const path_names[PREFILTER_NPATHS] = {
	[PREFILTER_AUTO] = "auto",
	[PREFILTER_DFA] = "dfa",
	[PREFILTER_SCALAR] = "scalar",
	[PREFILTER_SSSE3] = "ssse3",
	[PREFILTER_AVX2] = "avx2",
	[PREFILTER_AVX2_FAT] = "avx2-fat",
};

static int forced = -1;		/* -1: SYNCWATCH_PREFILTER not read yet */

static enum teddy_kind
path_kind(enum prefilter_path p)
{
	switch (p) {
	case PREFILTER_SSSE3:
		return TEDDY_SSSE3;
	case PREFILTER_AVX2:
		return TEDDY_AVX2;
	case PREFILTER_AVX2_FAT:
		return TEDDY_AVX2_FAT;
	default:
		return TEDDY_SCALAR;
	}
}

static int
path_supported(enum prefilter_path p)
{
	if (p == PREFILTER_AUTO || p == PREFILTER_DFA)
		return 1;
	if (p < 0 || p >= PREFILTER_NPATHS)
		return 0;
	return teddy_supported(path_kind(p));
}

const char *
prefilter_path_name(enum prefilter_path p)
{
	return p >= 0 && p < PREFILTER_NPATHS ? path_names[p] : "?";
}

int
prefilter_force_path(enum prefilter_path p)
{
	if (!path_supported(p))
		return -1;
	__atomic_store_n(&forced, (int)p, __ATOMIC_RELAXED);
	return 0;
}

/* Relaxed atomics: builds in several threads may race to read it first. */
static enum prefilter_path
forced_path(void)
{
	const char *e;
	int p, f = __atomic_load_n(&forced, __ATOMIC_RELAXED);

	if (f < 0) {
		f = PREFILTER_AUTO;
		if ((e = getenv("SYNCWATCH_PREFILTER")) != NULL)
			for (p = 0; p < PREFILTER_NPATHS; p++)
				if (strcmp(e, path_names[p]) == 0 &&
				    path_supported((enum prefilter_path)p))
					f = p;
		__atomic_store_n(&forced, f, __ATOMIC_RELAXED);
	}
	return (enum prefilter_path)f;
}

enum prefilter_path
prefilter_path(const struct prefilter *pf)
{
	return pf->path;
}

/*
 * Automatic choice: the Teddy variant this CPU runs with the lowest
 * estimated cost (AVX2 with 8 or 16 buckets, else SSSE3), unless the DFA's
 * is lower.  Measured with tests/bench/pfbench.c on ConfigMgr records (a
 * 2-core Xeon), Teddy with 8 buckets beats the DFA up to about 128-192
 * literals and with 16 buckets up to about 192-256, the lower figure for
 * literals that never occur, the higher for words of the log; so past
 * PF_TEDDY_MAX literals the DFA is taken without computing a grouping.
 */
#define PF_TEDDY_MAX	256

static void
choose(struct prefilter *pf)
{
	static const enum prefilter_path cand[] = {
		PREFILTER_AVX2, PREFILTER_AVX2_FAT, PREFILTER_SSSE3,
	};
	enum prefilter_path want = forced_path();
	struct teddy *t;
	size_t i;

	pf->path = PREFILTER_DFA;
	if (pf->nlits == 0 || want == PREFILTER_DFA)
		return;
	if (want != PREFILTER_AUTO) {
		pf->teddy = teddy_build(path_kind(want), pf->lits, pf->nlits);
		pf->path = want;
		return;
	}
	if (pf->nlits > PF_TEDDY_MAX)
		return;
	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		if (!path_supported(cand[i]))
			continue;
		t = teddy_build(path_kind(cand[i]), pf->lits, pf->nlits);
		if (teddy_cost(t) < (pf->teddy != NULL ? teddy_cost(pf->teddy) :
		    TEDDY_DFA_COST)) {
			teddy_free(pf->teddy);
			pf->teddy = t;
			pf->path = cand[i];
		} else
			teddy_free(t);
		/* SSSE3 is only the fallback for CPUs without AVX2. */
		if (cand[i] == PREFILTER_AVX2_FAT)
			break;
	}
}

void
prefilter_build(struct prefilter *pf)
{
	if (pf->built)
		return;
	pf->built = 1;
	choose(pf);
	if (pf->path == PREFILTER_DFA)
		dfa_build(pf);
	xfree(pf->trie);
	pf->trie = NULL;
}

size_t
prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
    uint64_t *found)
{
	if (!pf->built || pf->nlits == 0)
		return 0;
	if (pf->teddy != NULL)
		return teddy_scan(pf->teddy, (const unsigned char *)text, len,
		    found);
	return dfa_scan(pf, text, len, found);
}

size_t
prefilter_first(const struct prefilter *pf, const char *text, size_t len)
{
	if (!pf->built || pf->nlits == 0)
		return len;
	if (pf->teddy != NULL)
		return teddy_first(pf->teddy, (const unsigned char *)text, len);
	return dfa_first(pf, text, len);
}
