/*
 * reader — bytes of one log in, records out: the one loop every consumer
 * of logs uses (the follower, scan, the sample harness, the timelines).
 *
 * A reader chains the text decoder (bytes to UTF-8 lines, text.h) and the
 * record parser (lines to records, event.h) and keeps what both know
 * about position: how many raw bytes and lines it has consumed, and the
 * safe point, the raw offset up to which every record has been emitted.
 * Everything before the safe point has produced all the records it ever
 * will; the lines after it (a record still being assembled, a partial
 * last line) will produce theirs later.  A follower commits the safe
 * point and, after a crash, reads again from there: the records whose
 * hits were not committed come back, and no others.
 *
 * A line filter may take lines out before the parser sees them (the
 * sample harness's "#>" annotations).
 */
#ifndef SYNCWATCH_READER_H
#define SYNCWATCH_READER_H

#include <stddef.h>
#include <stdint.h>

#include "decode/event.h"
#include "decode/text.h"

struct reader;

/* Called for each record; the record is valid only during the call. */
typedef void (*reader_record_cb)(void *arg, const struct event *);
/*
 * Called for every decoded line before the parser sees it (line[len] is
 * '\0', flags the TEXT_LINE_* of text.h); returning nonzero keeps the
 * line out of the records.
 */
typedef int (*reader_filter_cb)(void *arg, const char *line, size_t len,
	    uint64_t line_no, int flags);

struct reader_stats {
	uint64_t	bytes;		/* raw bytes fed */
	uint64_t	lines;		/* complete lines decoded */
	uint64_t	records;
	uint64_t	cut;		/* records cut at max_record, or with a
					   line cut at max_record */
};

/*
 * Called for bad input the parser read past (an eventlog export's
 * malformed row or XML): the line it is about and what is wrong.
 */
typedef void (*reader_problem_cb)(void *arg, uint64_t line, const char *msg);

/*
 * The longest physical line an eventlog reader takes whole: wevtutil
 * /f:xml writes every event on one line.
 */
#define READER_EVENTLOG_MAX_LINE	(256u * 1024 * 1024)

/*
 * A reader of records of format fmt (FMT_AUTO: decided from the first
 * lines), at most max_record bytes each (0: the default), with times that
 * carry no zone taken as tz_minutes east of UTC.
 */
struct reader *reader_new(enum event_format fmt, size_t max_record,
	    int tz_minutes, reader_record_cb, void *arg);
void	reader_free(struct reader *);
/*
 * Read times without a zone in this IANA zone instead (tzif.h); the
 * reader owns it from now on (NULL: back to the fixed offset).
 */
struct tzif;
void	reader_set_zone(struct reader *, struct tzif *);
void	reader_set_filter(struct reader *, reader_filter_cb, void *arg);
/* Where the records go from now on (a file handed to another role). */
void	reader_set_callback(struct reader *, reader_record_cb, void *arg);
void	reader_set_problem_cb(struct reader *, reader_problem_cb, void *arg);
/*
 * Read records of format fmt after all: only while no line has reached
 * the parser yet (a sample log's "#> format" line).  0, or -1 if too late.
 */
int	reader_set_format(struct reader *, enum event_format fmt);

/*
 * The next bytes fed start at raw offset `offset`, after `lines` lines,
 * in encoding enc (TEXT_ENC_UNKNOWN: sniff it): resuming a file in the
 * middle.  Call before the first feed.
 */
void	reader_resume(struct reader *, enum text_encoding enc,
	    uint64_t offset, uint64_t lines);

void	reader_feed(struct reader *, const void *buf, size_t len);
/*
 * One line that is already text (a timeline's log step): it is decoded no
 * further and counts as len + 1 raw bytes.
 */
void	reader_text_line(struct reader *, const char *line, size_t len);
/*
 * One event given as its fields (a record of an .evtx file, of the
 * native event log): held with the others and emitted in time order, as
 * an eventlog file's records are.  line numbers the record (its record
 * number, or its place).  Only for a reader of format eventlog.
 */
struct winevent;
void	reader_winevent(struct reader *, const struct winevent *,
	    uint64_t line);
/* The input is over: a last line without terminator, and the held record. */
void	reader_finish(struct reader *);
/* The input has gone quiet: emit the record held back, if any. */
void	reader_flush(struct reader *);

/* Whether a record or lines are held back (reader_flush would emit). */
int	reader_holding(const struct reader *);
/* The safe point: its raw offset and the number of lines before it. */
void	reader_safe_point(const struct reader *, uint64_t *offset,
	    uint64_t *lines);

enum text_encoding reader_encoding(const struct reader *);
enum event_format reader_format(const struct reader *);
const struct reader_stats *reader_stats(const struct reader *);

#endif
