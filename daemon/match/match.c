/*
 * match — the matching engine; see match.h.
 *
 * Eligibility (product, file name, format) is folded into one bitmap per
 * record format when the matcher is built or its source changes, so the
 * per-record work is: one prefilter pass over the text, an AND of bitmaps,
 * and PCRE2 only for the few signatures left.  Hits and their fields live in
 * buffers owned by the matcher and reused from record to record.
 */
#include <ctype.h>
#include <string.h>

#include "lib/buf.h"
#include "decode/event.h"
#include "match/match.h"
#include "platform/platform.h"
#include "match/prefilter.h"
#include "match/regex.h"
#include "match/sigdb.h"
#include "lib/xmalloc.h"

struct field_slot {
	const char	*name;
	size_t		 off;		/* into arena */
	size_t		 len;
};

/* The prefilter ids of the words one pattern requires. */
struct pat_lits {
	size_t			*ids;
	size_t			 n;
};

struct matcher {
	const struct sigdb	*db;
	char			**products;
	size_t			 nproducts;
	struct prefilter	*pf[FMT_COUNT];	/* words of that format's sigs */
	char			**lits;		/* distinct words; prefilter ids */
	size_t			 nlits;
	size_t			 fold_id;	/* see fold_partners */
	struct pat_lits		**plits;	/* [signature][pattern] */
	size_t			 words;		/* of a signature bitmap */
	uint64_t		*always;	/* sigs with a literal-less pattern */
	uint64_t		*has_lits;	/* sigs with a pattern that has words */
	uint64_t		*by_product;	/* product filter */
	uint64_t		*elig[FMT_COUNT];
	uint64_t		*found;		/* words found, by prefilter id */
	size_t			 lwords;
	struct regex_ctx	*rx;
	struct match_stats	 stats;
	uint64_t		*limit_by_sig;	/* match-limit hits, per sig */
	const struct signature	**limited;	/* stopped on the last record */
	size_t			 nlimited;
	char			*source;	/* match_set_source's path */
	int			 source_set;

	/* Per-record results. */
	struct match_hit	*hits;
	size_t			 nhits, caphits;
	struct field_slot	*slots;
	size_t			 nslots, capslots;
	struct match_field	*fields;
	size_t			 capfields;
	size_t			*hit_first_slot;
	size_t			*hit_span;	/* start, end of each hit's match */
	unsigned char		*drop;
	struct buf		 arena;
};

static void
bit_set(uint64_t *v, size_t i)
{
	v[i / 64] |= 1ULL << (i % 64);
}

static int
product_wanted(const struct matcher *m, const char *product)
{
	size_t i;

	if (m->nproducts == 0)
		return 1;
	for (i = 0; i < m->nproducts; i++)
		if (strcmp(m->products[i], product) == 0)
			return 1;
	return 0;
}

/*
 * A signature's patterns of every role, numbered in one sequence: its
 * `match` patterns first, then `then`, `without` and `recover`.  The
 * prefilter indexes them all the same way.
 */
static size_t
sig_npatterns(const struct signature *sig)
{
	size_t n = sig->nmatch;
	int r;

	for (r = ROLE_MATCH + 1; r < ROLE_COUNT; r++)
		n += sig->nrole[r];
	return n;
}

static const struct sig_pattern *
sig_pattern(const struct signature *sig, size_t j, enum sig_role *role)
{
	int r;

	*role = ROLE_MATCH;
	if (j < sig->nmatch)
		return &sig->match[j];
	j -= sig->nmatch;
	for (r = ROLE_MATCH + 1; r < ROLE_COUNT; r++) {
		if (j < sig->nrole[r]) {
			*role = (enum sig_role)r;
			return &sig->role[r][j];
		}
		j -= sig->nrole[r];
	}
	return NULL;
}

#define MATCH_WORDS_PER_PATTERN	2

/*
 * Caseless UTF matching takes U+212A KELVIN SIGN for 'k' and U+017F LONG S
 * for 's': the only characters outside ASCII that PCRE2 holds to be case
 * partners of ASCII letters (checked against every code point).  The words
 * and the prefilter fold ASCII only, so every automaton also looks for
 * those two, under an id of their own, and a record holding one of them
 * is let through as if every word had been found.
 */
static const char *const fold_partners[] = { "\xe2\x84\xaa", "\xc5\xbf" };

