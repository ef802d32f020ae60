/*
 * platform — the operating system, behind one interface.
 *
 * Everything syncwatch asks of the OS goes through here: following a log
 * file, listing a folder, waiting for something to happen, signals or
 * service controls, the service manager, the log sink.  The interface
 * offers operations, not POSIX look-alikes, so that each platform can do
 * them its own way: POSIX in platform/posix/, Windows in platform/win32/
 * (the Makefile compiles the one it builds for).  The files directly in
 * platform/ are portable: path handling, the file-name glob, and the C
 * library gaps (compat.h).  No file outside platform/ includes an OS
 * header; make check fails if one does.
 *
 * Paths are UTF-8 everywhere (on Windows they become UTF-16 at the API
 * call).  Calls that fail return -1 (or NULL) and leave errno set, so a
 * message is strerror(errno); the Windows side maps its error codes.
 *
 * This layer uses lib/ (allocation, buffers, the log API) and nothing
 * above it.
 */
#ifndef SYNCWATCH_PLATFORM_H
#define SYNCWATCH_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Clocks: wall time (UTC ms since the epoch) and a monotonic clock. */
int64_t	platform_now_ms(void);
int64_t	platform_mono_ms(void);
/*
 * The wall clock the daemon keeps its times and deadlines by: the system's
 * while it runs in step with the monotonic clock, the monotonic clock's
 * count from the last time it did when it steps (clock.c).  Main thread.
 */
int64_t	platform_steady_ms(void);

/* Files. */

enum platform_type {
	PLATFORM_OTHER,
	PLATFORM_REG,
	PLATFORM_DIR,
};

/*
 * What a file is: its identity (device and inode on POSIX; volume serial
 * and file index on Windows), size and modification time.
 */
struct platform_stat {
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 size;
	int64_t		 mtime_ms;
	enum platform_type type;
	int		 has_id;	/* dev and ino are known (a folder
					   listing on Windows does not say) */
};

struct platform_file;

/*
 * Open a log for following: read-only, binary, and on Windows shared for
 * reading, writing and deletion so the product can append, rotate and
 * delete it while it is held.  NULL and errno on failure (ENOENT: not
 * there).
 */
struct platform_file *platform_open_log(const char *path);
/* Standard input, for `scan -` (binary); closing it closes nothing. */
struct platform_file *platform_stdin(void);
void	platform_close(struct platform_file *);
int	platform_fstat(struct platform_file *, struct platform_stat *);
/*
 * Read up to len bytes at offset, never moving a shared file pointer.
 * Returns the bytes read (0 at the end), or -1 and errno.
 */
int64_t	platform_pread(struct platform_file *, void *buf, size_t len,
	    uint64_t offset);
/* Read the next bytes of a stream (standard input).  As platform_pread. */
int64_t	platform_read(struct platform_file *, void *buf, size_t len);

/* What path names (following symbolic links).  0, or -1 and errno. */
int	platform_stat(const char *path, struct platform_stat *);
/* Whether two stats describe the same file. */
int	platform_same_file(const struct platform_stat *,
	    const struct platform_stat *);
/*
 * How long a rotated log stays open, once read to its end, for a writer
 * still appending through the handle it had.  POSIX: 10 s (a logger
 * writes to the old file until it reopens by name).  Windows: 0, the
 * file is let go at once: while any handle is open, a deleted file's name
 * stays taken (Windows before 10 1903 and Server 2019, and wine), so
 * ConfigMgr's next rollover (delete despool.lo_, rename despool.log to
 * despool.lo_) would fail; the Windows products close a log before they
 * rotate it.
 */
int	platform_rotated_hold_ms(void);
/*
 * Append the whole file at path to b, refusing files over max bytes.
 * 0, or -1 and *cause ("PATH: reason", caller frees).
 */
int	platform_read_file(const char *path, struct buf *b, size_t max,
	    char **cause);
/*
 * The IANA time zone name ("Europe/Berlin"), or "local" for the system's
 * own, from tzdata (tzif.h; the caller frees it).  NULL and *cause when
 * there is no such zone; NULL without a cause for "local" where the system
 * has no zone file (Windows): times stay in the caller's fixed offset.
 */
struct tzif;
struct tzif *platform_zone(const char *name, char **cause);
/*
 * Read a file of secrets (the API tokens) into b as platform_read_file
 * does, but refuse it as ssh refuses a private key: when others may read
 * or write it, when its group may write it, or may read it unless root
 * owns it and the group is this process's own, or when it belongs to
 * neither this process's user nor root.  *cause then names the file, its
 * mode or owner, and the command that fixes it.  On Windows access is the
 * file's ACL, which mode bits do not describe: the file is read unchecked.
 */
int	platform_read_secret(const char *path, struct buf *b, size_t max,
	    char **cause);
