/*
 * cmd — what the subcommands share; see cmd.h.
 */
#include <stdio.h>

#include "cmd.h"

void
cmd_usage(const struct cmd_entry *cmd, int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;

	fprintf(f, "usage: syncwatch %s %s\n\n%s\n", cmd->name, cmd->usage,
	    cmd->summary);
}
