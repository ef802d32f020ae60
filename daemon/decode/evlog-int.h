/*
 * evlog-int — the inside of the eventlog format, shared by evlog.c (the
 * layout of a file, the hold that puts its records in time order),
 * evlog-rows.c (Event Viewer's delimited exports) and evlog-wevt.c
 * (wevtutil's text and XML).  Not for use outside decode/.
 */
#ifndef SYNCWATCH_EVLOG_INT_H
#define SYNCWATCH_EVLOG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "decode/evlog.h"
#include "decode/evtime.h"
#include "decode/record.h"
#include "decode/text.h"
#include "lib/attr.h"
#include "lib/buf.h"
#include "lib/winevent.h"

/* A file's records are held until the input is quiet, or this much. */
#define EVL_HOLD_MAX		(64u * 1024 * 1024)
/* One event's XML longer than this is skipped. */
#define EVL_XML_MAX		(16u * 1024 * 1024)
/* Problems reported per file at most. */
#define EVL_PROBLEMS_MAX	50
/* Columns of a delimited export. */
#define EVL_FIELDS_MAX		64

enum evl_layout { EVL_NONE, EVL_ROWS, EVL_WEVT, EVL_XML };

/* What a column of a delimited export holds. */
enum evl_col {
	C_LEVEL, C_DATETIME, C_DATE, C_TIME, C_SOURCE, C_EVENTID,
	C_CATEGORY, C_MESSAGE, C_USER, C_COMPUTER, C_RECORD, C_LOG,
	C_NCOL
};

/* A record held for the time order: its strings are in the arena. */
struct evl_held {
	size_t		 text, text_len, first, first_len;
	size_t		 comp, comp_len, level, level_len;
	uint64_t	 line, last_line, start_offset, end_offset;
	uint64_t	 seq;
	int		 flags;
	int		 has_time;
	int64_t		 time_ms;
	int		 local;		/* the time waits for the date order */
	struct evtime_local lt;
	int		 has_event_id;
	uint32_t	 event_id;
	uint64_t	 record_id;
};

/* Where a record being assembled started. */
struct evl_open {
	int		 open;
	uint64_t	 line, start;
	int		 flags;		/* EVENT_LINE_CUT of its lines */
};

struct evl {
	enum evl_layout	 layout;
	struct evlog_rec rec;
	struct winevent_xml x;
	int		 problems;

	/* The hold. */
	struct buf	 arena;
	struct evl_held	*held;
	size_t		 nheld, capheld;
	uint64_t	 seq;
	int		 order;		/* the file's date order, 0: not yet */

	/* Delimited rows (evlog-rows.c). */
	char		 delim;
	int		 have_cols;
	int		 cols[C_NCOL];
	int		 ncols_named;
	int		 rstate;	/* the quoting state at the row's end */
	struct evl_open	 row;
	struct buf	 rbuf;		/* the logical row */
	struct buf	 fbuf;		/* its fields, unquoted */
	int		 rcut;
	uint64_t	 r_last, r_end;	/* its last line, end offset */

	/* wevtutil /f:text (evlog-wevt.c). */
	struct evl_open	 w;
	int		 w_desc;	/* reading the description */
	int		 w_nfield;
	uint64_t	 w_last;	/* its last line, end offset */
	uint64_t	 w_end;
	struct buf	 w_src, w_date, w_level, w_id, w_log, w_comp, w_msg;

	/* wevtutil /f:xml. */
	struct evl_open	 xo;
	struct buf	 xbuf;
	size_t		 xroot;
	int		 xskip;		/* skipping an oversized element */
	uint64_t	 x_last, x_end;
};

struct evl *evl_state(struct event_parser *);

/* Report bad input at line (at most EVL_PROBLEMS_MAX a file). */
void	evl_problem(struct event_parser *, uint64_t line, const char *fmt,
	    ...) PRINTFLIKE(3, 4);
/*
 * Hold one event: mapped now; lt (or NULL) is a local time whose date
 * order is decided when the hold is emptied.
 */
void	evl_hold(struct event_parser *, const struct winevent *,
	    const struct evtime_local *lt, uint64_t line, uint64_t last_line,
	    uint64_t start, uint64_t end, int lflags, event_cb, void *arg);
/* Emit the held records in time order. */
void	evl_emit(struct event_parser *, event_cb, void *arg);

/* The layouts (fin: the input is over, an open record is finished). */
void	evl_rows_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	evl_rows_end(struct event_parser *, int fin, event_cb, void *arg);
void	evl_wevt_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	evl_wevt_end(struct event_parser *, int fin, event_cb, void *arg);
void	evl_xml_line(struct event_parser *, const char *s, size_t n,
	    uint64_t ln, uint64_t eo, int lf, event_cb, void *arg);
void	evl_xml_end(struct event_parser *, int fin, event_cb, void *arg);
/* Whether a line is a data row of a delimited export (sniffing too). */
int	evl_row_like(const char *s, size_t n, char delim);
/* Whether a line is a header row of a delimited export (English). */
int	evl_header_like(const char *s, size_t n, char delim);
/* "Event[N]:" */
int	evl_wevt_start(const char *s, size_t n);

#endif