/* The longest required words of a pattern, at most MATCH_WORDS_PER_PATTERN. */
static void
pick_words(const struct sig_pattern *sp, const char **pick, size_t *n)
{
	size_t i, k, len;

	*n = 0;
	for (i = 0; i < sp->nliterals; i++) {
		len = strlen(sp->literals[i]);
		for (k = *n; k > 0 && strlen(pick[k - 1]) < len; k--)
			if (k < MATCH_WORDS_PER_PATTERN)
				pick[k] = pick[k - 1];
		if (k < MATCH_WORDS_PER_PATTERN) {
			pick[k] = sp->literals[i];
			if (*n < MATCH_WORDS_PER_PATTERN)
				(*n)++;
		}
	}
}

struct matcher *
match_new(const struct sigdb *db, const char *products)
{
	const char *pick[MATCH_WORDS_PER_PATTERN];
	struct matcher *m = xcalloc(1, sizeof(*m));
	size_t i, j;
	int f;
	const char *p, *start;

	m->db = db;
	m->limit_by_sig = xcalloc(db->nsigs + 1, sizeof(*m->limit_by_sig));
	m->limited = xcalloc(db->nsigs + 1, sizeof(*m->limited));
	for (p = products; p != NULL && *p != '\0';) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != ',' && *p != '\t')
			p++;
		m->products = xreallocarray(m->products, m->nproducts + 1,
		    sizeof(char *));
		m->products[m->nproducts++] = xstrndup(start,
		    (size_t)(p - start));
	}

	/* Number the distinct required words; they are the prefilter's ids. */
	m->plits = xcalloc(db->nsigs + 1, sizeof(*m->plits));
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		m->plits[i] = xcalloc(sig_npatterns(sig) + 1,
		    sizeof(**m->plits));
		for (j = 0; j < sig_npatterns(sig); j++) {
			struct pat_lits *pl = &m->plits[i][j];
			enum sig_role role;
			size_t k, l;

			/*
			 * The two longest words filter as well as all of them
			 * (long words are rare), and short common ones would
			 * only make the automaton bigger and busier; the
			 * pattern itself checks the rest.
			 */
			pick_words(sig_pattern(sig, j, &role), pick, &pl->n);
			pl->ids = xcalloc(pl->n + 1, sizeof(size_t));
			for (k = 0; k < pl->n; k++) {
				const char *w = pick[k];

				for (l = 0; l < m->nlits; l++)
					if (strcmp(m->lits[l], w) == 0)
						break;
				if (l == m->nlits) {
					m->lits = xreallocarray(m->lits,
					    m->nlits + 1, sizeof(char *));
					m->lits[m->nlits++] = xstrdup(w);
				}
				pl->ids[k] = l;
			}
		}
	}
	/*
	 * One automaton per record format, holding only the words of the
	 * signatures that apply to it: a smaller table stays in cache.
	 */
	m->fold_id = m->nlits;
	for (f = 1; f < FMT_COUNT; f++) {
		m->pf[f] = prefilter_new(m->nlits + 1);
		for (j = 0; j < sizeof(fold_partners) / sizeof(*fold_partners);
		    j++)
			prefilter_add(m->pf[f], fold_partners[j],
			    strlen(fold_partners[j]), m->fold_id);
		for (i = 0; i < db->nsigs; i++) {
			const struct signature *sig = &db->sigs[i];

			if (!(sig->formats & FMT_MASK(f)) ||
			    !product_wanted(m, sig->product))
				continue;
			for (j = 0; j < sig_npatterns(sig); j++) {
				const struct pat_lits *pl = &m->plits[i][j];
				size_t k;

				for (k = 0; k < pl->n; k++)
					prefilter_add(m->pf[f],
					    m->lits[pl->ids[k]],
					    strlen(m->lits[pl->ids[k]]),
					    pl->ids[k]);
			}
		}
		prefilter_build(m->pf[f]);
	}
	m->lwords = prefilter_words(m->pf[1]);
	m->found = xcalloc(m->lwords, sizeof(uint64_t));

	m->words = (db->nsigs + 63) / 64 + 1;
	m->always = xcalloc(m->words, sizeof(uint64_t));
	m->has_lits = xcalloc(m->words, sizeof(uint64_t));
	m->by_product = xcalloc(m->words, sizeof(uint64_t));
	for (i = 0; i < FMT_COUNT; i++)
		m->elig[i] = xcalloc(m->words, sizeof(uint64_t));
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		if (product_wanted(m, sig->product))
			bit_set(m->by_product, i);
		for (j = 0; j < sig_npatterns(sig); j++) {
			enum sig_role role;

			if (sig_pattern(sig, j, &role)->nliterals == 0)
				bit_set(m->always, i);
			else
				bit_set(m->has_lits, i);
		}
	}
	m->rx = regex_ctx_new();
	match_set_source(m, NULL);
	return m;
}

