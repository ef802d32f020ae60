/*
 * event — physical lines in, records (events) out.
 *
 * The matcher works on records, not lines.  A parser is fed the decoded lines
 * of one file, in order, and calls back once per complete record.  It knows
 * the record layouts of the logs syncwatch reads (see FORMATS.md):
 *
 *   configmgr  MESSAGE $$<COMPONENT><TIMESTAMP><thread=…>, three timestamp
 *              generations, `~` as a line break, records spanning lines and
 *              several records on one line;
 *   cmtrace    <![LOG[MESSAGE]LOG]!><time="…" date="…" component="…" …>, the
 *              message may span lines and contain `]`;
 *   log4net    the EPiServer CMS 5/6 layout (date level [thread] logger - msg)
 *              and the CMS 7+ layout (date [thread] level logger: msg);
 *   entlib     Enterprise Library text-formatter blocks between dashed lines
 *              (Timestamp:, Message:, Category:, Severity:, …);
 *   eventlog   Windows event logs exported by Event Viewer (tab-delimited
 *              text and CSV, newest first, local time in the machine's
 *              culture) and by wevtutil (/f:text and /f:xml), see evlog.h;
 *              the records of a file are held and come out in time order;
 *   plain      one line a record.
 *
 * In every format, continuation lines (exception text, "at …" frames in
 * any language — a word, then a dotted method with its '(' —, " ---> "
 * inner exceptions, "--- End of inner exception stack trace ---", "Server
 * stack trace:", blank lines, "Exception rethrown at [N]:") belong to the
 * record before them.  Other lines do only under a record that tells of an
 * exception or failure (in plain text, only indented ones); otherwise they
 * are records of their own, so an indented block of ordinary lines is
 * several records (record.c, rec_continues).
 *
 * A record is complete when the next one starts, or when the caller says the
 * input is over or has gone quiet (event_flush).  FMT_AUTO decides the format
 * from the first lines of the file (it holds them back until it knows, at
 * most EVENT_SNIFF_LINES lines) and keeps it for the rest of the file;
 * ConfigMgr only when its trailer lines are more than a third of the
 * ordinary lines seen (event.c, weigh).
 */
#ifndef SYNCWATCH_EVENT_H
#define SYNCWATCH_EVENT_H

#include <stddef.h>
#include <stdint.h>

enum event_format {
	FMT_AUTO = 0,
	FMT_CONFIGMGR,
	FMT_CMTRACE,
	FMT_LOG4NET,
	FMT_ENTLIB,
	FMT_PLAIN,
	FMT_EVENTLOG,
	FMT_COUNT
};

#define FMT_MASK(f)	(1u << (f))
#define FMT_MASK_ALL	(FMT_MASK(FMT_CONFIGMGR) | FMT_MASK(FMT_CMTRACE) | \
			 FMT_MASK(FMT_LOG4NET) | FMT_MASK(FMT_ENTLIB) | \
			 FMT_MASK(FMT_PLAIN) | FMT_MASK(FMT_EVENTLOG))

#define EVENT_SNIFF_LINES	64
#define EVENT_DEFAULT_MAX_RECORD	(64 * 1024)

#define EVENT_CUT	0x01	/* the record was cut at max_record */
#define EVENT_LINE_CUT	0x02	/* one of its lines was cut by text */
/*
 * The record continues the one before it: that one was passed on while
 * still open (event_flush: its file went quiet, or it kept growing for too
 * long), and these lines came after.  It carries the first part's header
 * (first line, time, component, level, thread); its text is the new lines.
 */
#define EVENT_CONTINUED	0x04

/*
 * One record.  All pointers are valid only during the callback.  Strings are
 * valid UTF-8 and NUL-terminated.
 */
struct event {
	enum event_format format;	/* never FMT_AUTO */

	/*
	 * The message: for configmgr the text before the $$< trailer with `~`
	 * turned into '\n' (but not in 8.3 names such as PROGRA~1) and
	 * the continuation lines; for cmtrace the text between <![LOG[ and
	 * ]LOG]!>; for log4net the message after the header plus the lines
	 * that follow; for entlib the whole block, lines joined; for plain the
	 * line and its continuation lines; for eventlog the event's message
	 * (or its insertion strings, one a line).  Lines are joined with
	 * '\n'.
	 */
	const char	*text;
	size_t		 text_len;

