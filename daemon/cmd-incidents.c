/*
 * cmd-incidents — `syncwatch incidents`, `ack` and `resolve`: read and
 * change incidents in the state directory, also while the daemon runs
 * (SQLite WAL lets both work on the file).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "cmd.h"
#include "config.h"
#include "log.h"
#include "platform.h"
#include "report.h"
#include "store.h"
#include "xmalloc.h"

struct listing {
	int	json;
	int	n;
};

/* The state directory: --state-dir, else the config's. */
static struct store *
open_state(const char *state_dir, const char *config)
{
	struct config *cf = NULL;
	struct store *st;
	char *cause = NULL;

	if (state_dir == NULL) {
		if ((cf = config_load(config, &cause, NULL)) == NULL) {
			fprintf(stderr, "%s\n", cause);
			xfree(cause);
			return NULL;
		}
		state_dir = cf->state_dir;
	}
	st = store_open(state_dir, 0, &cause);
	if (st == NULL) {
		fprintf(stderr, "syncwatch: %s\n", cause);
		xfree(cause);
	}
	config_free(cf);
	return st;
}

static int
print_incident(void *arg, const struct store_incident *inc)
{
	struct listing *l = arg;
	char first[32], last[32];
	json_t *o, *fields;
	char *s;

	report_time(inc->first_seen, first);
	report_time(inc->last_seen, last);
	l->n++;
	if (!l->json) {
		printf("%-6lld %-12s %-8s %-40s %-12s %6lld  %s  %s\n",
		    (long long)inc->id, inc->state, inc->severity,
		    inc->signature, inc->source, (long long)inc->count, last,
		    inc->fields_json);
		return 0;
	}
	fields = json_loads(inc->fields_json, 0, NULL);
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)inc->id, "signature", inc->signature,
	    "source", inc->source, "severity", inc->severity,
	    "state", inc->state, "fields", fields ? fields : json_object(),
	    "count", (json_int_t)inc->count, "first_seen", first,
	    "last_seen", last);
	if (o == NULL)
		return 0;
	s = json_dumps(o, JSON_COMPACT);
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
	return 0;
}

static int
incidents_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "state-dir", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *config = DEFAULT_CONFIG, *state_dir = NULL, *state = NULL;
	struct listing l = { 0, 0 };
	struct store *st;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:d:s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			state_dir = optarg;
			break;
		case 's':
			state = optarg;
			if (strcmp(state, "open") != 0 &&
			    strcmp(state, "acknowledged") != 0 &&
			    strcmp(state, "resolved") != 0) {
				fprintf(stderr, "syncwatch: --state is open, "
				    "acknowledged or resolved\n");
				return EXIT_TROUBLE;
			}
			break;
		case 'j':
			l.json = 1;
			break;
		case 'h':
			cmd_usage(&cmd_incidents_entry, 0);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_incidents_entry, 1);
			return EXIT_TROUBLE;
		}
	}
	if ((st = open_state(state_dir, config)) == NULL)
		return EXIT_TROUBLE;
	if (!l.json)
		printf("%-6s %-12s %-8s %-40s %-12s %6s  %-24s  %s\n", "ID",
		    "STATE", "SEVERITY", "SIGNATURE", "SOURCE", "COUNT",
		    "LAST SEEN", "FIELDS");
	rc = store_incidents(st, state, print_incident, &l);
	if (rc == -1)
		fprintf(stderr, "syncwatch: %s\n", store_error(st));
	store_close(st);
	return rc == -1 ? EXIT_TROUBLE : EXIT_NOTHING;
}

const struct cmd_entry cmd_incidents_entry = {
	"incidents",
	"[--config FILE | --state-dir DIR] [--state open|acknowledged|resolved]\n"
	"       [--json]",
	"List incidents, most recent activity first.",
	incidents_exec,
};

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
	struct passwd *pw;
	char *end, by[128];
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
		fprintf(stderr, "syncwatch: bad incident id '%s'\n",
		    argv[optind]);
		return EXIT_TROUBLE;
	}
	if ((st = open_state(state_dir, config)) == NULL)
		return EXIT_TROUBLE;
	pw = getpwuid(getuid());
	snprintf(by, sizeof(by), "cli:%s", pw != NULL ? pw->pw_name : "?");
	rc = store_set_state(st, id, state, by, platform_now_ms());
	if (rc == 1)
		fprintf(stderr, "syncwatch: no incident %lld\n", id);
	else if (rc == -1)
		fprintf(stderr, "syncwatch: %s\n", store_error(st));
	else
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