void
match_free(struct matcher *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->nproducts; i++)
		xfree(m->products[i]);
	xfree(m->products);
	for (i = 1; i < FMT_COUNT; i++)
		prefilter_free(m->pf[i]);
	for (i = 0; i < m->db->nsigs; i++) {
		for (j = 0; j < sig_npatterns(&m->db->sigs[i]); j++)
			xfree(m->plits[i][j].ids);
		xfree(m->plits[i]);
	}
	xfree(m->plits);
	for (i = 0; i < m->nlits; i++)
		xfree(m->lits[i]);
	xfree(m->lits);
	xfree(m->always);
	xfree(m->has_lits);
	xfree(m->by_product);
	xfree(m->found);
	for (i = 0; i < FMT_COUNT; i++)
		xfree(m->elig[i]);
	regex_ctx_free(m->rx);
	xfree(m->hits);
	xfree(m->slots);
	xfree(m->fields);
	xfree(m->hit_first_slot);
	xfree(m->hit_span);
	xfree(m->drop);
	xfree(m->limit_by_sig);
	xfree(m->limited);
	xfree(m->source);
	buf_free(&m->arena);
	xfree(m);
}

uint64_t
match_limit_hits(const struct matcher *m, const struct signature *sig)
{
	return m->limit_by_sig[sig->index];
}

size_t
match_limited(const struct matcher *m, const struct signature *const **sigs)
{
	*sigs = m->limited;
	return m->nlimited;
}

/* A pattern of sig stopped at the match limit on this record. */
static void
note_limit(struct matcher *m, const struct signature *sig)
{
	m->limit_by_sig[sig->index]++;
	if (m->nlimited == 0 || m->limited[m->nlimited - 1] != sig)
		m->limited[m->nlimited++] = sig;
}

static int
source_wanted(const struct signature *sig, const char *base)
{
	size_t i;

	if (sig->nsources == 0)
		return 1;
	if (base == NULL)
		return 0;
	for (i = 0; i < sig->nsources; i++)
		if (platform_glob_match(sig->sources[i], base, 1))
			return 1;
	return 0;
}

void
match_set_source(struct matcher *m, const char *path)
{
	const char *base = NULL, *slash;
	size_t i;
	int f;

	/* Records of one file come in runs: a repeat costs a compare. */
	if (m->source_set && ((path == NULL && m->source == NULL) ||
	    (path != NULL && m->source != NULL &&
	    strcmp(path, m->source) == 0)))
		return;
	xfree(m->source);
	m->source = path != NULL ? xstrdup(path) : NULL;
	m->source_set = 1;
	if (path != NULL) {
		/* Windows paths can reach us too (configs, UNC mounts). */
		base = path;
		if ((slash = strrchr(base, '/')) != NULL)
			base = slash + 1;
		if ((slash = strrchr(base, '\\')) != NULL)
			base = slash + 1;
	}
	for (f = 0; f < FMT_COUNT; f++)
		memset(m->elig[f], 0, m->words * sizeof(uint64_t));
	for (i = 0; i < m->db->nsigs; i++) {
		const struct signature *sig = &m->db->sigs[i];

		if (!(m->by_product[i / 64] & (1ULL << (i % 64))))
			continue;
		if (!source_wanted(sig, base))
			continue;
		for (f = 1; f < FMT_COUNT; f++)
			if (sig->formats & FMT_MASK(f))
				bit_set(m->elig[f], i);
	}
}

