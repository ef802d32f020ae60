/*
 * cmd-signatures — `syncwatch signatures`: list the loaded catalog, as a
 * table, JSON lines, or the Markdown table README.md embeds (generated, so
 * the README cannot drift from patterns/).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lib/log.h"
#include "platform/platform.h"
#include "match/sigdb.h"
#include "lib/xmalloc.h"

/* Markdown table cells: a '|' would end the cell. */
static void
md_cell(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else
			putchar(*s);
	}
}

static int
signatures_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "patterns", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigdb *db;
	char *dir = NULL, *cause = NULL, *s;
	int c, style = 0;
	size_t i, j;

	while ((c = getopt_long(argc, argv, "p:jmh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			xfree(dir);
			dir = xstrdup(optarg);
			break;
		case 'j':
			style = 1;
			break;
		case 'm':
			style = 2;
			break;
		case 'h':
			cmd_usage(&cmd_signatures_entry, 0);
			xfree(dir);
			return EXIT_NOTHING;
		default:
			cmd_usage(&cmd_signatures_entry, 1);
			xfree(dir);
			return EXIT_TROUBLE;
		}
	}
	if (dir == NULL)
		dir = platform_default_patterns();
	if ((db = sigdb_load(dir, &cause)) == NULL) {
		log_errorx("%s", cause);
		xfree(cause);
		xfree(dir);
		return EXIT_TROUBLE;
	}
	if (style == 2)
		printf("| product | id | severity | what it catches |\n"
		    "|---|---|---|---|\n");
	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		if (style == 0)
			printf("%-10s %-45s %-9s %s\n", sig->product, sig->id,
			    sigdb_severity_name(sig->severity), sig->title);
		else if (style == 1) {
			json_t *fix = json_array();

			for (j = 0; j < sig->nfix; j++)
				json_array_append_new(fix,
				    json_string(sig->fix[j]));
			json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}",
			    "id", sig->id, "product", sig->product,
			    "severity", sigdb_severity_name(sig->severity),
			    "title", sig->title, "meaning", sig->meaning,
			    "fix", fix);

			s = json_dumps(o, JSON_COMPACT);
			if (s != NULL)
				puts(s);
			free(s);
			json_decref(o);
		} else {
			printf("| ");
			md_cell(sig->product);
			printf(" | `%s` | %s | ", sig->id,
			    sigdb_severity_name(sig->severity));
			md_cell(sig->title);
			printf(" |\n");
		}
	}
	sigdb_free(db);
	xfree(dir);
	return EXIT_NOTHING;
}

const struct cmd_entry cmd_signatures_entry = {
	"signatures",
	"[--patterns DIR] [--json | --markdown]",
	"List the signatures: product, id, severity and title (--json adds\n"
	"the meaning and fix steps; --markdown is README.md's table).",
	signatures_exec,
};
