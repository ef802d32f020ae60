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
#include <string.h>

#include "match/prefilter.h"
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
	int		 built;
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
	int c;
	int32_t t;

	if (pf->built || id >= pf->nids || len == 0)
		return;
	for (i = 0; i < len; i++) {
		c = pf_fold((unsigned char)lit[i]);
		t = pf->trie[s * 256 + c];
		if (t < 0) {
			t = (int32_t)pf_new_state(pf);
			pf->trie[s * 256 + c] = t;
		}
		s = (size_t)t;
	}
	pf_out_add(&pf->out[s], id);
}

void
prefilter_build(struct prefilter *pf)
{
	uint8_t used[256] = { 0 };
	int32_t *fail;
	size_t *queue, head = 0, tail = 0, s, i;
	int c, k;

	if (pf->built)
		return;
	pf->built = 1;

	/* Byte classes: one per folded byte used by a literal, 0 for others. */
	for (s = 0; s < pf->nstates; s++)
		for (c = 0; c < 256; c++)
			if (pf->trie[s * 256 + c] >= 0)
				used[c] = 1;
	pf->nclass = 1;
	for (c = 0; c < 256; c++)
		if (used[c])
			pf->cls[c] = (uint8_t)pf->nclass++;
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
			/* Class 0: a byte in no literal (byte 0 is never one). */
			pf->next[row] = newid[pf->trie[s * 256 + 0]] *
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

size_t
prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
    uint64_t *found)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	const uint8_t *cls = pf->cls;
	const uint32_t acc = (uint32_t)(pf->acc_lo * pf->nclass);
	size_t nfound = 0;
	uint32_t s = 0;

	if (!pf->built || pf->nstates <= 1)
		return 0;
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
