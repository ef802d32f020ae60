/*
 * check_teddy — every prefilter path (Aho-Corasick DFA, scalar Teddy,
 * SSSE3, AVX2, AVX2 fat, automatic) against a naive reference and against
 * each other, on the catalog's literals and on random sets, random texts and
 * literals placed across every block boundary.  Paths this CPU lacks are
 * skipped (and said so once).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/prefilter.h"
#include "match/sigdb.h"
#include "testutil.h"

static const enum prefilter_path paths[] = {
	PREFILTER_DFA, PREFILTER_SCALAR, PREFILTER_SSSE3, PREFILTER_AVX2,
	PREFILTER_AVX2_FAT, PREFILTER_AUTO,
};
#define NPATHS	(sizeof(paths) / sizeof(paths[0]))

struct lset {
	char		**s;
	size_t		*len;
	size_t		*id;
	size_t		 n;
	size_t		 nids;
	size_t		 minlen;
};

static unsigned long long rs = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)((rs >> 11) % n);
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Where lit first starts in text (ASCII letters either case), or -1. */
static long
naive_find(const unsigned char *text, size_t len, const char *lit, size_t n)
{
	size_t i, j;

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (fold(text[i + j]) != fold((unsigned char)lit[j]))
				break;
		if (j == n)
			return (long)i;
	}
	return -1;
}

static void
lset_add(struct lset *l, const char *s, size_t len, size_t id)
{
	l->s = realloc(l->s, (l->n + 1) * sizeof(char *));
	l->len = realloc(l->len, (l->n + 1) * sizeof(size_t));
	l->id = realloc(l->id, (l->n + 1) * sizeof(size_t));
	ck_assert(l->s != NULL && l->len != NULL && l->id != NULL);
	l->s[l->n] = malloc(len + 1);
	memcpy(l->s[l->n], s, len);
	l->s[l->n][len] = '\0';
	l->len[l->n] = len;
	l->id[l->n] = id;
	if (id + 1 > l->nids)
		l->nids = id + 1;
	if (l->n == 0 || len < l->minlen)
		l->minlen = len;
	l->n++;
}

static void
lset_free(struct lset *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->len);
	free(l->id);
	memset(l, 0, sizeof(*l));
}

/* Every required word of every pattern of the shipped catalog. */
static void
lset_catalog(struct lset *l)
{
	char dir[4096], *cause = NULL;
	struct sigdb *db;
	size_t i, j, k, m;
	int r;

	snprintf(dir, sizeof(dir), "%s/patterns", test_srcdir());
	db = sigdb_load(dir, &cause);
	ck_assert_msg(db != NULL, "%s", cause ? cause : dir);
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		for (r = 0; r < ROLE_COUNT; r++) {
			const struct sig_pattern *ps = r == ROLE_MATCH ?
			    sig->match : sig->role[r];
			size_t np = r == ROLE_MATCH ? sig->nmatch : sig->nrole[r];

			for (j = 0; j < np; j++)
				for (k = 0; k < ps[j].nliterals; k++) {
					const char *w = ps[j].literals[k];

					for (m = 0; m < l->n; m++)
						if (strcmp(l->s[m], w) == 0)
							break;
					if (m == l->n)
						lset_add(l, w, strlen(w), l->n);
				}
		}
	}
	sigdb_free(db);
	ck_assert_uint_gt(l->n, 20);
}

static const char *const vocab[] = {
	"instruction", "connection", "connect", "public key", "(407)",
	"statmsg", "4404", "sender", "send", "ending", "fehlgeschlagen",
	"Verbindung", "échec", "connexion refusée", "接続", "失敗しました",
	"Zugriff verweigert", "ß", "øre", "exception", "timeout",
	"sms_despooler", "instance", "NullReference",
};

/*
 * A random set of n literals: words, random strings, prefixes, suffixes
 * and one-byte variants of earlier ones; with shorts, some of 1..2 bytes.
 * About one literal in eight shares the id of an earlier one.
 */
