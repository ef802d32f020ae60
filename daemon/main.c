/*
 * main — the syncwatch program: global options, then a subcommand from the
 * table below.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/httpc.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "version.h"

static const struct cmd_entry *commands[] = {
	&cmd_scan_entry,
	&cmd_check_patterns_entry,
	&cmd_signatures_entry,
	&cmd_daemon_entry,
	&cmd_check_config_entry,
	&cmd_incidents_entry,
	&cmd_ack_entry,
	&cmd_resolve_entry,
	&cmd_unack_entry,
	&cmd_snooze_entry,
	&cmd_status_entry,
	&cmd_reload_entry,
	&cmd_service_entry,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/*
 * A command's first sentence (its summary up to the first ". " or the
 * end, the lines joined), wrapped at 78 columns under a 19-column indent.
 */
static void
brief(FILE *f, const char *summary)
{
	char s[512];
	size_t n = 0, col = 19, w;
	const char *p, *word;

	for (p = summary; *p != '\0' && n < sizeof(s) - 1; p++) {
		s[n++] = *p == '\n' ? ' ' : *p;
		if (*p == '.' && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0'))
			break;
	}
	s[n] = '\0';
	for (word = s; *word != '\0'; word += w) {
		word += strspn(word, " ");
		if ((w = strcspn(word, " ")) == 0)
			break;
		if (col + w + (col > 19) > 78) {
			fprintf(f, "\n%19s", "");
			col = 19;
		}
		fprintf(f, "%s%.*s", col > 19 ? " " : "", (int)w, word);
		col += w + (col > 19);
	}
	fputc('\n', f);
}

static void
usage(int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;
	size_t i;

	fprintf(f, "usage: syncwatch [-v | -vv] [-V | --version] COMMAND "
	    "[ARGS]\n\n"
	    "Catches known sync failures of ConfigMgr, Ektron eSync and "
	    "EPiServer in their logs.\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-16s ", commands[i]->name);
		brief(f, commands[i]->summary);
	}
	fprintf(f, "\n'syncwatch COMMAND --help' tells more.\n");
}

int
main(int argc, char **argv)
{
	int verbosity = 0, i;
	size_t c;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--verbose") == 0)
			verbosity++;
		else if (argv[i][1] == 'v' && argv[i][strspn(argv[i] + 1,
		    "v") + 1] == '\0')
			verbosity += (int)strlen(argv[i]) - 1;	/* -v, -vv */
		else if (strcmp(argv[i], "--version") == 0 ||
		    strcmp(argv[i], "-V") == 0) {
			printf("syncwatch %s\n", SYNCWATCH_VERSION);
			return EXIT_NOTHING;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(0);
			return EXIT_NOTHING;
		} else {
			log_init("syncwatch", 0);
			log_errorx("unknown option %s", argv[i]);
			usage(1);
			return EXIT_TROUBLE;
		}
	}
	log_init("syncwatch", verbosity);
	log_set_sink(platform_log_sink, NULL);
	httpc_init();
	if (i >= argc) {
		usage(1);
		return EXIT_TROUBLE;
	}
	if (strcmp(argv[i], "help") == 0) {
		usage(0);
		return EXIT_NOTHING;
	}
	for (c = 0; c < NCOMMANDS; c++)
		if (strcmp(argv[i], commands[c]->name) == 0) {
			optind = 1;
			return commands[c]->exec(argc - i, argv + i);
		}
	log_errorx("unknown command '%s'", argv[i]);
	usage(1);
	return EXIT_TROUBLE;
}
