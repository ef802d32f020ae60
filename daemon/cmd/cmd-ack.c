/*
 * cmd-ack — `syncwatch ack` and `syncwatch resolve`: change an incident's
 * state in the state directory, recording who did it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "store/store.h"

static int
set_state(int argc, char **argv, const char *state,
    const struct cmd_entry *entry)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG, *state_dir = NULL;
	struct store *st;
	char *end, *user, *cause = NULL, by[128];
	long long id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			state_dir = optarg;
			break;
		case 'h':
			cmd_usage(entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if (optind + 1 != argc) {
		cmd_usage(entry, 1);
		return EXIT_TROUBLE;
	}
	id = strtoll(argv[optind], &end, 10);
	if (*end != '\0' || id <= 0) {
		log_errorx("bad incident id '%s'", argv[optind]);
		return EXIT_TROUBLE;
	}
	if ((st = cmd_open_state(state_dir, config)) == NULL)
		return EXIT_TROUBLE;
	user = platform_user_name();
	snprintf(by, sizeof(by), "cli:%s", user);
	xfree(user);
	rc = store_set_state(st, id, state, by, platform_now_ms(), &cause);
	if (rc == 1)
		log_errorx("no incident %lld", id);
	else if (rc == -1) {
		log_errorx("%s", cause);
		xfree(cause);
	} else
		printf("incident %lld %s\n", id, state);
	store_close(st);
	return rc == 0 ? EXIT_NOTHING : EXIT_TROUBLE;
}

static int
ack_exec(int argc, char **argv)
{
	return set_state(argc, argv, "acknowledged", &cmd_ack_entry);
}

static int
resolve_exec(int argc, char **argv)
{
	return set_state(argc, argv, "resolved", &cmd_resolve_entry);
}

const struct cmd_entry cmd_ack_entry = {
	"ack",
	"[--config FILE | --state-dir DIR] ID",
	"Acknowledge an incident: someone is on it.",
	ack_exec,
};

const struct cmd_entry cmd_resolve_entry = {
	"resolve",
	"[--config FILE | --state-dir DIR] ID",
	"Resolve an incident.  A new hit on it opens it again.",
	resolve_exec,
};
