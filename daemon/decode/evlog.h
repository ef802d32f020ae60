/*
 * evlog — Windows event logs as records (the eventlog format).
 *
 * Every way an event log reaches syncwatch ends in one function,
 * evlog_map: an event's fields (lib/winevent.h) to a record.  The text
 * exports (Event Viewer's tab-delimited text and CSV, wevtutil /f:text),
 * the XML ones (wevtutil /f:xml and /f:RenderedXml, Event Viewer's XML),
 * the .evtx files (evtx.h) and the live event log that the platform
 * reads (platform_evlog_*) all go through it, so they agree on what a
 * record is:
 *
 *   text       the rendered message when there is one, otherwise the
 *              insertion strings one a line (a .NET EventLog.WriteEntry
 *              source such as EktronL2 has one string: the message);
 *              line ends as '\n', trailing blank lines dropped, valid
 *              UTF-8, cut at max_record;
 *   first      the text's first line;
 *   component  the source (provider) name;
 *   level      critical, error, warning, information, verbose,
 *              audit-success or audit-failure (from the number, or from
 *              the word an export writes, in English, German, French or
 *              Spanish; another word is kept, in lower case);
 *   time       UTC; event_id and record_id as the event has them.
 *
 * The line layouts themselves are parsed in evlog.c (which layout a file
 * has, the hold that puts a file's records in time order), evlog-rows.c
 * (Event Viewer's delimited exports) and evlog-wevt.c (wevtutil's text
 * and XML).
 */
#ifndef SYNCWATCH_EVLOG_H
#define SYNCWATCH_EVLOG_H

#include <stddef.h>

#include "decode/event.h"
#include "lib/buf.h"
#include "lib/winevent.h"

/* The storage behind a mapped record (reused from record to record). */
struct evlog_rec {
	struct buf	 text;
	struct buf	 first;
	struct buf	 comp;
	struct buf	 level;
};

/*
 * Map ev to *out (format eventlog; line numbers and offsets 0, for the
 * caller to set).  The strings live in *rec until its next use.
 */
void	evlog_map(const struct winevent *ev, size_t max_record,
	    struct evlog_rec *rec, struct event *out);
void	evlog_rec_free(struct evlog_rec *);

/* The level word for a level number and/or an export's word (or NULL). */
void	evlog_level(struct buf *out, int level, const char *word, size_t len);

#endif