static void
lset_random(struct lset *l, size_t n, int shorts)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
	    "0123456789 _-.:\\/()[]<>=";
	char buf[64];
	size_t len, i, id;

	while (l->n < n) {
		unsigned kind = l->n == 0 ? 0 : rnd(6);
		const char *src;

		len = 0;
		switch (kind) {
		case 0:		/* a word */
			src = vocab[rnd(sizeof(vocab) / sizeof(vocab[0]))];
			len = strlen(src);
			memcpy(buf, src, len);
			break;
		case 1:		/* a prefix of an earlier one */
		case 2:		/* a suffix */
			i = rnd((unsigned)l->n);
			if (l->len[i] < 2)
				continue;
			len = 1 + rnd((unsigned)l->len[i] - 1);
			memcpy(buf, kind == 1 ? l->s[i] :
			    l->s[i] + l->len[i] - len, len);
			break;
		case 3:		/* one byte different */
			i = rnd((unsigned)l->n);
			len = l->len[i];
			memcpy(buf, l->s[i], len);
			buf[rnd((unsigned)len)] = alpha[rnd(sizeof(alpha) - 1)];
			break;
		default:	/* random, sometimes long */
			len = rnd(8) == 0 ? 20 + rnd(30) : 3 + rnd(10);
			for (i = 0; i < len; i++)
				buf[i] = alpha[rnd(sizeof(alpha) - 1)];
			if (rnd(4) == 0)	/* a UTF-8 letter inside */
				memcpy(buf + rnd((unsigned)len - 1), "\xc3\xa9", 2);
			break;
		}
		if (len == 0)
			continue;
		if (!shorts && len < 3)
			continue;
		if (shorts && rnd(6) == 0 && len > 2)
			len = 1 + rnd(2);
		for (i = 0; i < l->n; i++)
			if (l->len[i] == len && memcmp(l->s[i], buf, len) == 0)
				break;
		if (i < l->n)
			continue;
		id = l->n > 0 && rnd(8) == 0 ? l->id[rnd((unsigned)l->n)] :
		    l->nids;
		lset_add(l, buf, len, id);
	}
}

/* A random text of len bytes: log-like bytes, literals, near misses. */
static void
text_random(unsigned char *t, size_t len, const struct lset *l)
{
	static const char filler[] = "eeetttaaooinsrhldcumfpgwybvk  ,.:\\"
	    "0123456789ABCDEFGHIRST()<>_-~$";
	size_t i = 0, k, w;

	while (i < len) {
		unsigned what = rnd(40);

		if (what < 3 && l->n > 0) {	/* a literal, random case */
			w = rnd((unsigned)l->n);
			for (k = 0; k < l->len[w] && i < len; k++) {
				unsigned char c = (unsigned char)l->s[w][k];

				if (rnd(2) && c >= 'a' && c <= 'z')
					c = (unsigned char)(c - 32);
				else if (rnd(2) && c >= 'A' && c <= 'Z')
					c = (unsigned char)(c + 32);
				t[i++] = c;
			}
		} else if (what < 5 && l->n > 0) {	/* a near miss */
			w = rnd((unsigned)l->n);
			for (k = 0; k + 1 < l->len[w] && i < len; k++)
				t[i++] = (unsigned char)l->s[w][k];
			if (i < len)
				t[i++] = (unsigned char)filler[rnd(
				    sizeof(filler) - 1)];
		} else if (what == 5)
			t[i++] = 0;
		else if (what == 6 && i + 3 <= len) {	/* UTF-8 */
			memcpy(t + i, rnd(2) ? "\xe6\x8e\xa5" : "\xc3\xbc\x20", 3);
			i += 3;
		} else if (what == 7)
			t[i++] = (unsigned char)(0x80 + rnd(128));
		else
			t[i++] = (unsigned char)filler[rnd(sizeof(filler) - 1)];
	}
}

struct pfs {
	struct prefilter	*pf[NPATHS];
	int			 ok[NPATHS];
};

static int skipped_said[NPATHS];

