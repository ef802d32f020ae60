/*
 * push — syncwatch's open incidents pushed to Alertmanager itself, for a
 * site that runs Alertmanager but no Prometheus ([alertmanager] in the
 * configuration).
 *
 * Its own thread, with its own read-only connection to the database:
 * ingestion never waits for it, and an Alertmanager that is down or slow
 * delays nothing but the push.  See push.c for what is sent and when.
 */
#ifndef SYNCWATCH_PUSH_H
#define SYNCWATCH_PUSH_H

struct config;
struct snapshot;
struct push;

/*
 * Start pushing to cf->am's Alertmanagers (NULL, and nothing started,
 * when none is configured).  What it needs of cf is copied: the push
 * changes on restart only.  NULL and *cause when a secret file cannot be
 * read or the thread cannot start.
 */
struct push *push_start(const struct config *cf, struct snapshot *sn,
	    char **cause);
/* Stop the thread (after at most one request's timeout) and free. */
void	push_stop(struct push *);

#endif