static void
add_hit(struct matcher *m, const struct signature *sig, enum sig_role role,
    const struct regex *re, const char *text)
{
	int i, group;
	size_t start, end;

	if (m->nhits == m->caphits) {
		m->caphits = m->caphits ? m->caphits * 2 : 8;
		m->hits = xreallocarray(m->hits, m->caphits, sizeof(*m->hits));
		m->hit_first_slot = xreallocarray(m->hit_first_slot,
		    m->caphits, sizeof(size_t));
		m->hit_span = xreallocarray(m->hit_span, m->caphits,
		    2 * sizeof(size_t));
		m->drop = xreallocarray(m->drop, m->caphits, 1);
	}
	m->hits[m->nhits].sig = sig;
	m->hits[m->nhits].role = role;
	m->hits[m->nhits].nfields = 0;
	m->hit_first_slot[m->nhits] = m->nslots;
	if (regex_group(m->rx, 0, &start, &end) == -1)
		start = end = 0;
	m->hit_span[2 * m->nhits] = start;
	m->hit_span[2 * m->nhits + 1] = end;
	for (i = 0; i < regex_name_count(re); i++) {
		const char *name = regex_name(re, i, &group);

		if (regex_group(m->rx, group, &start, &end) == -1)
			continue;
		if (m->nslots == m->capslots) {
			m->capslots = m->capslots ? m->capslots * 2 : 16;
			m->slots = xreallocarray(m->slots, m->capslots,
			    sizeof(*m->slots));
		}
		m->slots[m->nslots].name = name;
		m->slots[m->nslots].off = m->arena.len;
		m->slots[m->nslots].len = end - start;
		buf_append(&m->arena, text + start, end - start);
		buf_putc(&m->arena, '\0');
		m->nslots++;
		m->hits[m->nhits].nfields++;
	}
	m->nhits++;
}

/* Whether every word pattern j of signature i requires was found. */
static int
words_found(const struct matcher *m, size_t i, size_t j)
{
	const struct pat_lits *pl = &m->plits[i][j];
	size_t k;

	for (k = 0; k < pl->n; k++)
		if (!(m->found[pl->ids[k] / 64] & (1ULL << (pl->ids[k] % 64))))
			return 0;
	return 1;
}

/*
 * Run sig's patterns over the record.  Each role yields at most one hit:
 * the first of its patterns that matches gives the fields.  `unless`
 * vetoes the failure (role match) only; a recovery or a sequence step is
 * what it is whatever else the record says.
 */
static void
try_signature(struct matcher *m, const struct signature *sig,
    const struct event *ev)
{
	const struct sig_pattern *p;
	enum sig_role role;
	unsigned done = 0;
	size_t i, n = sig_npatterns(sig);
	int tried = 0, rc;

	for (i = 0; i < n; i++) {
		p = sig_pattern(sig, i, &role);
		if ((done & (1u << role)) || !words_found(m, sig->index, i))
			continue;
		if (!tried++)
			m->stats.candidates++;
		m->stats.regex_runs++;
		if ((rc = regex_exec(p->re, m->rx, ev->text, ev->text_len)) != 1) {
			if (rc == -1)
				note_limit(m, sig);
			continue;
		}
		done |= 1u << role;
		/* The fields are read before `unless` reuses the context. */
		add_hit(m, sig, role, p->re, ev->text);
		if (role != ROLE_MATCH)
			continue;
		for (size_t u = 0; u < sig->nunless; u++) {
			m->stats.regex_runs++;
			if ((rc = regex_exec(sig->unless[u].re, m->rx, ev->text,
			    ev->text_len)) == -1)
				note_limit(m, sig);
			if (rc == 1) {
				/* Take the hit back, with its fields. */
				m->nhits--;
				m->nslots = m->hit_first_slot[m->nhits];
				break;
			}
		}
	}
}

/*
 * Whether a line starts with a date (1-4 digits, a separator, 1-2 digits,
 * the same separator, digits): a log entry of its own, glued on.
 */
static int
line_is_dated(const char *s, const char *e)
{
	const char *p = s;
	char sep;
	int k;

	for (k = 0; p < e && *p >= '0' && *p <= '9' && k < 4; p++, k++)
		;
	if (k == 0 || p >= e || (*p != '-' && *p != '/' && *p != '.'))
		return 0;
	sep = *p++;
	for (k = 0; p < e && *p >= '0' && *p <= '9' && k < 2; p++, k++)
		;
	return k > 0 && p + 1 < e && *p == sep && p[1] >= '0' && p[1] <= '9';
}