/* Create a directory only its owner and group may enter.  0 or -1. */
int	platform_mkdir(const char *path);
/*
 * Files this process creates from now on are not for everyone: the
 * database holds log excerpts.  POSIX: umask 027 (0640 files, the
 * service's group may read); Windows: nothing (the state folder's ACL
 * says who may).
 */
void	platform_private_files(void);
/*
 * Whether this process may make and change files in the folder path (or
 * write the file path): 1, or 0 with errno.  Windows: 1 (the ACLs are the
 * service's to check, at its start).
 */
int	platform_can_write(const char *path);
/* Rename from to to, replacing to if it exists.  0, or -1 and errno. */
int	platform_rename(const char *from, const char *to);
/* Remove a file.  0, or -1 and errno. */
int	platform_remove(const char *path);

/*
 * Call cb for each entry of dir (not "." and ".."), in no set order, with
 * its name and what it is (st NULL, and errno set, when it vanished
 * meanwhile or cannot be looked at).  When filter is not NULL, only the
 * names it accepts are looked at and passed on.  cb returns nonzero to
 * stop.  0, or -1 and errno when dir cannot be read.
 */
typedef int (*platform_dir_filter)(void *arg, const char *name);
typedef int (*platform_dir_cb)(void *arg, const char *name,
	    const struct platform_stat *st);
int	platform_dir_list(const char *dir, platform_dir_filter,
	    platform_dir_cb, void *arg);

/*
 * The regular files of dir whose names filter accepts (dot files never),
 * as paths, sorted by name, in a NULL-terminated array; *n (may be NULL)
 * counts them.  Free with platform_files_free.  NULL and errno when dir
 * cannot be read.  (platform/path.c.)
 */
char	**platform_dir_files(const char *dir, platform_dir_filter,
	    void *arg, size_t *n);
void	platform_files_free(char **);

/* Paths (platform/path.c). */

/* Whether path is absolute ("/x"; on Windows "C:\x", "\\server\share"). */
int	platform_path_absolute(const char *path);
/* dir joined with name, with the platform's separator.  New string. */
char	*platform_path_join(const char *dir, const char *name);
/*
 * The directory part and the last component of path, as new strings
 * ("/a/b" gives "/a" and "b"; "b" gives "." and "b").
 */
char	*platform_path_dir(const char *path);
char	*platform_path_base(const char *path);
/*
 * syncwatch's file-name glob: '*', '?', and '[...]' classes (with ranges
 * and '!' or '^' for negation).  With casefold, ASCII letters match either
 * case.  Returns 1 on a match.
 */
int	platform_glob_match(const char *pattern, const char *name,
	    int casefold);
/* Whether a path component holds glob characters. */
int	platform_has_glob(const char *s);
/* Whether names on this platform's file systems ignore case. */
int	platform_names_casefold(void);
/*
 * A path from the configuration with environment variables expanded
 * (Windows: %ProgramFiles%, %ProgramData%; POSIX: none).  New string.
 */
char	*platform_expand(const char *path);

/* The main loop's wait: watches, stop and reload requests, timers. */

#define PLATFORM_EV_STOP	0x01	/* SIGTERM/SIGINT, service stop */
#define PLATFORM_EV_RELOAD	0x02	/* SIGHUP, service reload control */
#define PLATFORM_EV_OVERFLOW	0x04	/* watch events were lost: rescan */

/* What happened in a watched directory. */
#define PLATFORM_WATCH_CHANGED	0x01	/* an entry was written, made, moved */
#define PLATFORM_WATCH_GONE	0x02	/* the directory itself went away */

struct platform_loop;
/* name: the entry the event is about, or NULL for the directory itself. */
typedef void (*platform_watch_cb)(void *arg, int id, const char *name,
	    int what);

/*
 * The loop: installs the stop and reload handlers (signals, or service
 * and console controls) and opens the directory watcher.  NULL and *cause
 * on failure.  *watching is set to 0 when directories cannot be watched
 * at all (every source is then polled).
 */
struct platform_loop *platform_loop_new(int *watching, char **cause);
void	platform_loop_free(struct platform_loop *);
/*
 * Watch dir; returns a watch id (>= 0), or -1 and errno (ENOSPC: the
 * watch limit is reached; the caller polls instead).
 */
int	platform_watch_dir(struct platform_loop *, const char *dir);
void	platform_watch_remove(struct platform_loop *, int id);
/*
 * Wait up to timeout_ms (-1: no limit, 0: just look) for a watch event, a
 * stop or reload request.  Watch events are passed to cb; the return value
 * is the PLATFORM_EV_* bits of what else happened (0: timeout or watch
 * events only).
 */
int	platform_loop_wait(struct platform_loop *, int timeout_ms,
	    platform_watch_cb cb, void *arg);
