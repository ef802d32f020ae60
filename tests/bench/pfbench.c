/*
 * pfbench — the prefilter alone: bytes per second of prefilter_scan over the
 * records of a log, for every search path, on the catalog's literal set and
 * on synthetic sets of growing size (the Teddy/DFA crossover).
 *
 *   pfbench [-m MB] [-p PATH] [-r RUNS] [-s] LOG PATTERN-DIR
 *
 * The records are what `syncwatch scan --format configmgr` hands the
 * prefilter (the message text of each record, decoded by text and event).
 * The literal set is the one match.c builds for the configmgr format: the
 * two longest required words of every pattern of every role.  Synthetic sets
 * (-s) of N literals are drawn from two sources: "vocab", words of 4..12
 * letters taken from the log itself (many occur: a pessimistic case), and
 * "rare", random letter strings of 5..12 bytes with English letter
 * frequencies (they almost never occur).  Timings are the best of RUNS
 * interleaved runs.  -m reads only the first MB MiB of the log, -p times one
 * path only (for callgrind).  Every path must find the same ids; pfbench
 * exits 1 if not.  Built by tests/bench/run.sh against the objects of the
 * build.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decode/event.h"
#include "match/prefilter.h"
#include "match/sigdb.h"
#include "match/teddy.h"
#include "decode/text.h"

struct recs {
	char	*data;
	size_t	 len, cap;
	size_t	*off;		/* record i: data[off[i]..off[i+1]) */
	size_t	 n, capn;
};

static void *
xrealloc_or_die(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("pfbench");
		exit(2);
	}
	return p;
}

static void
on_event(void *arg, const struct event *ev)
{
	struct recs *r = arg;

	if (r->len + ev->text_len > r->cap) {
		r->cap = (r->len + ev->text_len) * 2 + 4096;
		r->data = xrealloc_or_die(r->data, r->cap);
	}
	if (r->n + 2 > r->capn) {
		r->capn = r->capn * 2 + 1024;
		r->off = xrealloc_or_die(r->off, r->capn * sizeof(size_t));
	}
	if (r->n == 0)
		r->off[0] = 0;
	memcpy(r->data + r->len, ev->text, ev->text_len);
	r->len += ev->text_len;
	r->off[++r->n] = r->len;
}

struct feed {
	struct event_parser	*ep;
	struct recs		*r;
};

static void
on_line(void *arg, const char *line, size_t len, uint64_t line_no,
    uint64_t end_offset, int flags)
{
	struct feed *f = arg;

	event_line(f->ep, line, len, line_no, end_offset, flags, on_event, f->r);
}

static void
load_records(const char *path, struct recs *r, size_t limit)
{
	struct text_decoder *td = text_new(0);
	struct feed f;
	static char chunk[1 << 20];
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	f.ep = event_new(FMT_CONFIGMGR, 0, 0);
	f.r = r;
	while (limit > 0 && (n = fread(chunk, 1, sizeof(chunk) < limit ?
	    sizeof(chunk) : limit, fp)) > 0) {
		text_feed(td, chunk, n, on_line, &f);
		limit -= n;
	}
	text_finish(td, on_line, &f);
	event_flush(f.ep, on_event, r);
	event_free(f.ep);
	text_free(td);
	fclose(fp);
}

struct lits {
	char	**s;
	size_t	 n;
};

static void
lit_add(struct lits *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->s[i], s) == 0)
			return;
	l->s = xrealloc_or_die(l->s, (l->n + 1) * sizeof(char *));
	l->s[l->n++] = strdup(s);
}

/* As match.c: the two longest words of every pattern of a configmgr sig. */
static void
catalog(const char *dir, struct lits *l)
{
	char *cause = NULL;
	struct sigdb *db = sigdb_load(dir, &cause);
	size_t i, j, k;
	int r;

	if (db == NULL) {
		fprintf(stderr, "pfbench: %s\n", cause ? cause : dir);
		exit(2);
	}
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		if (!(sig->formats & FMT_MASK(FMT_CONFIGMGR)))
			continue;
		for (r = 0; r < ROLE_COUNT; r++) {
			const struct sig_pattern *ps = r == ROLE_MATCH ?
			    sig->match : sig->role[r];
			size_t np = r == ROLE_MATCH ? sig->nmatch : sig->nrole[r];

			for (j = 0; j < np; j++) {
				const char *a = NULL, *b = NULL;

				for (k = 0; k < ps[j].nliterals; k++) {
					const char *w = ps[j].literals[k];

					if (a == NULL || strlen(w) > strlen(a)) {
						b = a;
						a = w;
					} else if (b == NULL ||
					    strlen(w) > strlen(b))
						b = w;
				}
				if (a != NULL)
					lit_add(l, a);
				if (b != NULL)
					lit_add(l, b);
			}
		}
	}
	sigdb_free(db);
}