/*
 * Whether hits a and b read the same event of the record: their matches
 * overlap, or the text between them is one piece of it, with no blank
 * line and no line that starts with a date of its own (an exception and
 * its inner exception, a ConfigMgr message over `~` lines, an Enterprise
 * Library Message: and the exception under it).
 */
static int
same_event(const struct matcher *m, const char *text, size_t a, size_t b)
{
	size_t as = m->hit_span[2 * a], ae = m->hit_span[2 * a + 1];
	size_t bs = m->hit_span[2 * b], be = m->hit_span[2 * b + 1];
	const char *p, *e, *nl;

	if (as < be && bs < ae)
		return 1;
	if (ae <= bs) {
		p = text + ae;
		e = text + bs;
	} else {
		p = text + be;
		e = text + as;
	}
	while (p < e && (nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		p = nl + 1;
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < e && *p == '\n')
			return 0;
		if (line_is_dated(p, e))
			return 0;
	}
	return 1;
}

/*
 * Hit k is dropped when a `match` hit of a signature that supersedes its
 * signature read the same event (same_event): the more specific reading
 * wins.  A different event that sits in the same record (after a blank
 * line, or on a dated line of its own) keeps its hit.
 */
static int
superseded(const struct matcher *m, const char *text, size_t k)
{
	const struct match_hit *h = &m->hits[k];
	size_t i, j;

	if (h->role != ROLE_MATCH)
		return 0;
	for (i = 0; i < m->nhits; i++) {
		const struct signature *o = m->hits[i].sig;

		if (i == k || m->hits[i].role != ROLE_MATCH)
			continue;
		for (j = 0; j < o->nsupersedes; j++)
			if (o->supersedes[j] == h->sig->index &&
			    same_event(m, text, i, k))
				return 1;
	}
	return 0;
}

size_t
match_event(struct matcher *m, const struct event *ev,
    const struct match_hit **hits)
{
	const uint64_t *elig;
	size_t w, i, out, slot;
	uint64_t bits;
	int any;

	m->nhits = 0;
	m->nslots = 0;
	m->nlimited = 0;
	buf_reset(&m->arena);
	m->stats.events++;
	*hits = NULL;
	if (ev->format <= FMT_AUTO || ev->format >= FMT_COUNT)
		return 0;
	elig = m->elig[ev->format];

	memset(m->found, 0, m->lwords * sizeof(uint64_t));
	any = prefilter_scan(m->pf[ev->format], ev->text, ev->text_len,
	    m->found) > 0;
	if (m->found[m->fold_id / 64] & (1ULL << (m->fold_id % 64)))
		memset(m->found, 0xff, m->lwords * sizeof(uint64_t));
	for (w = 0; w < m->words; w++) {
		bits = (m->always[w] | (any ? m->has_lits[w] : 0)) & elig[w];
		while (bits != 0) {
			i = w * 64 + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			try_signature(m, &m->db->sigs[i], ev);
		}
	}
	m->stats.limit_hits = regex_ctx_limit_hits(m->rx);
	if (m->nhits == 0)
		return 0;

	/*
	 * Resolve supersession, then build the field arrays: the arena has
	 * stopped growing, so pointers into it are stable now.
	 */
	if (m->capfields < m->nslots) {
		m->capfields = m->nslots;
		m->fields = xreallocarray(m->fields, m->capfields,
		    sizeof(*m->fields));
	}
	for (i = 0; i < m->nslots; i++) {
		m->fields[i].name = m->slots[i].name;
		m->fields[i].value = m->arena.data + m->slots[i].off;
		m->fields[i].len = m->slots[i].len;
	}
	/* Decide on the full list first, then compact. */
	for (i = 0; i < m->nhits; i++)
		m->drop[i] = superseded(m, ev->text, i);
	for (i = 0, out = 0; i < m->nhits; i++) {
		if (m->drop[i])
			continue;
		slot = m->hit_first_slot[i];
		m->hits[out] = m->hits[i];
		m->hits[out].fields = m->hits[i].nfields ? &m->fields[slot] :
		    NULL;
		out++;
	}
	m->nhits = out;
	m->stats.hits += out;
	*hits = m->hits;
	return out;
}

const struct match_stats *
match_stats(const struct matcher *m)
{
	return &m->stats;
}

const struct match_field *
match_field(const struct match_hit *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i].name, name) == 0)
			return &h->fields[i];
	return NULL;
}
