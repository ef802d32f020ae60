/*
 * cmd-daemon — `syncwatch daemon` and `syncwatch check-config`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf/config.h"
#include "conf/load.h"
#include "follow/daemon.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "match/sigdb.h"
#include "lib/xmalloc.h"

static int
run_daemon(void *config)
{
	return daemon_run(config);
}

static int
daemon_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "console", no_argument, NULL, 'f' },
		{ "service", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG;
	char *cause = NULL;
	int c, foreground = 0, service = 0, rc;

	while ((c = getopt_long(argc, argv, "c:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 's':
			service = 1;
			break;
		case 'h':
			cmd_usage(&cmd_daemon_entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_daemon_entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_daemon_entry, 1);
		return EXIT_TROUBLE;
	}
	/* Run by hand (not by a service manager), messages carry the time. */
	log_set_sink(platform_log_sink, PLATFORM_LOG_STAMP);
	if (service) {
		/* Started by the Windows service control manager. */
		if ((rc = platform_service_run(run_daemon, (void *)config,
		    &cause)) == -1) {
			log_errorx("%s", cause);
			xfree(cause);
			return EXIT_TROUBLE;
		}
		return rc;
	}
	if (!foreground && platform_daemonize() == -1)
		fatal("cannot detach");
	return daemon_run(config);
}

const struct cmd_entry cmd_daemon_entry = {
	"daemon",
	"[--config FILE] [--foreground | --console | --service]",
	"Follow the configured logs and record incidents.  SIGTERM or SIGINT\n"
	"(Ctrl-C on a console) stops it after it has committed, SIGHUP or\n"
	"`syncwatch reload` reloads the configuration and the signatures.\n"
	"--console runs it in the foreground, --service under the Windows\n"
	"service control manager (which passes it).",
	daemon_exec,
};

/*
 * What the daemon would fail on at start, said now (check-config runs as
 * the service's user in the unit's ExecStartPre): a state folder that
 * cannot be written, or, if it is not there yet, one that cannot be made.
 * 0, or -1 after a message.
 */
static int
check_state_dir(const char *dir)
{
	struct platform_stat st;
	char *parent, *db;
	int rc = 0;

	if (platform_stat(dir, &st) == 0) {
		if (st.type != PLATFORM_DIR) {
			printf("state_dir %s: not a folder\n", dir);
			return -1;
		}
		if (!platform_can_write(dir)) {
			char *user = platform_user_name();

			printf("state_dir %s: %s: %s cannot write there, and "
			    "the database cannot be kept\n", dir,
			    strerror(errno), user);
			xfree(user);
			return -1;
		}
		db = platform_path_join(dir, "syncwatch.db");
		if (platform_stat(db, &st) == 0 && !platform_can_write(db)) {
			printf("%s: %s: the database cannot be written\n", db,
			    strerror(errno));
			rc = -1;
		}
		xfree(db);
		return rc;
	}
	parent = platform_path_dir(dir);
	if (!platform_can_write(parent)) {
		printf("state_dir %s does not exist, and %s: %s: it cannot be "
		    "made\n", dir, parent, strerror(errno));
		rc = -1;
	}
	xfree(parent);
	return rc;
}

static int
check_config_exec(int argc, char **argv)
{
	struct loaded l;
	char *cause = NULL, *warnings = NULL;
	enum load_step step;
	size_t i;

	if (argc != 2 || argv[1][0] == '-') {
		cmd_usage(&cmd_check_config_entry, argc == 2 &&
		    strcmp(argv[1], "--help") != 0);
		return argc == 2 && strcmp(argv[1], "--help") == 0 ?
		    EXIT_NOTHING : EXIT_TROUBLE;
	}
	step = load_all(argv[1], &l, &cause, &warnings);
	if (warnings != NULL) {
		printf("%s\n", warnings);
		xfree(warnings);
	}
	if (step != LOAD_OK) {
		printf("%s\ncheck-config: %s: %s\n", cause, argv[1],
		    step == LOAD_SIGNATURES ? "signatures do not load" :
		    "errors");
		xfree(cause);
		return EXIT_FOUND;
	}
	if (check_state_dir(l.cf->state_dir) == -1) {
		printf("check-config: %s: errors\n", argv[1]);
		load_free(&l);
		return EXIT_FOUND;
	}
	for (i = 0; i < l.cf->ninboxes; i++)
		printf("inbox %s: %s (%s)\n", l.cf->inboxes[i].name,
		    l.cf->inboxes[i].path, l.cf->inboxes[i].signature);
	for (i = 0; i < l.cf->nsources; i++)
		printf("source %s: %s (%s)\n", l.cf->sources[i].name,
		    l.cf->sources[i].path, l.cf->sources[i].product != NULL ?
		    l.cf->sources[i].product : "all products");
	cmd_print_local(l.db, stdout);
	printf("check-config: %s: ok, %zu sources, %zu inboxes, %zu signatures "
	    "from %s%s%s\n", argv[1], l.cf->nsources, l.cf->ninboxes,
	    l.db->nsigs, l.patterns, l.cf->patterns_local != NULL ? " and " :
	    "", l.cf->patterns_local != NULL ? l.cf->patterns_local : "");
	load_free(&l);
	return EXIT_NOTHING;
}

const struct cmd_entry cmd_check_config_entry = {
	"check-config",
	"FILE",
	"Validate a configuration file and the signatures it names, without\n"
	"starting.  Exit status: 0 valid, 1 errors (reported as FILE:LINE).",
	check_config_exec,
};
