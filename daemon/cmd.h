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

#define EXIT_NOTHING	0
#define EXIT_FOUND	1
#define EXIT_TROUBLE	2

/* The configuration the daemon and the CLI read unless told otherwise. */
#define DEFAULT_CONFIG	"/etc/syncwatch/syncwatch.conf"

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
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_signatures_entry;

/* Print "usage: syncwatch NAME USAGE" and the summary to f. */
void	cmd_usage(const struct cmd_entry *, int to_stderr);

/*
 * The store of the state directory: state_dir, else the one the
 * configuration file names.  NULL after a message.
 */
struct store;
struct store *cmd_open_state(const char *state_dir, const char *config);

#endif
