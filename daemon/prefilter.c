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
 * Scan: for each byte, state = next[state * nclass + class[byte]]; when the
 * state has outputs, their ids are set in the caller's bitmap.  States with
 * outputs are flagged in a byte array to keep the hot loop to two loads.
 */
#include <string.h>

#include "prefilter.h"
#include "xmalloc.h"

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
	uint32_t	*next;		/* nstates * nclass */
	uint8_t		*accept;	/* per state: has outputs */
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
	xfree(pf->accept);
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

	pf->next = xcalloc(pf->nstates * pf->nclass, sizeof(uint32_t));
	pf->accept = xcalloc(pf->nstates, 1);
	for (s = 0; s < pf->nstates; s++) {
		/* Class 0 = a byte in no literal: where any such byte leads. */
		pf->next[s * pf->nclass] = (uint32_t)pf->trie[s * 256 + 0];
		for (c = 0; c < 256; c++) {
			k = pf->cls[c];
			if (k != 0)
				pf->next[s * pf->nclass + k] =
				    (uint32_t)pf->trie[s * 256 + c];
		}
		pf->accept[s] = pf->out[s].n > 0;
	}
	/*
	 * Byte 0 may itself be "used" only if a literal holds NUL, which
	 * regex_literal never produces; so class 0's row is exactly the
	 * transitions on an unused byte.
	 */
	xfree(pf->trie);
	pf->trie = NULL;
}

size_t
prefilter_words(const struct prefilter *pf)
{
	return pf->words;
}

size_t
prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
    uint64_t *found)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	const uint32_t *next = pf->next;
	const uint8_t *cls = pf->cls;
	size_t nclass = pf->nclass, nfound = 0, i;
	uint32_t s = 0;

	if (!pf->built)
		return 0;
	while (p < end) {
		s = next[(size_t)s * nclass + cls[*p++]];
		if (pf->accept[s]) {
			const struct pf_out *o = &pf->out[s];
			for (i = 0; i < o->n; i++) {
				size_t id = o->ids[i];
				if (!(found[id / 64] & (1ULL << (id % 64)))) {
					found[id / 64] |= 1ULL << (id % 64);
					nfound++;
				}
			}
		}
	}
	return nfound;
}