/*
 * Make the loop's current or next platform_loop_wait return (from any
 * thread): another thread wants it to turn.
 */
void	platform_loop_wake(struct platform_loop *);
/* Sleep this thread for ms milliseconds. */
void	platform_sleep_ms(int ms);

/*
 * The service manager: systemd's notify protocol on Linux (READY=1,
 * RELOADING=1, STOPPING=1, WATCHDOG=1, STATUS=...), the service control
 * manager on Windows.  A no-op when not run by one.  platform_watchdog_ms
 * is how often to send "WATCHDOG=1", or 0 when no watchdog is set.
 */
void	platform_notify(const char *state);
int	platform_watchdog_ms(void);
/* Detach from the terminal (daemon(3)).  0, or -1 and errno. */
int	platform_daemonize(void);
/*
 * Run fn(arg) as the body of a system service (Windows: under the service
 * control manager, which then sees it start, run and stop).  Returns
 * fn's result, or -1 and *cause when this is not a service.
 */
int	platform_service_run(int (*fn)(void *), void *arg, char **cause);
/*
 * The service manager's side: verb is install, uninstall, start, stop or
 * status; config the configuration the service runs with.  Prints what it
 * did.  0, or -1 and *cause (POSIX: systemd is the service manager).
 */
int	platform_service_ctl(const char *verb, const char *config,
	    char **cause);
/*
 * Ask a running daemon to reload without its API: POSIX sends SIGHUP to
 * pid; Windows sends the service the PARAMCHANGE control (pid unused).
 * 0, or -1 and *cause.
 */
int	platform_signal_reload(long pid, char **cause);

/*
 * Threads: a mutex (the HTTP thread and the main loop share a snapshot),
 * and the HTTP side's own thread.  platform_thread_start runs fn(arg) in
 * a new thread (NULL and errno if it cannot); platform_thread_join waits
 * for fn to return and frees the thread.
 */
struct platform_mutex;
struct platform_mutex *platform_mutex_new(void);
void	platform_mutex_free(struct platform_mutex *);
void	platform_mutex_lock(struct platform_mutex *);
void	platform_mutex_unlock(struct platform_mutex *);
struct platform_thread;
struct platform_thread *platform_thread_start(void (*fn)(void *), void *arg);
void	platform_thread_join(struct platform_thread *);

/* Zero memory holding a secret, in a way the compiler keeps. */
void	platform_zero(void *, size_t);
/* Fill buf with n bytes from the system's secure random source.  0 or -1. */
int	platform_random(void *buf, size_t n);
/*
 * Write a file only its owner may read, and with group its group too
 * (POSIX mode 0600 or 0640; on Windows the folder's inherited ACL),
 * replacing it atomically.  0, or -1 and *cause.
 */
int	platform_write_private(const char *path, const void *data, size_t len,
	    int group, char **cause);
/* The user running this process, as a new string ("uid N" if unknown). */
char	*platform_user_name(void);
/*
 * This process, for the metrics: CPU time (user and system), resident
 * memory, open file descriptors (Windows: handles), and when it started
 * (wall clock).  A value not known is -1.  (posix/proc.c, win32/proc.c.)
 */
struct platform_process {
	double		 cpu_seconds;
	int64_t		 rss_bytes;
	int64_t		 open_fds;
	int64_t		 max_fds;
	int64_t		 start_time_ms;
};
void	platform_process_stats(struct platform_process *);

/* This machine's host name, as a new string ("localhost" if unknown). */
char	*platform_host_name(void);

/*
 * The log sink: where lib/log's messages go.  On POSIX, standard error,
 * with journald priority prefixes ("<3>") when it is the journal
 * ($JOURNAL_STREAM); otherwise, when arg is PLATFORM_LOG_STAMP (the
 * daemon run by hand), each line starts with the UTC time.  Install with
 * log_set_sink(platform_log_sink, arg).
 */
#define PLATFORM_LOG_STAMP	((void *)1)
void	platform_log_sink(void *arg, int priority, const char *line,
	    size_t len);

/*
 * The listen address "HOST:PORT" or "[V6]:PORT" (HOST empty: every
 * address), resolved into ss (room for a struct sockaddr_storage: 128
 * bytes), *sslen and whether it is IPv6.  0, or -1 and *cause.
 */
#define PLATFORM_SOCKADDR_MAX	128
int	platform_listen_addr(const char *listen, void *ss, size_t *sslen,
	    int *ipv6, char **cause);