static void
pfs_build(struct pfs *p, const struct lset *l)
{
	size_t k, i;

	for (k = 0; k < NPATHS; k++) {
		p->ok[k] = prefilter_force_path(paths[k]) == 0;
		if (!p->ok[k]) {
			if (!skipped_said[k]++)
				fprintf(stderr, "check_teddy: path %s not on "
				    "this CPU, skipped\n",
				    prefilter_path_name(paths[k]));
			p->pf[k] = NULL;
			continue;
		}
		p->pf[k] = prefilter_new(l->nids);
		for (i = 0; i < l->n; i++)
			prefilter_add(p->pf[k], l->s[i], l->len[i], l->id[i]);
		prefilter_build(p->pf[k]);
		if (paths[k] != PREFILTER_AUTO)
			ck_assert_int_eq(prefilter_path(p->pf[k]), paths[k]);
	}
	ck_assert_int_eq(prefilter_force_path(PREFILTER_AUTO), 0);
}

static void
pfs_free(struct pfs *p)
{
	size_t k;

	for (k = 0; k < NPATHS; k++)
		prefilter_free(p->pf[k]);
}

/*
 * Every path on one text: the ids found, their count and prefilter_first
 * agree with the reference.
 */
static void
check_text(const struct pfs *p, const struct lset *l, const unsigned char *t,
    size_t len, const char *what)
{
	uint64_t want[8], got[8];
	size_t words = (l->nids + 63) / 64, i, k, nwant = 0, first;
	long at, minat = -1;

	ck_assert_uint_le(words, 8);
	memset(want, 0, sizeof(want));
	for (i = 0; i < l->n; i++) {
		at = naive_find(t, len, l->s[i], l->len[i]);
		if (at < 0)
			continue;
		if (minat < 0 || at < minat)
			minat = at;
		if (!(want[l->id[i] / 64] & (1ULL << (l->id[i] % 64)))) {
			want[l->id[i] / 64] |= 1ULL << (l->id[i] % 64);
			nwant++;
		}
	}
	for (k = 0; k < NPATHS; k++) {
		const char *pn = prefilter_path_name(paths[k]);
		size_t n;

		if (!p->ok[k])
			continue;
		memset(got, 0, sizeof(got));
		n = prefilter_scan(p->pf[k], (const char *)t, len, got);
		for (i = 0; i < words; i++)
			ck_assert_msg(got[i] == want[i], "%s, path %s, %zu "
			    "literals, text of %zu: word %zu is %#llx, want "
			    "%#llx", what, pn, l->n, len, i,
			    (unsigned long long)got[i],
			    (unsigned long long)want[i]);
		ck_assert_msg(n == nwant, "%s, path %s: %zu ids, want %zu",
		    what, pn, n, nwant);
		first = prefilter_first(p->pf[k], (const char *)t, len);
		if (minat < 0)
			ck_assert_msg(first == len, "%s, path %s: first %zu "
			    "in a text of %zu without a literal", what, pn,
			    first, len);
		else {
			ck_assert_msg(first <= (size_t)minat, "%s, path %s: "
			    "first %zu after a literal at %ld", what, pn,
			    first, minat);
			/* Teddy's answer is exact but for short literals. */
			if (prefilter_path(p->pf[k]) != PREFILTER_DFA)
				ck_assert_msg(first + 3 >= (size_t)minat,
				    "%s, path %s: first %zu, literal at %ld",
				    what, pn, first, minat);
		}
	}
}

static void
check_set(const struct lset *l, const char *what, size_t ntexts)
{
	static unsigned char big[65536 + 64];
	unsigned char t[320];
	struct pfs p;
	size_t i, len;

	pfs_build(&p, l);
	check_text(&p, l, t, 0, what);
	for (i = 0; i < ntexts; i++) {
		len = rnd(301);
		text_random(t, len, l);
		check_text(&p, l, t, len, what);
	}
	for (i = 0; i < 3; i++) {
		len = 65536 - 31 + rnd(64);
		text_random(big, len, l);
		check_text(&p, l, big, len, what);
	}
	/* A long text of filler: nothing at all, or one literal at its end. */
	memset(big, '#', 65536);
	check_text(&p, l, big, 65536, what);
	memcpy(big + 65536 - l->len[0], l->s[0], l->len[0]);
	check_text(&p, l, big, 65536, what);
	pfs_free(&p);
}

