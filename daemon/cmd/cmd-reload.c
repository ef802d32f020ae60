/*
 * cmd-reload — `syncwatch reload`: ask the running daemon to load its
 * configuration and signatures again, and say whether it took them.
 *
 * It talks to the daemon's HTTP API on this machine with the daemon's
 * control token (cmd_api), so the answer is the daemon's own: 0 when the
 * new configuration runs, 1 when it was refused (the problems are
 * printed, as FILE:LINE, and the previous one keeps running), 2 when the
 * daemon could not be asked.  systemctl reload runs this.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

static int
reload_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG, *why = NULL;
	char *answer = NULL, *cause = NULL;
	json_t *o;
	long status;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			cmd_usage(&cmd_reload_entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_reload_entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_reload_entry, 1);
		return EXIT_TROUBLE;
	}
	if (cmd_api(config, "POST", "/api/v1/reload", "{}", &status, &answer,
	    &cause) == -1) {
		log_errorx("reload: %s", cause);
		xfree(cause);
		return EXIT_TROUBLE;
	}
	o = json_loads(answer, 0, NULL);
	if (o != NULL)
		json_unpack(o, "{s:s}", "error", &why);
	if (status == 200) {
		printf("reloaded\n");
		rc = EXIT_NOTHING;
	} else if (status == 409) {
		printf("%s\nreload refused: the previous configuration keeps "
		    "running\n", why != NULL ? why : "?");
		rc = EXIT_FOUND;
	} else {
		log_errorx("reload: HTTP %ld: %s", status, why != NULL ? why :
		    answer);
		rc = EXIT_TROUBLE;
	}
	json_decref(o);
	xfree(answer);
	return rc;
}

const struct cmd_entry cmd_reload_entry = {
	"reload",
	"[--config FILE]",
	"Ask the running daemon to reload its configuration and signatures.\n"
	"Exit status: 0 reloaded, 1 refused (the previous configuration keeps\n"
	"running; the problems are printed), 2 the daemon could not be asked.",
	reload_exec,
};
