/*
 * cmd — what the subcommands share; see cmd.h.
 */
#include <stdio.h>

#include "cmd.h"
#include "conf/config.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "store/store.h"

void
cmd_usage(const struct cmd_entry *cmd, int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;

	fprintf(f, "usage: syncwatch %s %s\n\n%s\n", cmd->name, cmd->usage,
	    cmd->summary);
}

struct store *
cmd_open_state(const char *state_dir, const char *config)
{
	struct config *cf = NULL;
	struct store *st;
	char *cause = NULL;

	if (state_dir == NULL) {
		if ((cf = config_load(config, &cause, NULL)) == NULL) {
			log_errorx("%s", cause);
			xfree(cause);
			return NULL;
		}
		state_dir = cf->state_dir;
	}
	if ((st = store_open(state_dir, 0, &cause)) == NULL) {
		log_errorx("%s", cause);
		xfree(cause);
	}
	config_free(cf);
	return st;
}
