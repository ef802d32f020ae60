/*
 * cmd-reload — `syncwatch reload`: ask the running daemon to load its
 * configuration and signatures again, and say whether it took them.
 *
 * It talks to the daemon's HTTP API on this machine with the daemon's
 * control token (cmd_api), so the answer is the daemon's own: 0 when the
 * new configuration runs, 1 when it was refused (the problems are
 * printed, as FILE:LINE, and the previous one keeps running), 2 when the
 * daemon could not be asked.  systemctl reload runs this, with --pid
 * $MAINPID: a daemon with listen = off has no API, and then the reload is
 * asked for by signal (SIGHUP; the PARAMCHANGE control on Windows), whose
 * outcome only the daemon's log tells.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf/config.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

/* listen = off: no API to ask, so a signal to the process. */
static int
reload_by_signal(const char *config, const char *pid)
{
	char *end, *cause = NULL;
	long n;

	if (pid == NULL) {
		log_errorx("reload: %s: listen = off: the daemon has no API to "
		    "ask; give its process id with --pid (systemd: $MAINPID)",
		    config);
		return EXIT_TROUBLE;
	}
	n = strtol(pid, &end, 10);
	if (*pid == '\0' || *end != '\0')
		n = -1;
	if (platform_signal_reload(n, &cause) == -1) {
		log_errorx("reload: %s", cause);
		xfree(cause);
		return EXIT_TROUBLE;
	}
	printf("reload asked for by signal (listen = off): whether it was "
	    "taken is in the daemon's log\n");
	return EXIT_NOTHING;
}

static int
reload_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "pid", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG, *why = NULL, *pid = NULL;
	char *answer = NULL, *cause = NULL, *listen, *state_dir;
	json_t *o;
	long status;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:hp:", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'p':
			pid = optarg;
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
	if (config_where(config, &listen, &state_dir, &cause) == -1) {
		log_errorx("reload: %s", cause);
		xfree(cause);
		return EXIT_TROUBLE;
	}
	rc = strcmp(listen, "off") == 0;
	xfree(listen);
	xfree(state_dir);
	if (rc)
		return reload_by_signal(config, pid);
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
	"[--config FILE] [--pid PID]",
	"Ask the running daemon to reload its configuration and signatures.\n"
	"Exit status: 0 reloaded, 1 refused (the previous configuration keeps\n"
	"running; the problems are printed), 2 the daemon could not be asked.\n"
	"With listen = off there is no API to ask: --pid PID sends the process\n"
	"a reload signal instead, and only the daemon's log says how it went.",
	reload_exec,
};
