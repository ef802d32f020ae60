/*
 * daemon — the long-running follower: sources in, incidents out.
 *
 * daemon_run loads the configuration and the signatures, opens the store
 * and loops until SIGTERM/SIGINT: inotify (or a poll timer) says a
 * directory changed, the followers of that directory read what is new, and
 * every pass ends with one transaction that records the hits and the file
 * positions together.  SIGHUP reloads configuration and signatures: both
 * are loaded and checked first, and a bad new set is reported while the old
 * one keeps running.
 */
#ifndef SYNCWATCH_DAEMON_H
#define SYNCWATCH_DAEMON_H

/* Returns the process exit status. */
int	daemon_run(const char *config_path);

#endif
