/*
 * platform — what differs between the POSIX build and the coming Windows
 * service build.  Everything here has one implementation per platform
 * (platform-posix.c today); the rest of the daemon never includes an OS
 * header for these concerns.
 */
#ifndef SYNCWATCH_PLATFORM_H
#define SYNCWATCH_PLATFORM_H

/*
 * The directory holding the running executable, in a new string the
 * caller frees, or NULL if it cannot be found.
 */
char	*platform_exe_dir(void);

/*
 * The default signature directory: $SYNCWATCH_PATTERNS if set; else
 * ./patterns beside the executable when that holds *.sig files (running
 * from the source tree); else the installed DATADIR/patterns.  New string.
 */
char	*platform_default_patterns(void);

/*
 * The dashboard assets: $SYNCWATCH_WEB if set; else ./web beside the
 * executable when it holds dashboard.js (the source tree); else the
 * installed DATADIR/web.  New string.
 */
char	*platform_default_web(void);

/* Whether path is a directory holding at least one *.sig file. */
int	platform_has_sig_files(const char *path);

/* Wall-clock time (for records without a time) and a monotonic clock. */
#include <stdint.h>
int64_t	platform_now_ms(void);
int64_t	platform_mono_ms(void);

/*
 * Signals.  SIGTERM and SIGINT ask the daemon to stop, SIGHUP to reload;
 * SIGPIPE is ignored.  platform_signals_init returns a descriptor that
 * becomes readable when one arrives (-1 and *cause on error);
 * platform_signals_take returns and clears what arrived.
 */
#define PLATFORM_SIG_STOP	0x01
#define PLATFORM_SIG_RELOAD	0x02
int	platform_signals_init(char **cause);
int	platform_signals_take(void);

/*
 * Directory watching: inotify on Linux.  Each watched directory gets an
 * id; platform_watch_read calls back once per event with the id and the
 * file name (NULL for the directory itself) and returns 1 if the kernel
 * queue overflowed (events were lost: rescan everything), 0 otherwise.
 * platform_watch_dir returns -1 with errno set; ENOSPC means the watch
 * limit is reached and the caller should poll instead.
 */
struct platform_watch;
typedef void (*platform_watch_cb)(void *arg, int id, const char *name);
struct platform_watch *platform_watch_new(char **cause);
void	platform_watch_free(struct platform_watch *);
int	platform_watch_fd(const struct platform_watch *);
int	platform_watch_dir(struct platform_watch *, const char *dir);
void	platform_watch_remove(struct platform_watch *, int id);
int	platform_watch_read(struct platform_watch *, platform_watch_cb,
	    void *arg);

/*
 * Service manager notifications (systemd's sd_notify protocol, written out:
 * one datagram to $NOTIFY_SOCKET).  A no-op when not run by systemd.
 * platform_watchdog_ms is how often to send "WATCHDOG=1" (half of
 * $WATCHDOG_USEC), or 0 when no watchdog is set.
 */
void	platform_notify(const char *state);
int	platform_watchdog_ms(void);

#endif