START_TEST(test_catalog_literals)
{
	struct lset l = { 0 };

	rs = 1;
	lset_catalog(&l);
	check_set(&l, "catalog", 600);
	lset_free(&l);
}
END_TEST

START_TEST(test_random_sets)
{
	static const size_t sizes[] = { 1, 7, 8, 9, 16, 17, 100, 400 };
	struct lset l = { 0 };
	char what[64];
	size_t i;
	int shorts;

	for (shorts = 0; shorts < 2; shorts++)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			rs = 1000 + sizes[i] * 2 + (unsigned)shorts;
			lset_random(&l, sizes[i], shorts);
			snprintf(what, sizeof(what), "random %zu%s", sizes[i],
			    shorts ? " with shorts" : "");
			check_set(&l, what, sizes[i] >= 100 ? 150 : 300);
			lset_free(&l);
		}
}
END_TEST

/* Each literal alone at every offset of texts of 1..100 bytes. */
START_TEST(test_every_offset)
{
	static const char *const lits[] = {
		"needle", "ab", "q", "zq9", "instructions-are-long-here",
		"\xe6\x8e\xa5\xe7\xb6\x9a", "Stat",
	};
	unsigned char t[128];
	struct lset l = { 0 };
	struct pfs p;
	size_t w, len, at;

	for (w = 0; w < sizeof(lits) / sizeof(lits[0]); w++) {
		lset_add(&l, lits[w], strlen(lits[w]), 0);
		pfs_build(&p, &l);
		for (len = 1; len <= 100; len++) {
			memset(t, '.', len);
			check_text(&p, &l, t, len, lits[w]);
			for (at = 0; at + l.len[0] <= len; at++) {
				memset(t, '.', len);
				memcpy(t + at, lits[w], l.len[0]);
				if (at % 2 && lits[w][0] >= 'a' &&
				    lits[w][0] <= 'z')
					t[at] = (unsigned char)(t[at] - 32);
				check_text(&p, &l, t, len, lits[w]);
			}
		}
		pfs_free(&p);
		lset_free(&l);
	}
}
END_TEST

/* Several literals straddling the 16- and 32-byte blocks of one text. */
START_TEST(test_block_boundaries)
{
	struct lset l = { 0 };
	unsigned char t[200];
	struct pfs p;
	size_t a, b;

	lset_add(&l, "abcd", 4, 0);
	lset_add(&l, "xyz", 3, 1);
	lset_add(&l, "longer literal", 14, 2);
	lset_add(&l, "q", 1, 3);
	pfs_build(&p, &l);
	for (a = 0; a < 60; a++)
		for (b = a + 4; b < 100; b += 3) {
			memset(t, ' ', sizeof(t));
			memcpy(t + a, "ABCD", 4);
			memcpy(t + b, "longer LITERAL", 14);
			check_text(&p, &l, t, b + 14, "boundaries");
			check_text(&p, &l, t, b + 13, "boundaries, cut");
			t[b + 14] = 'Q';
			check_text(&p, &l, t, b + 15, "boundaries, q");
		}
	pfs_free(&p);
	lset_free(&l);
}
END_TEST

START_TEST(test_paths)
{
	ck_assert_int_eq(prefilter_force_path(PREFILTER_DFA), 0);
	ck_assert_int_eq(prefilter_force_path(PREFILTER_SCALAR), 0);
	ck_assert_int_eq(prefilter_force_path((enum prefilter_path)99), -1);
	ck_assert_int_eq(prefilter_force_path(PREFILTER_AUTO), 0);
	ck_assert_str_eq(prefilter_path_name(PREFILTER_AVX2_FAT), "avx2-fat");
	ck_assert_str_eq(prefilter_path_name(PREFILTER_DFA), "dfa");
}
END_TEST

Suite *
teddy_suite(void)
{
	Suite *s = suite_create("teddy");
	TCase *tc = tcase_create("differential");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_catalog_literals);
	tcase_add_test(tc, test_random_sets);
	tcase_add_test(tc, test_every_offset);
	tcase_add_test(tc, test_block_boundaries);
	suite_add_tcase(s, tc);
	return s;
}
