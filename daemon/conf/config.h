/*
 * config — the daemon's configuration file.
 *
 * INI, parsed with libinih into a struct config that is read-only once
 * loaded; SIGHUP builds a new one and swaps it in.  Every problem is
 * reported as FILE:LINE: message, all of them in one pass, and any error
 * fails the load.  Things that may legitimately be absent at start-up (a
 * log file or an inbox folder not created yet) are warnings, not errors.
 *
 *   [daemon]
 *   state_dir = /var/lib/syncwatch
 *   listen    = 127.0.0.1:8470              (or off)
 *   allowed_hosts = syncwatch.example.com   (Host names besides listen)
 *   api_tokens = /etc/syncwatch/tokens      (NAME TOKEN per line)
 *   patterns  = /usr/share/syncwatch/patterns
 *   patterns_local = /etc/syncwatch/patterns.d  (site .sig and .local files)
 *   retention_days = 90
 *   name      = sccm-s01                    (default: the host name)
 *   external_url = https://sccm-s01.example.com:8470  (links in alerts)
 *   [alertmanager]                            (push incidents; optional)
 *   url       = http://am1:9093 http://am2:9093  (several; key repeatable)
 *   bearer_token_file = /etc/syncwatch/am.token   (or basic_auth_user and
 *   basic_auth_password_file)
 *   ca_file   = /etc/ssl/am-ca.pem            (HTTPS: trust this CA)
 *   resend_interval = 60s
 *   [source NAME]
 *   path      = /srv/sms/Logs/despool.log     (a glob is allowed)
 *   format    = configmgr | cmtrace | log4net | entlib | plain | auto
 *   product   = configmgr                     (limits the signatures)
 *   start_at  = end | beginning
 *   watch     = inotify | poll
 *   poll_interval = 5s
 *   timezone  = Europe/Berlin                 (IANA zone, local, or +60)
 *   quiet     = 2s                            (ends a multi-line record)
 *   expect_every  = 8h                        (longer silence: an incident)
 *   missing_after = 1m                        (absent this long: disappeared)
 *   [inbox NAME]                              (names shared with sources)
 *   path      = /mnt/p01/inboxes/despoolr.box/receive  (a directory)
 *   signature = configmgr.despool.receive-backlog  (an inbox signature)
 *   files     = *.ins *.ist                   (default: the signature's)
 *   max_files = 50      (default: the signature's; backlog above this count)
 *   max_age   = 2h      (default: the signature's; or oldest file older)
 *   watch     = inotify | poll
 *   poll_interval = 30s                       (also the safety rescan)
 */
#ifndef SYNCWATCH_CONFIG_H
#define SYNCWATCH_CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum config_watch { WATCH_INOTIFY, WATCH_POLL };

/* What a source follows: log files, or a Windows event log. */
enum config_source_type { SOURCE_FILE, SOURCE_EVENTLOG };

/*
 * In the state directory: the running daemon's control token, which the
 * commands on this machine present to its HTTP API.
 */
#define CONFIG_CONTROL_TOKEN	"control.token"
#define CONFIG_DEFAULT_LISTEN	"127.0.0.1:8470"

struct source_conf {
	char		*name;
	enum config_source_type type;
	char		*path;		/* a path or a glob (files); for an
					   event log "eventlog:CHANNEL" */
	char		*channel;	/* eventlog: the log's name */
	char		*replay;	/* eventlog: a wevtutil /f:xml capture
					   read instead of the live log */
	int		 format;	/* enum event_format */
	char		*product;	/* NULL: every product */
	int		 start_at_end;
	enum config_watch watch;
	int		 poll_ms;
	int		 tz_minutes;	/* times without a zone: this offset, */
	char		*tz_name;	/* or this IANA zone or "local" */
	int		 quiet_ms;
	size_t		 max_record;
	int64_t		 expect_every_ms; /* silence longer: incident; 0: off */
	int64_t		 missing_ms;	/* absent longer: disappeared */
	char		**rotated;	/* names of rotated generations (globs);
					   NULL/0: the usual ones */
	size_t		 nrotated;
	int		 line;		/* of its [source] header */
	int		 path_line;	/* of its path key */
};

struct inbox_conf {
	char		*name;
	char		*path;		/* the directory watched */
	char		*signature;	/* id of the inbox signature it raises */
	char		**files;	/* file-name globs; NULL/0: the signature's */
	size_t		 nfiles;
	int64_t		 max_files;	/* -1: the signature's */
	int64_t		 max_age_ms;	/* -1: the signature's */
	enum config_watch watch;	/* inotify (default) | poll */
	int		 poll_ms;	/* default 30000: also the safety rescan */
	int		 line;		/* of its [inbox] header */
	int		 path_line;
};

/*
 * [alertmanager]: where syncwatch pushes its active incidents itself (for
 * a site with Alertmanager but no Prometheus).  nurls 0: no push.
 */
struct alertmanager_conf {
	char		**urls;		/* base URLs, no trailing '/' */
	size_t		 nurls;
	char		*bearer_token_file;	/* or NULL */
	char		*basic_auth_user;	/* or NULL */
	char		*basic_auth_password_file; /* with the user */
	char		*ca_file;		/* or NULL: the system's */
	int64_t		 resend_ms;		/* default 60 s */
	int64_t		 timeout_ms;		/* one request; default 10 s */
	int		 line;			/* of the section, or 0 */
};

struct config {
	char		*file;
	char		*name;		/* this daemon in the fleet */
	char		*external_url;	/* how ops reach it, no trailing '/';
					   default http://LISTEN */
	char		*state_dir;
	char		*listen;
	char		*patterns;
	char		*patterns_local;	/* or NULL */
	char		*api_tokens;	/* NULL: no state changes over HTTP */
	char		**allowed_hosts; /* Host values besides listen's */
	size_t		 nallowed_hosts;
	int		 retention_days;
	int		 samples_per_incident;
	struct source_conf *sources;
	size_t		 nsources;
	struct inbox_conf *inboxes;
	size_t		 ninboxes;
	struct alertmanager_conf am;
};

/*
 * Load path.  Returns NULL and sets *cause (caller frees; one FILE:LINE
 * message per line) on error.  *warnings, if not NULL, receives the
 * warnings (caller frees) or NULL when there are none.
 */
struct config *config_load(const char *path, char **cause, char **warnings);
void	config_free(struct config *);
/*
 * Just where a running daemon of path listens and keeps its state, read
 * leniently: a configuration with errors elsewhere still says (the reload
 * command must reach a daemon whose new configuration is broken).  New
 * strings in *listen and *state_dir; -1 and *cause only when the file
 * cannot be read.
 */
int	config_where(const char *path, char **listen, char **state_dir,
	    char **cause);

#endif
