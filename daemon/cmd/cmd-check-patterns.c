/*
 * cmd-check-patterns — `syncwatch check-patterns [DIR]`: load a signature
 * directory and run its annotated samples, like `nginx -t` and
 * `fail2ban-regex` do for theirs, then its timelines (the incident rules
 * over time).  With --local DIR (or --config FILE, which names both
 * directories) the site's signatures and overrides are merged in, the
 * merged set is what the samples run against, and each change is listed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf/config.h"
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
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "local", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct samples_summary sum;
	struct timeline_summary tl;
	struct config *cf = NULL;
	struct sigdb *db, *shipped;
	char *dir = NULL, *local = NULL, *cause = NULL, *samples;
	const char *config = NULL;
	size_t i;
	int c, rc, trc;

	while ((c = getopt_long(argc, argv, "c:hl:", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'l':
			xfree(local);
			local = xstrdup(optarg);
			break;
		case 'h':
			cmd_usage(&cmd_check_patterns_entry, 0);
			xfree(local);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_check_patterns_entry, 1);
			xfree(local);
			return EXIT_TROUBLE;
		}
	}
	if (argc - optind > 1) {
		cmd_usage(&cmd_check_patterns_entry, 1);
		xfree(local);
		return EXIT_TROUBLE;
	}
	if (config != NULL) {
		char *warnings = NULL;

		if ((cf = config_load(config, &cause, &warnings)) == NULL) {
			printf("%s\ncheck-patterns: %s: the configuration "
			    "does not load\n", cause, config);
			xfree(cause);
			xfree(warnings);
			xfree(local);
			return EXIT_FOUND;
		}
		xfree(warnings);
		if (cf->patterns != NULL)
			dir = xstrdup(cf->patterns);
		if (local == NULL && cf->patterns_local != NULL)
			local = xstrdup(cf->patterns_local);
		config_free(cf);
	}
	if (optind < argc) {
		xfree(dir);
		dir = xstrdup(argv[optind]);
	}
	if (dir == NULL)
		dir = platform_default_patterns();
	if ((db = sigdb_load_local(dir, local, &cause)) == NULL) {
		fprintf(stdout, "%s\n", cause);
		fprintf(stdout, "check-patterns: %s%s%s: signatures do not "
		    "load\n", dir, local != NULL ? " and " : "",
		    local != NULL ? local : "");
		xfree(cause);
		xfree(dir);
		xfree(local);
		return EXIT_FOUND;
	}
	for (i = 0; i < db->nfiles; i++)
		printf("loaded %s\n", db->files[i]);
	cmd_print_local(db, stdout);
	/*
	 * The shipped samples and timelines test the shipped set as it is;
	 * the local directory's own samples test the merged set, and every
	 * signature of the site's needs them.
	 */
	shipped = local != NULL ? sigdb_load(dir, &cause) : sigdb_ref(db);
	if (shipped == NULL) {
		printf("%s\n", cause);
		xfree(cause);
		rc = trc = -1;
		memset(&sum, 0, sizeof(sum));
		memset(&tl, 0, sizeof(tl));
	} else {
		xasprintf(&samples, "%s/samples", dir);
		rc = samples_check(shipped, samples, 0, stdout, &sum);
		trc = timeline_check(shipped, samples, 0, stdout, &tl);
		xfree(samples);
		sigdb_free(shipped);
	}
	if (local != NULL) {
		struct samples_summary ls;
		struct timeline_summary lt;

		xasprintf(&samples, "%s/samples", local);
		if (samples_check(db, samples, 1, stdout, &ls) == -1)
			rc = -1;
		if (timeline_check(db, samples, 1, stdout, &lt) == -1)
			trc = -1;
		xfree(samples);
		sum.files += ls.files;
		sum.records += ls.records;
		sum.variants += ls.variants;
		sum.renderings += ls.renderings;
		sum.failures += ls.failures;
		sum.sigs_ok += ls.sigs_ok;
		sum.sigs_failed += ls.sigs_failed;
		tl.files += lt.files;
		tl.expectations += lt.expectations;
		tl.failures += lt.failures;
	}
	printf("check-patterns: %zu signatures: %d ok, %d failed; %d sample "
	    "files, %d records, %d re-encodings, %d re-writings; %d "
	    "timelines, %d expectations; %d problems\n", db->nsigs,
	    sum.sigs_ok, sum.sigs_failed, sum.files, sum.records,
	    sum.variants, sum.renderings, tl.files, tl.expectations,
	    sum.failures + tl.failures);
	sigdb_free(db);
	xfree(dir);
	xfree(local);
	return rc == 0 && trc == 0 ? EXIT_NOTHING : EXIT_FOUND;
}

const struct cmd_entry cmd_check_patterns_entry = {
	"check-patterns",
	"[--local DIR | --config FILE] [DIR]",
	"Load every signature in DIR (default: the installed set), run the\n"
	"annotated sample logs and the timelines (*.timeline) in DIR/samples\n"
	"and report per signature.  --local merges a site's directory of\n"
	"*.sig signatures and *.local overrides (--config: the directories\n"
	"the configuration names) and lists what it changes.\n"
	"Exit status: 0 all good, 1 a signature or sample failed.",
	check_patterns_exec,
};
