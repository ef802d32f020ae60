/*
 * cmd-incidents — `syncwatch incidents`: list the incidents of the state
 * directory, also while the daemon runs (SQLite WAL lets both use the
 * file).  `incidents ID` shows one incident with its history: who changed
 * it, and the notes syncwatch leaves when it opens, escalates or resolves
 * one itself.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf/config.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "cmd/report.h"
#include "store/store.h"
#include "lib/xmalloc.h"
#include "lib/timefmt.h"

#define STATE_WIDTH	22	/* "resolved (self-healed)" */

struct listing {
	int	json;
	int	n;
	int	active;		/* open and acknowledged ones only */
};

/* "resolved (self-healed)" when syncwatch resolved it, else the state. */
static void
state_label(const struct store_incident *inc, char *buf, size_t len)
{
	if (inc->resolution != NULL && *inc->resolution != '\0')
		snprintf(buf, len, "%s (%s)", inc->state, inc->resolution);
	else
		snprintf(buf, len, "%s", inc->state);
}

/* Text from the database (a note may quote a log line): no terminal escapes. */
static void
put_safe(const char *s)
{
	unsigned char c;

	for (; s != NULL && *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '\t')
			putchar(' ');
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

/* The JSON object of one incident: the listing's members. */
static json_t *
incident_json(const struct store_incident *inc)
{
	char first[32], last[32];
	json_t *fields;

	timefmt_iso(inc->first_seen, first);
	timefmt_iso(inc->last_seen, last);
	fields = json_loads(inc->fields_json, 0, NULL);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)inc->id, "signature", inc->signature,
	    "source", inc->source, "severity", inc->severity,
	    "state", inc->state, "resolution", inc->resolution,
	    "fields", fields ? fields : json_object(),
	    "count", (json_int_t)inc->count, "first_seen", first,
	    "last_seen", last);
}

static void
put_json(json_t *o)
{
	char *s;

	if (o == NULL)
		return;
	s = json_dumps(o, JSON_COMPACT);
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
}

static int
print_incident(void *arg, const struct store_incident *inc)
{
	struct listing *l = arg;
	char last[32], state[64];

	if (l->active && strcmp(inc->state, "resolved") == 0)
		return 0;
	l->n++;
	if (l->json) {
		put_json(incident_json(inc));
		return 0;
	}
	timefmt_iso(inc->last_seen, last);
	state_label(inc, state, sizeof(state));
	printf("%-6lld %-*s %-8s %-40s %-12s %6lld  %s  %s\n",
	    (long long)inc->id, STATE_WIDTH, state, inc->severity,
	    inc->signature, inc->source, (long long)inc->count, last,
	    inc->fields_json);
	return 0;
}

/* One incident in full, for `incidents ID`. */
struct detail {
	int	 json;
	json_t	*obj;		/* JSON: the incident */
	json_t	*history;	/* JSON: its history entries, in order */
};

static int
history_entry(void *arg, const struct store_row *row)
{
	struct detail *d = arg;
	char at[32];

	timefmt_iso(row->num[0], at);
	if (d->json) {
		json_array_append_new(d->history, json_pack("{s:s, s:s, s:s?, "
		    "s:s?}", "at", at, "state", row->text[1] ? row->text[1] : "",
		    "by", row->text[2], "note", row->text[3]));
		return 0;
	}
	printf("  %s  %-12s", at, row->text[1] ? row->text[1] : "");
	if (row->text[2] != NULL) {
		fputs(" by ", stdout);
		put_safe(row->text[2]);
	}
	if (row->text[3] != NULL && *row->text[3] != '\0') {
		fputs(" — ", stdout);
		put_safe(row->text[3]);
	}
	putchar('\n');
	return 0;
}