static unsigned long rng = 88172645463325252UL;

static unsigned long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Words of 4..12 letters of the records, lower-cased, distinct. */
static void
vocab(const struct recs *r, struct lits *l, size_t want)
{
	char w[16];
	size_t tries;

	for (tries = 0; l->n < want && tries < want * 1000; tries++) {
		size_t at = rnd() % r->len, n = 0;

		while (at < r->len && isalpha((unsigned char)r->data[at]))
			at++;
		while (at < r->len && !isalpha((unsigned char)r->data[at]))
			at++;
		while (at + n < r->len && n < 13 &&
		    isalpha((unsigned char)r->data[at + n]))
			n++;
		if (n < 4 || n > 12)
			continue;
		for (size_t i = 0; i < n; i++)
			w[i] = (char)tolower((unsigned char)r->data[at + i]);
		w[n] = '\0';
		lit_add(l, w);
	}
}

static void
rare(struct lits *l, size_t want)
{
	static const char freq[] = "eeeeeeeeeeeettttttttttaaaaaaaaooooooooiiiiiii"
	    "nnnnnnnsssssshhhhhhrrrrrrdddddlllluuucccmmmwwffggyyppbbvkjxqz";
	char w[16];

	while (l->n < want) {
		size_t n = 5 + rnd() % 8, i;

		for (i = 0; i < n; i++)
			w[i] = freq[rnd() % (sizeof(freq) - 1)];
		w[n] = '\0';
		lit_add(l, w);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const enum prefilter_path paths[] = {
	PREFILTER_DFA, PREFILTER_SCALAR, PREFILTER_SSSE3, PREFILTER_AVX2,
	PREFILTER_AVX2_FAT, PREFILTER_AUTO,
};
#define NPATHS	(sizeof(paths) / sizeof(paths[0]))

static int failed;
static int only = -1;		/* -p: time this path only */

/*
 * Time every path on literal set l over the records; print one line per
 * path (or, terse, one line for the set).
 */
static void
bench(const char *name, const struct lits *l, const struct recs *r, int runs,
    int terse)
{
	struct prefilter *pf[NPATHS];
	double best[NPATHS], t0, t1;
	unsigned long long hits[NPATHS], cands;
	uint64_t *found;
	size_t p, i, words, auto_path = 0;
	int run, ok[NPATHS];

	for (p = 0; p < NPATHS; p++) {
		ok[p] = prefilter_force_path(paths[p]) == 0;
		pf[p] = prefilter_new(l->n);
		for (i = 0; i < l->n; i++)
			prefilter_add(pf[p], l->s[i], strlen(l->s[i]), i);
		prefilter_build(pf[p]);
		best[p] = 1e30;
		hits[p] = 0;
	}
	prefilter_force_path(PREFILTER_AUTO);
	auto_path = (size_t)prefilter_path(pf[NPATHS - 1]);
	words = prefilter_words(pf[0]);
	found = calloc(words, sizeof(uint64_t));
	for (run = 0; run < runs; run++)
		for (p = 0; p < NPATHS; p++) {
			unsigned long long h = 0;

			if (!ok[p] || (only >= 0 && paths[p] != (unsigned)only))
				continue;
			t0 = now();
			for (i = 0; i < r->n; i++) {
				memset(found, 0, words * sizeof(uint64_t));
				h += prefilter_scan(pf[p], r->data + r->off[i],
				    r->off[i + 1] - r->off[i], found);
			}
			t1 = now();
			if (t1 - t0 < best[p])
				best[p] = t1 - t0;
			hits[p] = h;
		}
	/* Records with a candidate at all (prefilter_first < len). */
	cands = 0;
	for (i = 0; i < r->n; i++)
		cands += prefilter_first(pf[NPATHS - 1], r->data + r->off[i],
		    r->off[i + 1] - r->off[i]) < r->off[i + 1] - r->off[i];
	if (terse) {
		printf("%-8s %4zu lits", name, l->n);
		for (p = 0; p < NPATHS - 1; p++)
			if (ok[p])
				printf(" %8.0f", (double)r->len / best[p] / 1048576);
			else
				printf(" %8s", "-");
		printf("  auto=%s\n", prefilter_path_name(
		    (enum prefilter_path)auto_path));
	} else {
		printf("literal set %s: %zu literals; auto path: %s; "
		    "records with a literal: %llu of %zu\n", name, l->n,
		    prefilter_path_name((enum prefilter_path)auto_path),
		    cands, r->n);
		for (p = 0; p < NPATHS; p++) {
			if (!ok[p]) {
				printf("  %-9s not on this CPU\n",
				    prefilter_path_name(paths[p]));
				continue;
			}
			printf("  %-9s %8.1f MB/s %6.3f ns/byte  %llu ids found\n",
			    prefilter_path_name(paths[p]),
			    (double)r->len / best[p] / 1048576,
			    best[p] * 1e9 / (double)r->len, hits[p]);
		}
	}
	for (p = 0; p < NPATHS && only < 0; p++)
		if (ok[p] && hits[p] != hits[0]) {
			printf("*** %s: %s found %llu ids, dfa %llu\n", name,
			    prefilter_path_name(paths[p]), hits[p], hits[0]);
			failed = 1;
		}
	for (p = 0; p < NPATHS; p++)
		prefilter_free(pf[p]);
	free(found);
}

/* Teddy's estimated cost per kind, for the cost model's calibration. */
static void
estimates(const char *name, const struct lits *l)
{
	struct teddy_input *in = calloc(l->n, sizeof(*in));
	size_t i;
	int k;

	for (i = 0; i < l->n; i++) {
		in[i].s = (const unsigned char *)l->s[i];
		in[i].len = strlen(l->s[i]);
		in[i].id = i;
	}
	printf("  estimate %-8s", name);
	for (k = TEDDY_SCALAR; k <= TEDDY_AVX2_FAT; k++) {
		struct teddy *t = teddy_build((enum teddy_kind)k, in, l->n);

		printf(" %s=%.2f(m%d)", prefilter_path_name(
		    (enum prefilter_path)(PREFILTER_SCALAR + k)),
		    teddy_cost(t), teddy_fingerprint(t));
		teddy_free(t);
	}
	printf("  (dfa=%.2f ns/byte)\n", TEDDY_DFA_COST);
	free(in);
}

int
main(int argc, char **argv)
{
	static const size_t sizes[] = { 8, 16, 32, 48, 64, 96, 128, 192, 256,
	    400 };
	struct recs r;
	struct lits cat = { 0 };
	int runs = 3, synth = 0, c;
	size_t i, k, limit = (size_t)-1;

	while ((c = getopt(argc, argv, "m:p:r:s")) != -1)
		switch (c) {
		case 'm':
			limit = (size_t)atol(optarg) * 1048576;
			break;
		case 'p':
			for (i = 0; i < PREFILTER_NPATHS; i++)
				if (strcmp(optarg, prefilter_path_name(
				    (enum prefilter_path)i)) == 0)
					only = (int)i;
			if (only < 0)
				goto usage;
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 's':
			synth = 1;
			break;
		default:
			goto usage;
		}
	if (argc - optind != 2 || runs < 1)
		goto usage;
	memset(&r, 0, sizeof(r));
	load_records(argv[optind], &r, limit);
	if (r.n == 0) {
		fprintf(stderr, "pfbench: no records in %s\n", argv[optind]);
		return 2;
	}
	catalog(argv[optind + 1], &cat);
	printf("%zu records, %.1f MB of record text, best of %d\n", r.n,
	    (double)r.len / 1048576, runs);
	bench("catalog", &cat, &r, runs, 0);
	estimates("catalog", &cat);
	if (synth) {
		printf("\nsynthetic sets, MB/s per path:\n%-8s %9s", "set", "");
		for (i = 0; i < NPATHS - 1; i++)
			printf(" %8s", prefilter_path_name(paths[i]));
		printf("\n");
		for (k = 0; k < 2; k++)
			for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
				struct lits l = { 0 };

				rng = 88172645463325252UL + sizes[i];
				if (k == 0)
					vocab(&r, &l, sizes[i]);
				else
					rare(&l, sizes[i]);
				bench(k == 0 ? "vocab" : "rare", &l, &r, runs, 1);
				estimates(k == 0 ? "vocab" : "rare", &l);
				for (size_t j = 0; j < l.n; j++)
					free(l.s[j]);
				free(l.s);
			}
	}
	return failed;
usage:
	fprintf(stderr,
	    "usage: pfbench [-m MB] [-p PATH] [-r RUNS] [-s] LOG PATTERN-DIR\n");
	return 2;
}
