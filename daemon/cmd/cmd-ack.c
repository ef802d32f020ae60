/*
 * cmd-ack — `syncwatch ack`, `resolve`, `unack` and `snooze`: change the
 * state of one or more incidents, with a note, recording who did it.
 *
 * The change goes through the running daemon (its HTTP API on this
 * machine, with the control token that the service's group can read:
 * cmd_api), so an operator in that group needs no write access to the
 * database, and what fails says why in the daemon's words.  With
 * --state-dir, or when no daemon answers, the database is changed
 * directly, which needs write access to it (forensics on a copy, a
 * stopped daemon).  unack and snooze go through the daemon only: they
 * change how the running daemon counts an incident.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "store/store.h"

struct change {
	const char	*state;		/* "acknowledged", "resolved" */
	const char	*action;	/* the API's: "ack", "resolve" */
	const char	*note;		/* or NULL */
	const char	*for_;		/* snooze: how long ("2h") */
	char		 by[128];
};

/* One id through the daemon.  0 done, 1 refused (said), -1 not asked. */
static int
via_daemon(const char *config, const struct change *ch, long long id,
    char **cause)
{
	char path[96], *body, *answer = NULL;
	const char *why = NULL;
	json_t *o, *req;
	long status;
	int rc;

	snprintf(path, sizeof(path), "/api/v1/incidents/%lld/%s", id,
	    ch->action);
	req = json_pack("{s:s}", "by", ch->by);
	if (ch->note != NULL)
		json_object_set_new(req, "note", json_string(ch->note));
	if (ch->for_ != NULL)
		json_object_set_new(req, "for", json_string(ch->for_));
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	rc = cmd_api(config, "POST", path, body, &status, &answer, cause);
	free(body);
	if (rc == -1)
		return -1;
	o = json_loads(answer, 0, NULL);
	if (o != NULL)
		json_unpack(o, "{s:s}", "error", &why);
	if (status == 200) {
		printf("incident %lld %s\n", id, ch->state);
		rc = 0;
	} else if (status == 404 && strstr(answer, "no such incident") != NULL) {
		log_errorx("incident %lld: no such incident", id);
		rc = 1;
	} else {
		log_errorx("incident %lld: the daemon refused (HTTP %ld): %s",
		    id, status, why != NULL ? why : answer);
		rc = 1;
	}
	json_decref(o);
	xfree(answer);
	return rc;
}

/* One id in the database itself.  0 done, 1 not done (said). */
static int
in_database(struct store *st, const struct change *ch, long long id)
{
	struct store_change sc;
	char *cause = NULL;
	int rc;

	memset(&sc, 0, sizeof(sc));
	sc.state = ch->state;
	sc.by = ch->by;
	sc.note = ch->note;
	rc = store_change(st, id, &sc, platform_now_ms(), &cause);
	if (rc == 1)
		log_errorx("incident %lld: no such incident", id);
	else if (rc == -1) {
		log_errorx("incident %lld: %s", id, cause);
		xfree(cause);
	} else
		printf("incident %lld %s\n", id, ch->state);
	return rc != 0;
}

