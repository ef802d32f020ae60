/*
 * hsbench — Hyperscan on the bench log: "the limit to beat".
 *
 *   hsbench [-r RUNS] [-c] PATTERN-FILE LOG
 *
 * PATTERN-FILE has one regex a line (the rg pattern file that sig2re.awk
 * writes); named groups (?P<name>…) become plain groups, everything else is
 * handed to Hyperscan as written, caseless and bytewise (in UTF-8 mode,
 * [\s\S]{0,400} takes Hyperscan 20 s to compile; bytewise, a class such as
 * [‘’] takes any of their bytes, the same on this log), in UTF-8 mode only
 * if bytewise is refused, with HS_FLAG_ALLOWEMPTY for a pattern that needs
 * it.  Patterns Hyperscan refuses are listed and left out.  Two runs over
 * the log, which is read into memory first, single-threaded:
 *
 *   per line      one hs_scan per line, stopping at its first match (the
 *                 semantics of `rg -c`: matching lines are counted);
 *   whole buffer  one hs_scan over the whole file; a line counts when a
 *                 match ends in it (a pattern can then match across lines).
 *
 * Each prints the best of RUNS wall times, MB/s (MiB) and the lines counted.
 * With -c, only the per-line count is printed (for run.sh's `expected`).
 * Built by tests/bench/run.sh when `pkg-config --exists libhs`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hs.h>

static void *
xmalloc_or_die(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL) {
		perror("hsbench");
		exit(2);
	}
	return p;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 1 << 20, n = 0, got;
	char *buf;

	if (fp == NULL) {
		fprintf(stderr, "hsbench: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf = xmalloc_or_die(cap);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("hsbench");
				exit(2);
			}
		}
	}
	fclose(fp);
	*len = n;
	return buf;
}

/* (?P<name>  ->  ( */
static char *
plain_groups(const char *src)
{
	char *out = xmalloc_or_die(strlen(src) + 1), *o = out;
	const char *p = src;

	while (*p != '\0') {
		if (p[0] == '\\' && p[1] != '\0') {
			*o++ = *p++;
			*o++ = *p++;
			continue;
		}
		if (strncmp(p, "(?P<", 4) == 0 && strchr(p + 4, '>') != NULL) {
			*o++ = '(';
			p = strchr(p + 4, '>') + 1;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
on_match_stop(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	*(int *)ctx = 1;
	return 1;
}

struct whole {
	const char		*buf;
	size_t			 len;
	unsigned long long	 line_end;	/* the counted line ends here */
	unsigned long long	 lines;
};

/* Matches come in order of their end: count each line once. */
static int
on_match_line(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	struct whole *w = ctx;
	const char *nl;

	(void)id;
	(void)from;
	(void)flags;
	if (to <= w->line_end && w->lines > 0)
		return 0;
	/* A match ending just after a '\n' ends on the line before it. */
	if (to > 0 && w->buf[to - 1] == '\n')
		to--;
	nl = memchr(w->buf + to, '\n', w->len - to);
	w->line_end = nl != NULL ? (unsigned long long)(nl - w->buf) + 1 :
	    w->len;
	w->lines++;
	return 0;
}

static hs_database_t *
compile_all(char **pats, unsigned *flags, unsigned n, unsigned extra)
{
	hs_database_t *db = NULL;
	hs_compile_error_t *err = NULL;
	unsigned *f = xmalloc_or_die(n * sizeof(unsigned)), *ids, i;

	ids = xmalloc_or_die(n * sizeof(unsigned));
	for (i = 0; i < n; i++) {
		f[i] = flags[i] | extra;
		ids[i] = i;
	}
	if (hs_compile_multi((const char *const *)pats, f, ids, n,
	    HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
		fprintf(stderr, "hsbench: the combined patterns fail: %s\n",
		    err != NULL ? err->message : "?");
		hs_free_compile_error(err);
		exit(1);
	}
	free(f);
	free(ids);
	return db;
}

int
main(int argc, char **argv)
{
	char *pfile, *buf, *line, *save = NULL, **pats = NULL;
	unsigned *flags = NULL, npat = 0, ntotal = 0, nutf8 = 0;
	hs_database_t *db1, *db2;
	hs_scratch_t *s1 = NULL, *s2 = NULL;
	size_t plen, len, i, start;
	double t0, best1 = 1e30, best2 = 1e30;
	unsigned long long lines1 = 0, lines2 = 0;
	int runs = 3, count_only = 0, c, r;

	while ((c = getopt(argc, argv, "cr:")) != -1)
		switch (c) {
		case 'c':
			count_only = 1;
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		default:
			goto usage;
		}
	if (argc - optind != 2 || runs < 1)
		goto usage;

	pfile = slurp(argv[optind], &plen);
	pfile = realloc(pfile, plen + 1);
	pfile[plen] = '\0';
	for (line = strtok_r(pfile, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		static const unsigned tries[] = {
			0, HS_FLAG_ALLOWEMPTY, HS_FLAG_UTF8,
			HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY,
		};
		char *p = plain_groups(line), *why = NULL;
		hs_database_t *one = NULL;
		hs_compile_error_t *err = NULL;
		size_t k;

		ntotal++;
		for (k = 0; k < sizeof(tries) / sizeof(tries[0]); k++) {
			unsigned f = HS_FLAG_CASELESS | tries[k];

			if (hs_compile(p, f | HS_FLAG_SINGLEMATCH, HS_MODE_BLOCK,
			    NULL, &one, &err) == HS_SUCCESS &&
			    (hs_free_database(one), one = NULL,
			    hs_compile(p, f, HS_MODE_BLOCK, NULL, &one, &err)) ==
			    HS_SUCCESS) {
				hs_free_database(one);
				pats = realloc(pats, (npat + 1) * sizeof(*pats));
				flags = realloc(flags, (npat + 1) *
				    sizeof(*flags));
				pats[npat] = p;
				flags[npat] = f;
				npat++;
				nutf8 += (f & HS_FLAG_UTF8) != 0;
				break;
			}
			free(why);
			why = strdup(err != NULL ? err->message : "?");
			hs_free_compile_error(err);
			err = NULL;
		}
		if (k == sizeof(tries) / sizeof(tries[0])) {
			if (!count_only)
				printf("  refused #%u: %s: %.60s%s\n", ntotal,
				    why, line, strlen(line) > 60 ? "…" : "");
			free(p);
		}
		free(why);
	}
	if (npat == 0) {
		fprintf(stderr, "hsbench: Hyperscan takes none of the %u "
		    "patterns\n", ntotal);
		return 1;
	}
	db1 = compile_all(pats, flags, npat, HS_FLAG_SINGLEMATCH);
	db2 = compile_all(pats, flags, npat, 0);
	if (hs_alloc_scratch(db1, &s1) != HS_SUCCESS ||
	    hs_alloc_scratch(db2, &s2) != HS_SUCCESS) {
		fprintf(stderr, "hsbench: cannot allocate scratch space\n");
		return 1;
	}

	buf = slurp(argv[optind + 1], &len);
	if (!count_only)
		printf("hsbench: Hyperscan %s takes %u of %u patterns (%u in "
		    "UTF-8 mode); %zu bytes, best of %d\n", hs_version(), npat,
		    ntotal, nutf8, len, runs);
	for (r = 0; r < runs; r++) {
		struct whole w;
		unsigned long long n = 0;

		t0 = now();
		for (start = 0; start < len; start = i + 1) {
			const char *nl = memchr(buf + start, '\n', len - start);
			int hit = 0;

			i = nl != NULL ? (size_t)(nl - buf) : len;
			hs_scan(db1, buf + start, (unsigned)(i - start), 0, s1,
			    on_match_stop, &hit);
			n += (unsigned long long)hit;
		}
		if (now() - t0 < best1)
			best1 = now() - t0;
		lines1 = n;
		if (count_only)
			break;

		memset(&w, 0, sizeof(w));
		w.buf = buf;
		w.len = len;
		t0 = now();
		/* hs_scan takes an unsigned length: 2 GiB at a time. */
		for (start = 0; start < len; start += 0x80000000u) {
			size_t part = len - start < 0x80000000u ? len - start :
			    0x80000000u;

			w.buf = buf + start;
			w.len = part;
			w.line_end = 0;
			hs_scan(db2, buf + start, (unsigned)part, 0, s2,
			    on_match_line, &w);
		}
		if (now() - t0 < best2)
			best2 = now() - t0;
		lines2 = w.lines;
	}
	if (count_only) {
		printf("%llu\n", lines1);
		return 0;
	}
	printf("hsbench: per line     %8.3f s %9.1f MB/s %9llu lines\n",
	    best1, (double)len / 1048576 / best1, lines1);
	printf("hsbench: whole buffer %8.3f s %9.1f MB/s %9llu lines\n",
	    best2, (double)len / 1048576 / best2, lines2);
	hs_free_scratch(s1);
	hs_free_scratch(s2);
	hs_free_database(db1);
	hs_free_database(db2);
	return 0;
usage:
	fprintf(stderr, "usage: hsbench [-r RUNS] [-c] PATTERN-FILE LOG\n");
	return 2;
}