static int
print_detail(void *arg, const struct store_incident *inc)
{
	struct detail *d = arg;
	json_t *o;
	char t[32], state[64];

	if (d->json) {
		o = incident_json(inc);
		if (o != NULL) {
			timefmt_iso(inc->state_changed_at, t);
			json_object_set_new(o, "state_changed_at",
			    json_string(t));
			json_object_set_new(o, "state_by", inc->state_by != NULL ?
			    json_string(inc->state_by) : json_null());
		}
		d->obj = o;
		return 1;
	}
	state_label(inc, state, sizeof(state));
	printf("incident    %lld\nsignature   %s\nsource      %s\n"
	    "severity    %s\nstate       %s", (long long)inc->id,
	    inc->signature, inc->source, inc->severity, state);
	timefmt_iso(inc->state_changed_at, t);
	printf(" since %s", t);
	if (inc->state_by != NULL) {
		fputs(" by ", stdout);
		put_safe(inc->state_by);
	}
	printf("\ncount       %lld\n", (long long)inc->count);
	timefmt_iso(inc->first_seen, t);
	printf("first seen  %s\n", t);
	timefmt_iso(inc->last_seen, t);
	printf("last seen   %s\nfields      %s\nhistory:\n", t,
	    inc->fields_json);
	return 1;
}

/* `incidents ID`: the incident, then its history.  An exit status. */
static int
show_incident(struct store *st, long long id, int json)
{
	struct detail d = { json, NULL, NULL };
	char *cause = NULL;
	int rc;

	rc = store_incident(st, id, print_detail, &d, &cause);
	if (rc == 1) {
		log_errorx("no incident %lld", id);
		return EXIT_TROUBLE;
	}
	if (rc == -1) {
		log_errorx("%s", cause);
		xfree(cause);
		return EXIT_TROUBLE;
	}
	if (json)
		d.history = json_array();
	if (store_history(st, id, history_entry, &d, &cause) == -1) {
		log_errorx("%s", cause);
		xfree(cause);
		json_decref(d.obj);
		json_decref(d.history);
		return EXIT_TROUBLE;
	}
	if (json) {
		if (d.obj != NULL)
			json_object_set_new(d.obj, "history", d.history);
		else
			json_decref(d.history);
		put_json(d.obj);
	}
	return EXIT_NOTHING;
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
	struct listing l = { 0, 0, 0 };
	struct store *st;
	long long id = 0;
	char *end, *cause = NULL;
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
			/* As the API: active is open or acknowledged. */
			if (strcmp(state, "active") == 0) {
				l.active = 1;
				state = NULL;
			} else if (strcmp(state, "all") == 0)
				state = NULL;
			else if (strcmp(state, "open") != 0 &&
			    strcmp(state, "acknowledged") != 0 &&
			    strcmp(state, "resolved") != 0) {
				log_errorx("--state is open, acknowledged, "
				    "resolved, active (open or acknowledged) "
				    "or all, not '%s'", state);
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
	if (optind + 1 < argc || (optind < argc && (state != NULL ||
	    l.active))) {
		cmd_usage(&cmd_incidents_entry, 1);
		return EXIT_TROUBLE;
	}
	if (optind < argc) {
		id = strtoll(argv[optind], &end, 10);
		if (*end != '\0' || id <= 0) {
			log_errorx("bad incident id '%s'", argv[optind]);
			return EXIT_TROUBLE;
		}
	}
	if ((st = cmd_open_state(state_dir, config)) == NULL)
		return EXIT_TROUBLE;
	if (id > 0) {
		rc = show_incident(st, id, l.json);
		store_close(st);
		return rc;
	}
	if (!l.json)
		printf("%-6s %-*s %-8s %-40s %-12s %6s  %-24s  %s\n", "ID",
		    STATE_WIDTH, "STATE", "SEVERITY", "SIGNATURE", "SOURCE",
		    "COUNT", "LAST SEEN", "FIELDS");
	rc = store_incidents(st, state, print_incident, &l, &cause);
	if (rc == -1) {
		log_errorx("%s", cause);
		xfree(cause);
	}
	store_close(st);
	return rc == -1 ? EXIT_TROUBLE : EXIT_NOTHING;
}

const struct cmd_entry cmd_incidents_entry = {
	"incidents",
	"[--config FILE | --state-dir DIR]\n"
	"       [--state open|acknowledged|resolved|active|all] [--json] [ID]",
	"List the incidents, the most recently active first, or show one with\n"
	"its history.  Reading needs no token: the database is readable by the\n"
	"service's group.  Exit status: 0 listed, 2 no database or a bad\n"
	"argument.",
	incidents_exec,
};