/*
 * The HTTP server's connections, whose sockets libmicrohttpd owns (its
 * MHD_socket, passed as an integer).  platform_socket_shutdown ends a
 * connection both ways without closing the socket, so that the library
 * sees the end on its next read and closes it itself.
 * platform_peer_host writes a peer's address (a struct sockaddr, IPv4 or
 * IPv6) without its port into out[size] ("127.0.0.1", "::1") and returns
 * 1 if it is a loopback address (127.0.0.0/8, ::1, or 127/8 mapped into
 * IPv6), 0 if not, -1 (and "?") if it cannot be read.
 */
void	platform_socket_shutdown(uint64_t sock);
/*
 * Whether the peer has shut its sending side and nothing of it is left
 * unread (the end of the stream is all there is to read): 1, else 0.
 * Never blocks and reads nothing.
 */
int	platform_socket_peer_gone(uint64_t sock);
int	platform_peer_host(const void *sa, char *out, size_t size);

/*
 * The Windows event log (the daemon's eventlog sources).  The native
 * reader uses the classic API (platform/win32/evlog.c: OpenEventLogW,
 * ReadEventLogW, NotifyChangeEventLog); elsewhere it is ENOSYS.  The
 * replay backend gives the same interface over a captured
 * `wevtutil qe LOG /f:xml` file, on every platform, so what reads
 * records is tested with captured event data.  Records are numbered (the
 * classic RecordNumber, the XML's EventRecordID) and read from a number
 * on; each comes as its fields (lib/winevent.h), for decode/evlog.h's
 * mapping.
 *
 * A log can be opened yet unreadable: under wine every event-log call is
 * a stub that reports success, holds nothing and never signals.  The
 * reader notices and says so (PLATFORM_EVLOG_UNREADABLE, with the
 * reason); reading it then returns 0 at once and waiting sleeps, so a
 * caller polls slowly instead of spinning.
 */
struct winevent;
struct platform_evlog;

enum platform_evlog_state {
	PLATFORM_EVLOG_READABLE,
	PLATFORM_EVLOG_UNREADABLE,	/* opened, but nothing can be read */
};

/*
 * Open the event log named channel ("EktronL2", "Application").  NULL
 * and *cause ("CHANNEL: why"; errno ENOSYS: no event log on this
 * platform, ENOENT: no such log).
 */
struct platform_evlog *platform_evlog_open(const char *channel,
	    char **cause);
/*
 * The replay backend: the events of a `wevtutil qe LOG /f:xml` capture
 * (any encoding, newest or oldest first), in record-number order (by time
 * where they have none; those are then numbered 1, 2, …).  NULL and
 * *cause ("PATH: why") when the file cannot be read or holds no event.
 */
struct platform_evlog *platform_evlog_open_replay(const char *path,
	    char **cause);
/*
 * Pass every record numbered after `after` (0: all) to cb, oldest first,
 * until there are no more or cb returns nonzero; the event is valid only
 * during the call.  Returns how many were passed, or -1 and *cause.
 */
typedef int (*platform_evlog_cb)(void *arg, const struct winevent *);
int64_t	platform_evlog_read(struct platform_evlog *, uint64_t after,
	    platform_evlog_cb, void *arg, char **cause);
/* Whether it can be read; *why (may be NULL) a constant reason if not. */
enum platform_evlog_state platform_evlog_state(const struct platform_evlog *,
	    const char **why);
/* The oldest record number and how many there are.  0, or -1 and errno. */
int	platform_evlog_range(struct platform_evlog *, uint64_t *oldest,
	    uint64_t *count);
/*
 * What to wait on for new records: on Windows the event HANDLE that
 * NotifyChangeEventLog signals (for a caller's own wait), else NULL (a
 * replay never changes: poll).
 */
void	*platform_evlog_handle(struct platform_evlog *);
/*
 * Wait up to ms for new records: 1 when the log says it changed, 0 on
 * timeout (also when there is nothing to wait on: it sleeps ms), -1 and
 * errno on error.
 */
int	platform_evlog_wait(struct platform_evlog *, int ms);
void	platform_evlog_close(struct platform_evlog *);

/* Where things are. */

/* The directory holding the running executable (new string), or NULL. */
char	*platform_exe_dir(void);
/*
 * The default signature directory: $SYNCWATCH_PATTERNS if set; else
 * ./patterns beside the executable when that holds *.sig files (running
 * from the source tree); else the installed one.  New string.
 */
char	*platform_default_patterns(void);
/*
 * The dashboard assets: $SYNCWATCH_WEB if set; else ./web beside the
 * executable when it holds dashboard.js (the source tree); else the
 * installed one.  New string.
 */
char	*platform_default_web(void);
/* The configuration file read unless told otherwise. */
const char *platform_default_config(void);
/* The state directory when the configuration names none. */
const char *platform_default_state_dir(void);
/* Whether path is a directory holding at least one *.sig file. */
int	platform_has_sig_files(const char *path);
/* Where the installed signatures and dashboard assets are. */
const char *platform_data_dir(void);

#endif