static int
set_state(int argc, char **argv, const char *state, const char *action,
    const struct cmd_entry *entry)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "for", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG, *state_dir = NULL;
	struct store *st = NULL;
	struct change ch;
	char *end, *user, *cause = NULL;
	long long *ids;
	int c, i, n, failed = 0, direct;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.action = action;
	while ((c = getopt_long(argc, argv, "c:d:n:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(action, "snooze") != 0) {
				cmd_usage(entry, 1);
				return EXIT_TROUBLE;
			}
			ch.for_ = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'd':
			state_dir = optarg;
			break;
		case 'n':
			ch.note = optarg;
			break;
		case 'h':
			cmd_usage(entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc || (strcmp(action, "snooze") == 0 &&
	    ch.for_ == NULL)) {
		cmd_usage(entry, 1);
		return EXIT_TROUBLE;
	}
	/* The daemon's own counting: nothing to write without it. */
	if (state_dir != NULL && (strcmp(action, "unack") == 0 ||
	    strcmp(action, "snooze") == 0)) {
		log_errorx("%s goes through the running daemon; --state-dir "
		    "cannot be used", action);
		return EXIT_TROUBLE;
	}
	/* Every id is checked before anything changes. */
	n = argc - optind;
	ids = xcalloc((size_t)n, sizeof(*ids));
	for (i = 0; i < n; i++) {
		ids[i] = strtoll(argv[optind + i], &end, 10);
		if (*end != '\0' || ids[i] <= 0) {
			log_errorx("bad incident id '%s' (a number, as "
			    "syncwatch incidents lists them)", argv[optind + i]);
			xfree(ids);
			return EXIT_TROUBLE;
		}
	}
	user = platform_user_name();
	snprintf(ch.by, sizeof(ch.by), "cli:%s", user);
	xfree(user);
	direct = state_dir != NULL;
	for (i = 0; i < n; i++) {
		if (!direct) {
			int rc = via_daemon(config, &ch, ids[i], &cause);

			if (rc >= 0) {
				failed += rc;
				continue;
			}
			if (strcmp(action, "unack") == 0 ||
			    strcmp(action, "snooze") == 0) {
				log_errorx("%s: %s", action, cause);
				xfree(cause);
				failed += n - i;
				break;
			}
			log_warnx("%s; changing the database directly", cause);
			xfree(cause);
			cause = NULL;
			direct = 1;
		}
		if (st == NULL && (st = cmd_open_state(state_dir,
		    config)) == NULL) {
			failed += n - i;
			break;
		}
		failed += in_database(st, &ch, ids[i]);
	}
	store_close(st);
	xfree(ids);
	return failed == 0 ? EXIT_NOTHING : EXIT_TROUBLE;
}

static int
ack_exec(int argc, char **argv)
{
	return set_state(argc, argv, "acknowledged", "ack", &cmd_ack_entry);
}

static int
resolve_exec(int argc, char **argv)
{
	return set_state(argc, argv, "resolved", "resolve",
	    &cmd_resolve_entry);
}

const struct cmd_entry cmd_ack_entry = {
	"ack",
	"[--note TEXT] [--config FILE | --state-dir DIR] ID...",
	"Acknowledge incidents: someone is on them.  The change goes through\n"
	"the running daemon (members of the service's group may make it);\n"
	"with --state-dir, or when no daemon answers, it is made in the\n"
	"database directly.  Exit status: 0 all done, 2 any not done.",
	ack_exec,
};

const struct cmd_entry cmd_resolve_entry = {
	"resolve",
	"[--note TEXT] [--config FILE | --state-dir DIR] ID...",
	"Resolve incidents.  A new hit on one opens it again.  The change goes\n"
	"through the running daemon as for ack.  Exit status: 0 all done, 2 any\n"
	"not done.",
	resolve_exec,
};

static int
unack_exec(int argc, char **argv)
{
	return set_state(argc, argv, "open again", "unack",
	    &cmd_unack_entry);
}

static int
snooze_exec(int argc, char **argv)
{
	return set_state(argc, argv, "snoozed", "snooze",
	    &cmd_snooze_entry);
}

const struct cmd_entry cmd_unack_entry = {
	"unack",
	"[--note TEXT] [--config FILE] ID...",
	"Take an acknowledgement back: the incidents are open again and need\n"
	"someone.  Through the running daemon.  Exit status: 0 all done, 2 any\n"
	"not done.",
	unack_exec,
};

const struct cmd_entry cmd_snooze_entry = {
	"snooze",
	"--for DURATION [--note TEXT] [--config FILE] ID...",
	"Silence incidents for a while (e.g. --for 2h during maintenance):\n"
	"until then they are listed last and not counted as open; afterwards\n"
	"they count again by themselves.  Through the running daemon.  Exit\n"
	"status: 0 all done, 2 any not done.",
	snooze_exec,
};
