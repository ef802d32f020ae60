/*
 * cmd-service — `syncwatch service install|uninstall|start|stop|reload|
 * status`: syncwatch as a Windows service (the service control manager;
 * platform/win32/service.c).  On Linux systemd is the service manager and
 * this says so.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

static int
service_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG;
	char *cause = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'h':
			cmd_usage(&cmd_service_entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_service_entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if (optind + 1 != argc) {
		cmd_usage(&cmd_service_entry, 1);
		return EXIT_TROUBLE;
	}
	rc = platform_service_ctl(argv[optind], config, &cause);
	if (rc == -1) {
		log_errorx("%s", cause);
		xfree(cause);
		return EXIT_TROUBLE;
	}
	return rc;
}

const struct cmd_entry cmd_service_entry = {
	"service",
	"[--config FILE] install|uninstall|start|stop|reload|status",
	"Windows: register syncwatch with the service control manager\n"
	"(automatic start, restart on failure, account NT SERVICE\\syncwatch),\n"
	"remove it, start, stop or reload it, or show its state (status exits\n"
	"0 running, 3 not running).  On Linux, use systemctl.",
	service_exec,
};
