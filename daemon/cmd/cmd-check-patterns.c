/*
 * cmd-check-patterns — `syncwatch check-patterns [DIR]`: load a signature
 * directory and run its annotated samples, like `nginx -t` and
 * `fail2ban-regex` do for theirs, then its timelines (the incident rules
 * over time).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "check/samples.h"
#include "match/sigdb.h"
#include "check/timeline.h"
#include "lib/xmalloc.h"

static int
check_patterns_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct samples_summary sum;
	struct timeline_summary tl;
	struct sigdb *db;
	char *dir, *cause = NULL, *samples;
	size_t i;
	int c, rc, trc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			cmd_usage(&cmd_check_patterns_entry, 0);
			return EXIT_NOTHING;
		}
		cmd_usage(&cmd_check_patterns_entry, 1);
		return EXIT_TROUBLE;
	}
	if (argc - optind > 1) {
		cmd_usage(&cmd_check_patterns_entry, 1);
		return EXIT_TROUBLE;
	}
	dir = optind < argc ? xstrdup(argv[optind]) :
	    platform_default_patterns();
	if ((db = sigdb_load(dir, &cause)) == NULL) {
		fprintf(stdout, "%s\n", cause);
		fprintf(stdout, "check-patterns: %s: signatures do not load\n",
		    dir);
		xfree(cause);
		xfree(dir);
		return EXIT_FOUND;
	}
	for (i = 0; i < db->nfiles; i++)
		printf("loaded %s\n", db->files[i]);
	xasprintf(&samples, "%s/samples", dir);
	rc = samples_check(db, samples, stdout, &sum);
	trc = timeline_check(db, samples, stdout, &tl);
	printf("check-patterns: %zu signatures: %d ok, %d failed; %d sample "
	    "files, %d records, %d re-encodings, %d re-writings; %d "
	    "timelines, %d expectations; %d problems\n", db->nsigs,
	    sum.sigs_ok, sum.sigs_failed, sum.files, sum.records,
	    sum.variants, sum.renderings, tl.files, tl.expectations,
	    sum.failures + tl.failures);
	xfree(samples);
	sigdb_free(db);
	xfree(dir);
	return rc == 0 && trc == 0 ? EXIT_NOTHING : EXIT_FOUND;
}

const struct cmd_entry cmd_check_patterns_entry = {
	"check-patterns",
	"[DIR]",
	"Load every signature in DIR (default: the installed set), run the\n"
	"annotated sample logs and the timelines (*.timeline) in DIR/samples\n"
	"and report per signature.\n"
	"Exit status: 0 all good, 1 a signature or sample failed.",
	check_patterns_exec,
};