	/*
	 * The record's first physical line, raw as decoded (no terminator);
	 * for eventlog the first line of the message.
	 */
	const char	*first;
	size_t		 first_len;

	uint64_t	 line;		/* 1-based number of its first line */
	uint64_t	 last_line;	/* number of its last line */
	uint64_t	 end_offset;	/* raw offset past its last line */
	uint64_t	 start_offset;	/* raw offset where its first line starts */

	int		 has_time;
	int64_t		 time_ms;	/* UTC, milliseconds since the epoch */

	const char	*component;	/* component / logger / category, or "" */
	const char	*level;		/* "error", "warning", "info", … or "" */
	const char	*thread;	/* thread id as written, or "" */
	int		 flags;		/* EVENT_CUT, EVENT_LINE_CUT,
					   EVENT_CONTINUED */

	/* eventlog: the event id and the record number (0: none). */
	int		 has_event_id;
	uint32_t	 event_id;
	uint64_t	 record_id;
};

typedef void (*event_cb)(void *arg, const struct event *);

struct event_parser;

/*
 * A parser for one file.  max_record 0 means the default; text beyond it is
 * dropped and the record flagged EVENT_CUT.  default_tz_minutes is the UTC
 * offset (east positive, e.g. +60 for CET) used for times that carry no zone
 * of their own (log4net, 7-digit cmtrace, unknown ConfigMgr zone names).
 */
struct event_parser *event_new(enum event_format, size_t max_record,
	    int default_tz_minutes);
void	event_free(struct event_parser *);

/* Feed one decoded line (as given by text.h's callback). */
void	event_line(struct event_parser *, const char *line, size_t len,
	    uint64_t line_no, uint64_t end_offset, int line_flags,
	    event_cb cb, void *arg);

/*
 * Input is quiet: emit any record still held back.  An eventlog record
 * not complete yet (a quoted field or an XML element still open) stays.
 */
void	event_flush(struct event_parser *, event_cb cb, void *arg);
/* Input is over: emit everything, an incomplete record as it is. */
void	event_finish(struct event_parser *, event_cb cb, void *arg);

/*
 * Where a parser reports bad input it read past (an eventlog export's
 * malformed XML or row): the line it is about and what is wrong.
 */
typedef void (*event_problem_cb)(void *arg, uint64_t line, const char *msg);
void	event_set_problem_cb(struct event_parser *, event_problem_cb,
	    void *arg);

/*
 * One event given as its fields (an .evtx file's records, the native
 * event log): an eventlog parser holds it with the others of the input
 * and emits it in time order.  line is what the record is numbered by.
 */
struct winevent;
void	event_winevent(struct event_parser *, const struct winevent *,
	    uint64_t line, event_cb cb, void *arg);

/*
 * Whether the parser holds lines back (a record not complete yet, or lines
 * kept to decide the format).  If so, *offset is the raw offset where the
 * first held line starts and *line_no its number: everything before
 * *offset has produced all the records it ever will, and a parser fed
 * from there gives the same records from the first that ends after it.
 * When the held record starts in the middle of a line that ended the
 * record before it, that is where the record before it started: the two
 * share the line, and reading from the line alone would make a record of
 * the other one's end.
 */
int	event_pending(const struct event_parser *, uint64_t *offset,
	    uint64_t *line_no);

/*
 * The next line fed starts at raw offset `offset` (0 unless told): call it
 * after event_new when reading a file from the middle, and after a line
 * the parser is not given (reader.h's filter), so that event_pending can
 * name the start of a record held from the next line.
 */
void	event_resume(struct event_parser *, uint64_t offset);

/*
 * Read times without a zone in an IANA zone (tzif.h) rather than the fixed
 * offset given to event_new; the zone must outlive the parser.
 */
struct tzif;
void	event_set_zone(struct event_parser *, const struct tzif *);

/* The format in use (FMT_AUTO until decided). */
enum event_format event_parser_format(const struct event_parser *);

/* Guess the format of a buffer of decoded lines (a file's head). */
enum event_format event_sniff(const char *text, size_t len);

const char *event_format_name(enum event_format);
/* Returns the format for a name ("auto", "configmgr", …) or -1. */
int	event_format_parse(const char *name);

/*
 * Parse a timestamp of one of the formats into UTC milliseconds; exposed
 * for the tests.  Each returns 0 on success, -1 if the text is not one.
 */
int	event_configmgr_time(const char *ts, size_t len, int default_tz,
	    int64_t *ms);

#endif
