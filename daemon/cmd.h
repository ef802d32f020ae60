/*
 * cmd — the subcommands of the syncwatch program, one file each
 * (cmd-scan.c, cmd-check-patterns.c, …), listed in main.c's table.
 *
 * A command's exec gets argv with argv[0] set to the command name and
 * returns the process exit status.  Exit codes follow grep's convention
 * where it applies: 0 nothing found / all good, 1 found / failed check,
 * 2 error in use or input.
 */
#ifndef SYNCWATCH_CMD_H
#define SYNCWATCH_CMD_H

#include <stdio.h>

#include "platform/platform.h"

#define EXIT_NOTHING	0
#define EXIT_FOUND	1
#define EXIT_TROUBLE	2

/* The configuration the daemon and the CLI read unless told otherwise. */
#define DEFAULT_CONFIG	platform_default_config()

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments, for --help */
	const char	*summary;
	int		(*exec)(int argc, char **argv);
};

extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_check_patterns_entry;
extern const struct cmd_entry cmd_daemon_entry;
extern const struct cmd_entry cmd_check_config_entry;
extern const struct cmd_entry cmd_incidents_entry;
extern const struct cmd_entry cmd_ack_entry;
extern const struct cmd_entry cmd_resolve_entry;
extern const struct cmd_entry cmd_unack_entry;
extern const struct cmd_entry cmd_snooze_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_signatures_entry;
extern const struct cmd_entry cmd_reload_entry;
extern const struct cmd_entry cmd_service_entry;

/* Print "usage: syncwatch NAME USAGE" and the summary to f. */
void	cmd_usage(const struct cmd_entry *, int to_stderr);

/*
 * The store of the state directory: state_dir, else the one the
 * configuration file names.  Never made: NULL after a message when there
 * is no database there (or it cannot be opened).
 */
struct store;
struct store *cmd_open_state(const char *state_dir, const char *config);

/*
 * Ask the daemon that runs with config over its HTTP API, presenting its
 * control token (STATE_DIR/control.token): method, path ("/api/v1/...")
 * and a JSON body (or NULL).  0 with the HTTP status and the answer's
 * body (caller frees *body), or -1 and *cause.
 */
/*
 * What the local signature directory changed, one line each: the site's
 * own signatures, each overridden key, each disabled signature.
 */
struct sigdb;
void	cmd_print_local(const struct sigdb *, FILE *);

int	cmd_api(const char *config, const char *method, const char *path,
	    const char *body, long *status, char **answer, char **cause);

#endif
