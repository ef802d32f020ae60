/*
 * config — the daemon's configuration file.
 *
 * INI, parsed with libinih into a struct config that is read-only once
 * loaded; SIGHUP builds a new one and swaps it in.  Every problem is
 * reported as FILE:LINE: message, all of them in one pass, and any error
 * fails the load.  Things that may legitimately be absent at start-up (a
 * log file not created yet) are warnings, not errors.
 *
 *   [daemon]
 *   state_dir = /var/lib/syncwatch
 *   listen    = 127.0.0.1:8470              (or off)
 *   api_tokens = /etc/syncwatch/tokens      (NAME TOKEN per line)
 *   patterns  = /usr/share/syncwatch/patterns
 *   retention_days = 90
 *   [source NAME]
 *   path      = /srv/sms/Logs/despool.log     (a glob is allowed)
 *   format    = configmgr | cmtrace | log4net | entlib | plain | auto
 *   product   = configmgr                     (limits the signatures)
 *   start_at  = end | beginning
 *   watch     = inotify | poll
 *   poll_interval = 5s
 *   timezone  = +60                           (minutes east of UTC)
 *   quiet     = 2s                            (ends a multi-line record)
 */
#ifndef SYNCWATCH_CONFIG_H
#define SYNCWATCH_CONFIG_H

#include <stddef.h>

enum config_watch { WATCH_INOTIFY, WATCH_POLL };

struct source_conf {
	char		*name;
	char		*path;		/* a path or a glob */
	int		 format;	/* enum event_format */
	char		*product;	/* NULL: every product */
	int		 start_at_end;
	enum config_watch watch;
	int		 poll_ms;
	int		 tz_minutes;
	int		 quiet_ms;
	size_t		 max_record;
	int		 line;		/* of its [source] header */
	int		 path_line;	/* of its path key */
};

struct config {
	char		*file;
	char		*state_dir;
	char		*listen;
	char		*patterns;
	char		*api_tokens;	/* NULL: no state changes over HTTP */
	int		 retention_days;
	int		 samples_per_incident;
	struct source_conf *sources;
	size_t		 nsources;
};

/*
 * Load path.  Returns NULL and sets *cause (caller frees; one FILE:LINE
 * message per line) on error.  *warnings, if not NULL, receives the
 * warnings (caller frees) or NULL when there are none.
 */
struct config *config_load(const char *path, char **cause, char **warnings);
void	config_free(struct config *);

/* Parse "250ms", "2s", "5m", "1h" or a bare number of seconds into ms. */
int	config_parse_duration(const char *, int *ms);

#endif
