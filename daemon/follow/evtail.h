/*
 * evtail — follow one Windows event log (a source with type = eventlog):
 * the counterpart of tail.h for records that come numbered instead of as
 * bytes.
 *
 * The log is read through the platform (platform_evlog_*: the classic
 * event-log API on Windows, or a wevtutil capture replayed, which is what
 * the tests and forensics use elsewhere), each event turned into a record
 * by decode/evlog.h's mapping, and handed to the owner with a mark whose
 * offset is the event's record number.  The position is the number of the
 * last record read, stored like a file offset in the same transaction as
 * the hits (with the record's time, to tell a log that was cleared and
 * numbers from 1 again).  A log that wrapped while the daemon was stopped
 * says how many records were overwritten unread.
 *
 * A log that cannot be opened or read (under wine every event-log call is
 * a stub) puts the follower in the error state with the reason, and is
 * tried again every EVTAIL_RETRY_MS; nothing else is affected.
 */
#ifndef SYNCWATCH_EVTAIL_H
#define SYNCWATCH_EVTAIL_H

#include <stddef.h>
#include <stdint.h>

#include "follow/tail.h"

#define EVTAIL_RETRY_MS	30000

struct evtail;

/* Follow sc's event log; first_start: never followed before (start_at). */
struct evtail *evtail_new(const struct source_conf *sc, int first_start,
	    tail_record_cb, void *arg);
void	evtail_free(struct evtail *);
void	evtail_restore(struct evtail *, const struct tail_pos *);
int	evtail_restored(const struct evtail *);
/* As tail_check: 1 if more records are waiting. */
int	evtail_check(struct evtail *, int64_t now_ms, size_t budget);
int	evtail_position(const struct evtail *, struct tail_mark *safe,
	    struct tail_pos *);
void	evtail_committed(struct evtail *);
int	evtail_dirty(const struct evtail *);
/* "eventlog:CHANNEL": the name its position and hits go by. */
const char *evtail_path(const struct evtail *);
enum tail_state evtail_state(const struct evtail *);
const char *evtail_error(const struct evtail *);
uint64_t evtail_offset(const struct evtail *);
const struct tail_stats *evtail_stats(const struct evtail *);
/* Whether the log can be read now, and its newest record's time (or 0). */
int	evtail_present(const struct evtail *, int64_t *newest_ms);

#endif
