/*
 * event — physical lines in, records out; see event.h and FORMATS.md.
 *
 * One parser per file.  The record being assembled lives in a handful of
 * struct bufs that are reused from record to record, so a multi-gigabyte log
 * costs no allocation per line once the buffers have grown.  Every layout is
 * recognised by a hand-written parser working on (pointer, length) — lines
 * are not assumed NUL-terminated — and no regular expression runs here.
 *
 * A record is held back until it is known to be complete: for configmgr
 * when its $$< trailer has been read; for the other formats when the next
 * record starts (the lines in between may be exception text that belongs to
 * it) or when the caller flushes.  Text beyond max_record is dropped, but
 * the line range and end offset keep counting, so a consumer still commits
 * the right offsets after a runaway record.
 *
 * Untrusted input: every search on a line moves forward (memmem from the
 * last position, next-occurrence caches for cmtrace) and every trailer
 * candidate is parsed with bounded field lengths, so a line of a million
 * "$$<" or "<![LOG[" stays linear.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "decode/event.h"
#include "decode/text.h"
#include "lib/timefmt.h"
#include "lib/xmalloc.h"

/* Bounds of a ConfigMgr trailer's fields: a candidate past them is text. */
#define CM_COMP_MAX	256
#define CM_TS_MAX	128
#define CM_TID_MAX	64
/* A cmtrace attribute tag longer than this is garbage. */
#define CT_TAG_MAX	4096

enum ct_state {
	CT_NONE,	/* no record, or the held record is complete */
	CT_MSG,		/* inside <![LOG[ … waiting for ]LOG]!> */
	CT_TAG,		/* after ]LOG]!>, reading the attribute tag */
};

struct held_line {
	size_t		 off;
	size_t		 len;
	uint64_t	 start;		/* raw offset where the line starts */
	uint64_t	 line_no;
	uint64_t	 end_offset;
	int		 flags;
};

struct event_parser {
	enum event_format fmt;
	size_t		 max_record;
	int		 tz;

	/* FMT_AUTO: lines held back until the format is known. */
	struct buf	 held;
	struct held_line hl[EVENT_SNIFF_LINES];
	size_t		 nheld;
	uint64_t	 nsniffed;
	int		 prev_sep;

	/* Raw offsets: end of the last line fed, start of the current one. */
	uint64_t	 prev_end;
	uint64_t	 cur_start;

	/* The record being assembled. */
	int		 open;
	enum event_format rfmt;
	struct buf	 text;
	struct buf	 first;
	struct buf	 comp;
	struct buf	 level;
	struct buf	 thread;
	uint64_t	 line;
	uint64_t	 last_line;
	uint64_t	 start_offset;	/* raw start of the first line */
	uint64_t	 end_offset;
	uint64_t	 tline;		/* last line that added text */
	int		 has_time;
	int64_t		 time_ms;
	int		 flags;

	/* configmgr: a trailer cut by the end of the previous line. */
	struct buf	 frag;		/* from the blanks before "$$<" */
	size_t		 frag_ws;	/* how many blanks that is */
	uint64_t	 frag_line;
	struct buf	 scratch;

	/* cmtrace */
	enum ct_state	 ct;
	int		 ct_lt;		/* the tag's '<' has been seen */
	struct buf	 tag;

	/* entlib: the open block already has its Timestamp: line. */
	int		 ent_ts;
};

struct cm_trailer {
	const char	*comp;
	size_t		 comp_len;
	const char	*ts;
	size_t		 ts_len;
	const char	*tid;
	size_t		 tid_len;
	size_t		 len;		/* bytes from "$$<" to the final '>' */
};

struct l4_head {
	int64_t		 ms;
	int		 has_time;
	const char	*level;
	size_t		 level_len;
	const char	*thread;
	size_t		 thread_len;
	const char	*logger;
	size_t		 logger_len;
	const char	*msg;
	size_t		 msg_len;
};

/* Small helpers on (pointer, length) text. */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
has_prefix(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && memcmp(s, pfx, k) == 0;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i;
}

static size_t
rtrim_len(const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	return n;
}

/* Read 1..maxd digits at *i; 0 on success. */
static int
get_num(const char *s, size_t n, size_t *i, int mind, int maxd, int *v)
{
	int d = 0, x = 0;

	while (*i < n && d < maxd && is_digit((unsigned char)s[*i])) {
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	if (d < mind)
		return -1;
	*v = x;
	return 0;
}

/* Fraction digits at *i (any number) as milliseconds. */
static int
get_frac_ms(const char *s, size_t n, size_t *i, int *ndig)
{
	int ms = 0, d = 0;

	while (*i < n && is_digit((unsigned char)s[*i])) {
		if (d < 3)
			ms = ms * 10 + (s[*i] - '0');
		d++;
		(*i)++;
	}
	*ndig = d;
	for (; d < 3; d++)
		ms *= 10;
	return ms;
}

/*
 * A clock time "H:MM:SS" at *i, then, after one of the characters in
 * fracsep, an optional fraction as milliseconds (*ndig digits, 0 if none).
 * lo is the fewest digits minutes and seconds may have; hours may have one.
 */
static int
get_clock(const char *s, size_t n, size_t *i, int lo, const char *fracsep,
    int *h, int *mi, int *sec, int *frac, int *ndig)
{
	*frac = 0;
	*ndig = 0;
	if (get_num(s, n, i, 1, 2, h) < 0 || *i >= n || s[(*i)++] != ':' ||
	    get_num(s, n, i, lo, 2, mi) < 0 || *i >= n || s[(*i)++] != ':' ||
	    get_num(s, n, i, lo, 2, sec) < 0)
		return -1;
	if (*i < n && s[*i] != '\0' && strchr(fracsep, s[*i]) != NULL) {
		(*i)++;
		*frac = get_frac_ms(s, n, i, ndig);
	}
	return 0;
}

static int
month_from_name(const char *s, size_t n)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char m[3];
	int i;

	if (n < 3)
		return -1;
	for (i = 0; i < 3; i++)
		m[i] = (char)tolower((unsigned char)s[i]);
	for (i = 0; i < 12; i++)
		if (memcmp(names + i * 3, m, 3) == 0)
			return i + 1;
	return -1;
}

/* Time zones. */

/*
 * Windows time-zone names as SMS 2.0/2003 wrote them in generation-B
 * timestamps: the base of "<base> Standard Time" and "<base> Daylight
 * Time", with the UTC offsets (minutes east) of each.
 */
static const struct {
	const char	*base;
	int		 std;
	int		 dst;
} tz_windows[] = {
	{ "Eastern", -300, -240 },	{ "US Eastern", -300, -240 },
	{ "Central", -360, -300 },	{ "Canada Central", -360, -360 },
	{ "Central America", -360, -360 }, { "Mexico", -360, -300 },
	{ "Mountain", -420, -360 },	{ "US Mountain", -420, -420 },
	{ "Pacific", -480, -420 },	{ "Alaskan", -540, -480 },
	{ "Hawaiian", -600, -540 },	{ "Atlantic", -240, -180 },
	{ "Newfoundland", -210, -150 },	{ "SA Pacific", -300, -300 },
	{ "SA Western", -240, -240 },	{ "SA Eastern", -180, -180 },
	{ "E. South America", -180, -120 }, { "Pacific SA", -240, -180 },
	{ "Argentina", -180, -180 },	{ "Mid-Atlantic", -120, -60 },
	{ "Azores", -60, 0 },		{ "GMT", 0, 60 },
	{ "Greenwich", 0, 0 },		{ "UTC", 0, 0 },
	{ "Coordinated Universal", 0, 0 },
	{ "W. Europe", 60, 120 },	{ "Romance", 60, 120 },
	{ "Central Europe", 60, 120 },	{ "Central European", 60, 120 },
	{ "W. Central Africa", 60, 60 },
	{ "E. Europe", 120, 180 },	{ "FLE", 120, 180 },
	{ "GTB", 120, 180 },		{ "Egypt", 120, 180 },
	{ "South Africa", 120, 120 },	{ "Israel", 120, 180 },
	{ "Jerusalem", 120, 180 },	{ "Turkey", 180, 180 },
	{ "Russian", 180, 240 },	{ "Arab", 180, 180 },
	{ "Arabic", 180, 180 },		{ "E. Africa", 180, 180 },
	{ "Iran", 210, 270 },		{ "Arabian", 240, 240 },
	{ "Afghanistan", 270, 270 },	{ "West Asia", 300, 300 },
	{ "Pakistan", 300, 300 },	{ "India", 330, 330 },
	{ "Sri Lanka", 330, 330 },	{ "Nepal", 345, 345 },
	{ "Central Asia", 360, 360 },	{ "SE Asia", 420, 420 },
	{ "China", 480, 480 },		{ "Singapore", 480, 480 },
	{ "Malay Peninsula", 480, 480 }, { "Taipei", 480, 480 },
	{ "W. Australia", 480, 540 },	{ "Tokyo", 540, 540 },
	{ "Korea", 540, 540 },		{ "Cen. Australia", 570, 630 },
	{ "AUS Central", 570, 570 },	{ "E. Australia", 600, 600 },
	{ "AUS Eastern", 600, 660 },	{ "Tasmania", 600, 660 },
	{ "West Pacific", 600, 600 },	{ "New Zealand", 720, 780 },
	{ "Fiji", 720, 780 },		{ "Tonga", 780, 780 },
};

/* Whole names: abbreviations and a few localized Windows display names. */
static const struct {
	const char	*name;
	int		 off;
} tz_names[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "Coordinated Universal Time", 0 }, { "Greenwich Mean Time", 0 },
	{ "British Summer Time", 60 },
	{ "Mitteleurop\xc3\xa4ische Zeit", 60 },
	{ "Mitteleurop\xc3\xa4ische Sommerzeit", 120 },
	{ "Westeurop\xc3\xa4ische Zeit", 0 },
	{ "Westeurop\xc3\xa4ische Sommerzeit", 60 },
	{ "Osteurop\xc3\xa4ische Zeit", 120 },
	{ "Osteurop\xc3\xa4ische Sommerzeit", 180 },
	{ "Heure normale d\xe2\x80\x99" "Europe centrale", 60 },
	{ "Heure normale d'Europe centrale", 60 },
	{ "Heure d\xe2\x80\x99\xc3\xa9t\xc3\xa9 d\xe2\x80\x99" "Europe centrale",
	    120 },
	{ "Heure d'\xc3\xa9t\xc3\xa9 d'Europe centrale", 120 },
	{ "Paris, Madrid", 60 },
	{ "Paris, Madrid (heure d'\xc3\xa9t\xc3\xa9)", 120 },
};

/* Offset (minutes east of UTC) of a Windows zone name; -1 if unknown. */
static int
tz_lookup(const char *s, size_t n, int *off)
{
	static const char std[] = " Standard Time", dst[] = " Daylight Time",
	    sum[] = " Summer Time";
	size_t i, blen = 0;
	int daylight = -1;

	for (i = 0; i < sizeof(tz_names) / sizeof(tz_names[0]); i++)
		if (strlen(tz_names[i].name) == n &&
		    strncasecmp(tz_names[i].name, s, n) == 0) {
			*off = tz_names[i].off;
			return 0;
		}
	if (n > sizeof(std) - 1 &&
	    strncasecmp(s + n - (sizeof(std) - 1), std, sizeof(std) - 1) == 0) {
		daylight = 0;
		blen = n - (sizeof(std) - 1);
	} else if (n > sizeof(dst) - 1 && strncasecmp(s + n - (sizeof(dst) - 1),
	    dst, sizeof(dst) - 1) == 0) {
		daylight = 1;
		blen = n - (sizeof(dst) - 1);
	} else if (n > sizeof(sum) - 1 && strncasecmp(s + n - (sizeof(sum) - 1),
	    sum, sizeof(sum) - 1) == 0) {
		daylight = 1;
		blen = n - (sizeof(sum) - 1);
	}
	if (daylight < 0)
		return -1;
	for (i = 0; i < sizeof(tz_windows) / sizeof(tz_windows[0]); i++)
		if (strlen(tz_windows[i].base) == blen &&
		    strncasecmp(tz_windows[i].base, s, blen) == 0) {
			*off = daylight ? tz_windows[i].dst : tz_windows[i].std;
			return 0;
		}
	return -1;
}

/* ConfigMgr timestamps. */

/* Generation C: M-D-YYYY H:MM:SS.fff+BIAS, UTC = local + bias. */
static int
cm_time_c(const char *s, size_t n, int tz, int64_t *ms)
{
	size_t i = 0;
	int mo, d, y, h, mi, sec, frac = 0, nd, bias, sign;
	int64_t t;

	if (get_num(s, n, &i, 1, 2, &mo) < 0 || i >= n ||
	    (s[i] != '-' && s[i] != '/'))
		return -1;
	i++;
	if (get_num(s, n, &i, 1, 2, &d) < 0 || i >= n ||
	    (s[i] != '-' && s[i] != '/'))
		return -1;
	i++;
	if (get_num(s, n, &i, 4, 4, &y) < 0 || i >= n || s[i] != ' ')
		return -1;
	i = skip_spaces(s, n, i);
	if (get_clock(s, n, &i, 2, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		i++;
		if (get_num(s, n, &i, 1, 4, &bias) < 0)
			return -1;
		t += (int64_t)sign * bias * 60000;
	} else
		t -= (int64_t)tz * 60000;
	if (skip_spaces(s, n, i) != n)
		return -1;
	*ms = t;
	return 0;
}

/*
 * Generations A and B: [Weekday] Mon D H:MM:SS[.fff] YYYY [zone name].
 * The zone is mapped when known; a missing or unknown (localized) one means
 * the configured default.
 */
static int
cm_time_ab(const char *s, size_t n, int tz, int64_t *ms)
{
	size_t i = 0, j, w;
	int mo, d, y, h, mi, sec, frac = 0, nd, off;
	int64_t t;

	w = i;
	while (i < n && !is_space((unsigned char)s[i]))
		i++;
	j = skip_spaces(s, n, i);
	if ((mo = month_from_name(s + w, i - w)) < 0 || i - w > 9 ||
	    j >= n || !is_digit((unsigned char)s[j])) {
		/* The first word was the weekday. */
		i = skip_spaces(s, n, i);
		w = i;
		while (i < n && is_alpha((unsigned char)s[i]))
			i++;
		if ((mo = month_from_name(s + w, i - w)) < 0)
			return -1;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
	}
	i = skip_spaces(s, n, i);
	if (get_num(s, n, &i, 1, 2, &d) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (get_clock(s, n, &i, 2, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (get_num(s, n, &i, 4, 4, &y) < 0)
		return -1;
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if (i >= n || tz_lookup(s + i, rtrim_len(s + i, n - i), &off) < 0)
		off = tz;
	*ms = t - (int64_t)off * 60000;
	return 0;
}

int
event_configmgr_time(const char *ts, size_t len, int default_tz, int64_t *ms)
{
	const char *s = ts, *e = ts + len;

	while (s < e && (is_space((unsigned char)*s) || *s == '<'))
		s++;
	while (e > s && (is_space((unsigned char)e[-1]) || e[-1] == '>' ||
	    e[-1] == '~'))
		e--;
	if (s == e)
		return -1;
	if (is_digit((unsigned char)*s))
		return cm_time_c(s, (size_t)(e - s), default_tz, ms);
	return cm_time_ab(s, (size_t)(e - s), default_tz, ms);
}

/* Records. */

/* Append to the text, cutting at max_record on a UTF-8 boundary. */
static void
rec_append(struct event_parser *p, const char *s, size_t n)
{
	size_t room;

	if (n == 0 || (p->flags & EVENT_CUT))
		return;
	room = p->max_record - p->text.len;
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		p->flags |= EVENT_CUT;
	}
	buf_append(&p->text, s, n);
}

/* Add a whole line to the text, joined to what is there with '\n'. */
static void
rec_line(struct event_parser *p, const char *s, size_t n)
{
	if (p->text.len > 0)
		rec_append(p, "\n", 1);
	rec_append(p, s, n);
}

static void
rec_start(struct event_parser *p, enum event_format fmt, const char *s,
    size_t n, uint64_t ln, uint64_t eo, int lflags)
{
	buf_reset(&p->text);
	buf_reset(&p->comp);
	buf_reset(&p->level);
	buf_reset(&p->thread);
	buf_reset(&p->first);
	buf_append(&p->first, s, n);
	p->open = 1;
	p->rfmt = fmt;
	p->line = p->last_line = ln;
	p->start_offset = p->cur_start;
	p->end_offset = eo;
	p->tline = 0;
	p->has_time = 0;
	p->time_ms = 0;
	p->flags = (lflags & TEXT_LINE_CUT) ? EVENT_LINE_CUT : 0;
}

static void
rec_touch(struct event_parser *p, uint64_t ln, uint64_t eo, int lflags)
{
	p->last_line = ln;
	p->end_offset = eo;
	if (lflags & TEXT_LINE_CUT)
		p->flags |= EVENT_LINE_CUT;
}

/*
 * Blank lines are continuation lines (they sit inside .NET stack traces), so
 * a record followed by blank lines collects them; they are trimmed from the
 * text here but stay in the record's line range.
 */
static void
trim_blank_tail(struct buf *b)
{
	const char *nl;

	while (b->len > 0) {
		nl = memrchr(b->data, '\n', b->len);
		if (nl == NULL)
			break;
		if (!is_blank(nl + 1, b->len - (size_t)(nl + 1 - b->data)))
			break;
		b->len = (size_t)(nl - b->data);
	}
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

static void
rec_emit(struct event_parser *p, event_cb cb, void *arg)
{
	struct event ev;

	if (!p->open)
		return;
	p->open = 0;
	if (p->rfmt != FMT_CONFIGMGR && p->rfmt != FMT_CMTRACE)
		trim_blank_tail(&p->text);
	memset(&ev, 0, sizeof(ev));
	ev.format = p->rfmt;
	ev.text = buf_cstr(&p->text);
	ev.text_len = p->text.len;
	ev.first = buf_cstr(&p->first);
	ev.first_len = p->first.len;
	ev.line = p->line;
	ev.last_line = p->last_line;
	ev.end_offset = p->end_offset;
	ev.has_time = p->has_time;
	ev.time_ms = p->has_time ? p->time_ms : 0;
	ev.component = buf_cstr(&p->comp);
	ev.level = buf_cstr(&p->level);
	ev.thread = buf_cstr(&p->thread);
	ev.flags = p->flags;
	cb(arg, &ev);
}

/* Continuation lines, common to every format. */

/*
 * A line that begins with a .NET exception type: a dotted name whose last
 * part ends in "Exception", followed by ':', white space or the end.
 */
static int
is_exception_line(const char *s, size_t n)
{
	size_t i = 0, seg = 0;
	int dots = 0;
	unsigned char c;

	if (n == 0 || !is_alpha((unsigned char)s[0]))
		return 0;
	while (i < n) {
		c = (unsigned char)s[i];
		if (c == '.') {
			dots++;
			seg = i + 1;
		} else if (!is_alpha(c) && !is_digit(c) && c != '_' &&
		    c != '`' && c != '+')
			break;
		i++;
	}
	if (dots == 0 || i - seg < 9)
		return 0;
	if (i < n && s[i] != ':' && !is_space((unsigned char)s[i]))
		return 0;
	return memcmp(s + i - 9, "Exception", 9) == 0;
}

static int
is_continuation(const char *s, size_t n)
{
	if (n == 0 || is_space((unsigned char)s[0]))
		return 1;
	if (s[0] == '-')
		return has_prefix(s, n, "--- ") || has_prefix(s, n, "--->");
	if (s[0] == 'S' && has_prefix(s, n, "Server stack trace:"))
		return 1;
	if (s[0] == 'E' && has_prefix(s, n, "Exception rethrown at ["))
		return 1;
	return is_exception_line(s, n);
}

/*
 * A line that fits no layout: it continues the held record, or failing
 * that starts one of its own, unless it is blank.
 */
static void
orphan_line(struct event_parser *p, enum event_format fmt, const char *s,
    size_t n, uint64_t ln, uint64_t eo, int lf)
{
	if (p->open) {
		rec_line(p, s, n);
		rec_touch(p, ln, eo, lf);
		return;
	}
	if (is_blank(s, n))
		return;
	rec_start(p, fmt, s, n, ln, eo, lf);
	rec_append(p, s, n);
}

/* plain */

static void
plain_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	if (is_continuation(s, n) && (p->open || is_blank(s, n))) {
		orphan_line(p, FMT_PLAIN, s, n, ln, eo, lf);
		return;
	}
	rec_emit(p, cb, arg);
	rec_start(p, FMT_PLAIN, s, n, ln, eo, lf);
	rec_append(p, s, n);
}

/* log4net */

static const struct {
	const char	*name;
	size_t		 len;
} l4_levels[] = {
#define L4(s)	{ s, sizeof(s) - 1 }
	L4("ERROR"), L4("INFO"), L4("WARN"), L4("DEBUG"), L4("FATAL"),
	L4("WARNING"), L4("TRACE"), L4("NOTICE"), L4("VERBOSE"),
	L4("CRITICAL"), L4("SEVERE"), L4("ALERT"), L4("EMERGENCY"),
	L4("FINE"), L4("ALL"), L4("OFF"),
#undef L4
};

static int
l4_level(const char *s, size_t n, size_t *i, struct l4_head *h)
{
	size_t st = *i, k;

	while (*i < n && s[*i] >= 'A' && s[*i] <= 'Z')
		(*i)++;
	if (*i < n && !is_space((unsigned char)s[*i]))
		return -1;
	for (k = 0; k < sizeof(l4_levels) / sizeof(l4_levels[0]); k++)
		if (l4_levels[k].len == *i - st &&
		    memcmp(l4_levels[k].name, s + st, *i - st) == 0) {
			h->level = s + st;
			h->level_len = *i - st;
			return 0;
		}
	return -1;
}

static int
l4_thread(const char *s, size_t n, size_t *i, struct l4_head *h)
{
	const char *e;

	if (*i >= n || s[*i] != '[')
		return -1;
	if ((e = memchr(s + *i + 1, ']', n - *i - 1)) == NULL)
		return -1;
	h->thread = s + *i + 1;
	h->thread_len = (size_t)(e - h->thread);
	*i = (size_t)(e - s) + 1;
	return 0;
}

/*
 * A log4net header: "YYYY-MM-DD HH:MM:SS[,fff] " then either
 * "LEVEL [thread] logger - msg" (CMS 5/6) or "[thread] LEVEL logger: msg"
 * (CMS 7+).  Either logger terminator is accepted in either layout.
 */
static int
l4_header(const char *s, size_t n, int tz, struct l4_head *h)
{
	size_t i = 0;
	int y, mo, d, hh, mi, sec, frac = 0, nd;
	int64_t t;

	if (n < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':')
		return -1;
	memset(h, 0, sizeof(*h));
	if (get_num(s, n, &i, 4, 4, &y) < 0 || s[i++] != '-' ||
	    get_num(s, n, &i, 2, 2, &mo) < 0 || s[i++] != '-' ||
	    get_num(s, n, &i, 2, 2, &d) < 0 || (s[i] != ' ' && s[i] != 'T'))
		return -1;
	i++;
	if (get_clock(s, n, &i, 2, ",.", &hh, &mi, &sec, &frac, &nd) < 0 ||
	    (i > 0 && (s[i - 1] == ',' || s[i - 1] == '.') && nd == 0))
		return -1;
	if (i >= n || !is_space((unsigned char)s[i]))
		return -1;
	if (timefmt_civil_ms(y, mo, d, hh, mi, sec, frac, &t) < 0)
		return -1;
	h->ms = t - (int64_t)tz * 60000;
	h->has_time = 1;
	i = skip_spaces(s, n, i);
	if (i < n && s[i] == '[') {
		if (l4_thread(s, n, &i, h) < 0)
			return -1;
		i = skip_spaces(s, n, i);
		if (l4_level(s, n, &i, h) < 0)
			return -1;
	} else {
		if (l4_level(s, n, &i, h) < 0)
			return -1;
		i = skip_spaces(s, n, i);
		if (i < n && s[i] == '[' && l4_thread(s, n, &i, h) < 0)
			return -1;
	}
	i = skip_spaces(s, n, i);
	h->logger = s + i;
	while (i < n && !is_space((unsigned char)s[i])) {
		if (s[i] == ':' && (i + 1 == n || is_space((unsigned char)s[i + 1])))
			break;
		i++;
	}
	h->logger_len = (size_t)(s + i - h->logger);
	if (i < n && s[i] == ':')
		i++;
	i = skip_spaces(s, n, i);
	if (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ')) {
		i++;
		if (i < n)
			i++;
	}
	h->msg = s + i;
	h->msg_len = n - i;
	return 0;
}

static void
set_level(struct buf *b, const char *s, size_t n)
{
	char low[32];
	size_t i;

	buf_reset(b);
	if ((n == 4 && strncasecmp(s, "WARN", 4) == 0) ||
	    (n == 7 && strncasecmp(s, "WARNING", 7) == 0)) {
		buf_puts(b, "warning");
		return;
	}
	if (n == 11 && strncasecmp(s, "Information", 11) == 0) {
		buf_puts(b, "info");
		return;
	}
	if (n > sizeof(low))
		n = sizeof(low);
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	buf_append(b, low, n);
}

static void
l4_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct l4_head h;

	if (l4_header(s, n, p->tz, &h) < 0) {
		orphan_line(p, FMT_LOG4NET, s, n, ln, eo, lf);
		return;
	}
	rec_emit(p, cb, arg);
	rec_start(p, FMT_LOG4NET, s, n, ln, eo, lf);
	p->has_time = h.has_time;
	p->time_ms = h.ms;
	set_level(&p->level, h.level, h.level_len);
	buf_append(&p->thread, h.thread, h.thread_len);
	buf_append(&p->comp, h.logger, h.logger_len);
	rec_append(p, h.msg, h.msg_len);
}

/* configmgr */

/*
 * Find "$$<" in s[0..n).  memchr for the '$' is much faster than memmem on
 * the short needle, and this runs on every ConfigMgr line.
 */
static const char *
find_trailer(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (end - p >= 3 &&
	    (p = memchr(p, '$', (size_t)(end - p) - 2)) != NULL) {
		if (p[1] == '$' && p[2] == '<')
			return p;
		p++;
	}
	return NULL;
}

/* Scan a trailer field up to its '>': 1 found, 0 ran off the end, -1 bad. */
static int
cm_field(const char *s, size_t n, size_t *i, size_t max)
{
	size_t st = *i;

	for (; *i < n; (*i)++) {
		if (s[*i] == '>')
			return 1;
		if (s[*i] == '<' || *i - st >= max)
			return -1;
	}
	return 0;
}

static int
cm_lit(const char *s, size_t n, size_t *i, const char *lit)
{
	for (; *lit != '\0'; lit++, (*i)++) {
		if (*i >= n)
			return 0;
		if (s[*i] != *lit)
			return -1;
	}
	return 1;
}

/*
 * Parse "$$<COMP><TIMESTAMP><thread=TID>" at s: 1 and t filled, 0 if s
 * ends inside what could still be a trailer (wrapped onto the next line),
 * -1 if it is not one.  Field lengths are bounded, so this is O(1).
 */
static int
cm_trailer(const char *s, size_t n, struct cm_trailer *t)
{
	size_t i = 0;
	int r;

	if ((r = cm_lit(s, n, &i, "$$<")) <= 0)
		return r;
	t->comp = s + i;
	if ((r = cm_field(s, n, &i, CM_COMP_MAX)) <= 0)
		return r;
	t->comp_len = (size_t)(s + i - t->comp);
	if ((r = cm_lit(s, n, &i, "><")) <= 0)
		return r;
	t->ts = s + i;
	if ((r = cm_field(s, n, &i, CM_TS_MAX)) <= 0)
		return r;
	if ((t->ts_len = (size_t)(s + i - t->ts)) == 0)
		return -1;
	if ((r = cm_lit(s, n, &i, "><thread=")) <= 0)
		return r;
	t->tid = s + i;
	if ((r = cm_field(s, n, &i, CM_TID_MAX)) <= 0)
		return r;
	t->tid_len = (size_t)(s + i - t->tid);
	t->len = i + 1;
	return 1;
}

static int
cm_has_trailer(const char *s, size_t n)
{
	struct cm_trailer t;
	const char *q;
	size_t from = 0;

	while (from < n && (q = find_trailer(s + from, n - from)) != NULL) {
		if (cm_trailer(q, n - (size_t)(q - s), &t) > 0)
			return 1;
		from = (size_t)(q - s) + 1;
	}
	return 0;
}

/*
 * Message text with `~` as a line break.  An 8.3 short name (PROGRA~1:
 * alphanumeric before, digit after) keeps its tilde.
 */
static void
cm_text(struct event_parser *p, const char *s, size_t n)
{
	const char *t;
	size_t i = 0, k;
	int keep;

	while (i < n && (t = memchr(s + i, '~', n - i)) != NULL) {
		k = (size_t)(t - s);
		keep = k > 0 && isalnum((unsigned char)s[k - 1]) &&
		    k + 1 < n && is_digit((unsigned char)s[k + 1]);
		rec_append(p, s + i, k - i);
		rec_append(p, keep ? "~" : "\n", 1);
		i = k + 1;
	}
	rec_append(p, s + i, n - i);
}

/* A piece of line ln that belongs to the record's message. */
static void
cm_piece(struct event_parser *p, uint64_t ln, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (p->text.len > 0 && p->tline != ln)
		rec_append(p, "\n", 1);
	p->tline = ln;
	cm_text(p, s, n);
}

static void
cm_close(struct event_parser *p, const struct cm_trailer *t, event_cb cb,
    void *arg)
{
	size_t k = 0;

	buf_reset(&p->comp);
	buf_append(&p->comp, t->comp, t->comp_len);
	while (k < t->tid_len && !is_space((unsigned char)t->tid[k]))
		k++;
	buf_reset(&p->thread);
	buf_append(&p->thread, t->tid, k);
	p->has_time = event_configmgr_time(t->ts, t->ts_len, p->tz,
	    &p->time_ms) == 0;
	rec_emit(p, cb, arg);
}

/*
 * The previous line ended inside a trailer: try it completed by the start
 * of this line, joined directly (cut mid-token) or with a space (cut at a
 * blank).  On success *used is how much of this line the trailer took; t
 * points into p->scratch.
 */
static int
cm_join_try(struct event_parser *p, const char *s, size_t n, int sep,
    struct cm_trailer *t, size_t *used)
{
	size_t take = n < 1024 ? n : 1024, pre;

	buf_reset(&p->scratch);
	buf_append(&p->scratch, p->frag.data + p->frag_ws,
	    p->frag.len - p->frag_ws);
	if (sep)
		buf_putc(&p->scratch, ' ');
	pre = p->scratch.len;
	buf_append(&p->scratch, s, take);
	if (cm_trailer(p->scratch.data, p->scratch.len, t) <= 0 ||
	    t->len <= pre)
		return -1;
	*used = t->len - pre;
	return 0;
}

static int
cm_join_frag(struct event_parser *p, const char *s, size_t n,
    struct cm_trailer *t, size_t *used)
{
	int sep, ok = -1;
	int64_t ms;

	/*
	 * Both joins may give a well-formed trailer ("…2016" + "04:15…" read
	 * as one field); the one whose timestamp parses wins.
	 */
	for (sep = 0; sep < 2; sep++) {
		if (cm_join_try(p, s, n, sep, t, used) < 0)
			continue;
		if (event_configmgr_time(t->ts, t->ts_len, 0, &ms) == 0)
			return 0;
		if (ok < 0)
			ok = sep;
	}
	if (ok < 0)
		return -1;
	return cm_join_try(p, s, n, ok, t, used);
}

static void
cm_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct cm_trailer t;
	const char *q;
	size_t pos = 0, from = 0, end = n, at, used;
	int r;

	if (p->frag.len > 0) {
		if (cm_join_frag(p, s, n, &t, &used) == 0) {
			rec_touch(p, ln, eo, lf);
			cm_close(p, &t, cb, arg);
			pos = from = used;
		} else
			cm_piece(p, p->frag_line, p->frag.data, p->frag.len);
		buf_reset(&p->frag);
	}
	while (from < n &&
	    (q = find_trailer(s + from, n - from)) != NULL) {
		at = (size_t)(q - s);
		r = cm_trailer(q, n - at, &t);
		if (r == 0) {
			end = at;
			break;
		}
		if (r < 0) {
			from = at + 1;
			continue;
		}
		if (!p->open)
			rec_start(p, FMT_CONFIGMGR, s + pos, n - pos, ln, eo,
			    lf);
		cm_piece(p, ln, s + pos, rtrim_len(s + pos, at - pos));
		rec_touch(p, ln, eo, lf);
		cm_close(p, &t, cb, arg);
		pos = from = at + t.len;
	}
	/* "…text $" or "$$" at the very end may be a trailer's beginning. */
	if (end == n && n > pos && s[n - 1] == '$')
		end = n - pos >= 2 && s[n - 2] == '$' ? n - 2 : n - 1;
	if (!p->open) {
		if (end == n && is_blank(s + pos, n - pos))
			return;
		rec_start(p, FMT_CONFIGMGR, s + pos, n - pos, ln, eo, lf);
	}
	/*
	 * The blanks before a fragment go with it: dropped if it completes
	 * into a trailer, kept as text if it does not.
	 */
	if (end < n) {
		at = end;
		end = pos + rtrim_len(s + pos, end - pos);
		p->frag_ws = at - end;
	}
	if (!is_blank(s + pos, end - pos))
		cm_piece(p, ln, s + pos, end - pos);
	rec_touch(p, ln, eo, lf);
	if (end < n) {
		buf_append(&p->frag, s + end, n - end);
		p->frag_line = ln;
	}
	/*
	 * A line the decoder had to cut lost its end, and with it the
	 * trailer that would have closed this record.  Close it here, or it
	 * would swallow the good records after it.
	 */
	if (lf & TEXT_LINE_CUT) {
		if (p->frag.len > 0)
			cm_piece(p, ln, p->frag.data, p->frag.len);
		buf_reset(&p->frag);
		rec_emit(p, cb, arg);
	}
}

/* cmtrace */

/* Parse "H:MM:SS[.f…][±bias]" and "M-D-YYYY" into UTC milliseconds. */
static int
ct_time(const char *tv, size_t tl, const char *dv, size_t dl, int tz,
    int64_t *ms)
{
	size_t i = 0;
	int h, mi, sec, frac = 0, nd, y, mo, d, bias, sign, a, b;
	int64_t t;

	if (get_clock(tv, tl, &i, 1, ".", &h, &mi, &sec, &frac, &nd) < 0)
		return -1;
	sign = 0;
	bias = 0;
	if (i < tl && (tv[i] == '+' || tv[i] == '-')) {
		sign = tv[i] == '-' ? -1 : 1;
		i++;
		if (get_num(tv, tl, &i, 1, 4, &bias) < 0)
			return -1;
	}
	i = 0;
	if (get_num(dv, dl, &i, 1, 4, &a) < 0 || i >= dl ||
	    (dv[i] != '-' && dv[i] != '/'))
		return -1;
	i++;
	if (get_num(dv, dl, &i, 1, 2, &b) < 0 || i >= dl ||
	    (dv[i] != '-' && dv[i] != '/'))
		return -1;
	i++;
	if (a > 31) {		/* YYYY-MM-DD */
		y = a;
		mo = b;
		if (get_num(dv, dl, &i, 1, 2, &d) < 0)
			return -1;
	} else {
		mo = a;
		d = b;
		if (get_num(dv, dl, &i, 4, 4, &y) < 0)
			return -1;
	}
	if (timefmt_civil_ms(y, mo, d, h, mi, sec, frac, &t) < 0)
		return -1;
	if (sign != 0)
		t += (int64_t)sign * bias * 60000;
	else
		t -= (int64_t)tz * 60000;
	*ms = t;
	return 0;
}

/* The attribute tag: name="value" pairs in any order and case. */
static void
ct_attrs(struct event_parser *p, const char *s, size_t n)
{
	const char *name, *val, *tv = NULL, *dv = NULL, *e;
	size_t i = 0, nl, vl, tl = 0, dl = 0;
	char q;

	while (i < n) {
		i = skip_spaces(s, n, i);
		name = s + i;
		while (i < n && (is_alpha((unsigned char)s[i]) ||
		    is_digit((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
			i++;
		nl = (size_t)(s + i - name);
		i = skip_spaces(s, n, i);
		if (nl == 0 || i >= n || s[i] != '=') {
			i++;
			continue;
		}
		i = skip_spaces(s, n, i + 1);
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			q = s[i++];
			val = s + i;
			e = memchr(val, q, n - i);
			vl = e != NULL ? (size_t)(e - val) : n - i;
			i += vl + 1;
		} else {
			val = s + i;
			while (i < n && !is_space((unsigned char)s[i]))
				i++;
			vl = (size_t)(s + i - val);
		}
		if (nl == 4 && strncasecmp(name, "time", 4) == 0) {
			tv = val;
			tl = vl;
		} else if (nl == 4 && strncasecmp(name, "date", 4) == 0) {
			dv = val;
			dl = vl;
		} else if (nl == 9 && strncasecmp(name, "component", 9) == 0) {
			buf_reset(&p->comp);
			buf_append(&p->comp, val, vl);
		} else if (nl == 6 && strncasecmp(name, "thread", 6) == 0) {
			buf_reset(&p->thread);
			buf_append(&p->thread, val, vl);
		} else if (nl == 4 && strncasecmp(name, "type", 4) == 0) {
			buf_reset(&p->level);
			if (vl == 1 && val[0] == '1')
				buf_puts(&p->level, "info");
			else if (vl == 1 && val[0] == '2')
				buf_puts(&p->level, "warning");
			else if (vl == 1 && val[0] == '3')
				buf_puts(&p->level, "error");
		}
	}
	if (tv != NULL && dv != NULL)
		p->has_time = ct_time(tv, tl, dv, dl, p->tz, &p->time_ms) == 0;
}

/* Close the attribute tag, complete or not, and hold the record. */
static void
ct_tag_done(struct event_parser *p)
{
	ct_attrs(p, p->tag.data != NULL ? p->tag.data : "", p->tag.len);
	buf_reset(&p->tag);
	p->ct = CT_NONE;
}

/* Next occurrence of a marker at or after pos, remembered per line. */
struct ct_find {
	const char	*pat;
	size_t		 at;		/* n if none */
	int		 valid;
};

static size_t
ct_next(const char *s, size_t n, size_t pos, struct ct_find *f)
{
	const char *q;

	if (!f->valid || (f->at < n && f->at < pos)) {
		q = pos < n ? memmem(s + pos, n - pos, f->pat, 7) : NULL;
		f->at = q != NULL ? (size_t)(q - s) : n;
		f->valid = 1;
	}
	return f->at;
}

static void
ct_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct ct_find fo = { "<![LOG[", 0, 0 }, fc = { "]LOG]!>", 0, 0 };
	size_t pos = 0, op, cl, i, room;

	/* A new envelope at the start of a line ends a runaway tag. */
	if (p->ct == CT_TAG && has_prefix(s, n, "<![LOG["))
		ct_tag_done(p);
	if (p->ct != CT_NONE)
		rec_touch(p, ln, eo, lf);
	for (;;) {
		switch (p->ct) {
		case CT_MSG:
			cl = ct_next(s, n, pos, &fc);
			op = ct_next(s, n, pos, &fo);
			/*
			 * The message goes on on this line: the line break is
			 * part of it, unless an unclosed envelope is cut short
			 * by a new one right here.
			 */
			if (p->tline != ln && (cl < op || op > pos)) {
				rec_append(p, "\n", 1);
				p->tline = ln;
			}
			if (cl < n && cl < op) {
				rec_append(p, s + pos, cl - pos);
				pos = cl + 7;
				p->ct = CT_TAG;
				p->ct_lt = 0;
				buf_reset(&p->tag);
				continue;
			}
			if (op < n) {
				/*
				 * Never closed: keep it as it is, unless there
				 * is nothing in it at all (a line of "<![LOG["
				 * must not become a million empty records).
				 */
				rec_append(p, s + pos, op - pos);
				if (p->text.len == 0)
					p->open = 0;
				pos = op;
				p->ct = CT_NONE;
				continue;
			}
			rec_append(p, s + pos, n - pos);
			return;
		case CT_TAG:
			if (!p->ct_lt) {
				pos = skip_spaces(s, n, pos);
				if (pos >= n)
					return;
				if (s[pos] != '<') {
					ct_tag_done(p);
					continue;
				}
				p->ct_lt = 1;
				pos++;
			}
			for (i = pos; i < n && s[i] != '>'; i++)
				;
			room = CT_TAG_MAX - p->tag.len;
			buf_append(&p->tag, s + pos, i - pos < room ?
			    i - pos : room);
			if (i < n) {
				pos = i + 1;
				ct_tag_done(p);
				continue;
			}
			if (p->tag.len >= CT_TAG_MAX)
				ct_tag_done(p);
			else
				buf_putc(&p->tag, ' ');
			return;
		case CT_NONE:
			op = ct_next(s, n, pos, &fo);
			if (op > pos && !is_blank(s + pos, op - pos)) {
				if (pos == 0)
					orphan_line(p, FMT_CMTRACE, s, op, ln,
					    eo, lf);
				else if (p->open)
					rec_line(p, s + pos, op - pos);
			}
			if (op >= n)
				return;
			rec_emit(p, cb, arg);
			rec_start(p, FMT_CMTRACE, s + op, n - op, ln, eo, lf);
			p->tline = ln;
			p->ct = CT_MSG;
			pos = op + 7;
			continue;
		}
	}
}

/* entlib */

static int
ent_is_sep(const char *s, size_t n)
{
	size_t i = skip_spaces(s, n, 0), d = 0;

	n = rtrim_len(s, n);
	for (; i < n; i++, d++)
		if (s[i] != '-')
			return 0;
	return d >= 10;
}

/* "Name:" at the start of the line; the value is trimmed. */
static int
ent_field(const char *s, size_t n, const char *name, const char **v,
    size_t *vl)
{
	size_t k = strlen(name), i;

	if (n <= k || s[k] != ':' || strncasecmp(s, name, k) != 0)
		return 0;
	i = skip_spaces(s, n, k + 1);
	*v = s + i;
	*vl = rtrim_len(s + i, n - i);
	return 1;
}

static int
ent_is_field(const char *s, size_t n)
{
	static const char *const fields[] = {
		"Timestamp", "Message", "Category", "Priority", "EventId",
		"Severity", "Title", "Machine", "App Domain", "ProcessId",
		"Process Name", "Thread Name", "Win32 ThreadId",
		"Extended Properties", NULL
	};
	const char *v;
	size_t vl, k;

	for (k = 0; fields[k] != NULL; k++)
		if (ent_field(s, n, fields[k], &v, &vl))
			return 1;
	return 0;
}

/*
 * "5/4/2011 10:00:00 AM", in UTC and in the machine's culture: month first
 * unless the first number cannot be a month; D.M.YYYY with dots; ISO
 * YYYY-MM-DD; a 12-hour clock with AM/PM or a 24-hour one.
 */
static int
ent_time(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0;
	int a, b, c, y, mo, d, h, mi, sec = 0, frac = 0, nd;
	char sep;

	if (get_num(s, n, &i, 1, 4, &a) < 0 || i >= n)
		return -1;
	sep = s[i++];
	if (sep != '/' && sep != '-' && sep != '.')
		return -1;
	if (get_num(s, n, &i, 1, 2, &b) < 0 || i >= n || s[i++] != sep)
		return -1;
	if (get_num(s, n, &i, 1, 4, &c) < 0)
		return -1;
	if (a > 31) {
		y = a;
		mo = b;
		d = c;
	} else if (sep == '.' || a > 12) {
		d = a;
		mo = b;
		y = c;
	} else {
		mo = a;
		d = b;
		y = c;
	}
	if (i < n && (s[i] == 'T' || s[i] == ' '))
		i++;
	i = skip_spaces(s, n, i);
	if (get_num(s, n, &i, 1, 2, &h) < 0 || i >= n || s[i++] != ':' ||
	    get_num(s, n, &i, 2, 2, &mi) < 0)
		return -1;
	if (i < n && s[i] == ':') {
		i++;
		if (get_num(s, n, &i, 2, 2, &sec) < 0)
			return -1;
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		frac = get_frac_ms(s, n, &i, &nd);
	}
	i = skip_spaces(s, n, i);
	if (i + 1 < n && (s[i + 1] == 'M' || s[i + 1] == 'm')) {
		if (h < 1 || h > 12)
			return -1;
		if (s[i] == 'P' || s[i] == 'p')
			h = h % 12 + 12;
		else if (s[i] == 'A' || s[i] == 'a')
			h = h % 12;
		else
			return -1;
	}
	return timefmt_civil_ms(y, mo, d, h, mi, sec, frac, ms);
}

static void
ent_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	const char *v;
	size_t vl;
	int is_ts;

	if (ent_is_sep(s, n)) {
		rec_emit(p, cb, arg);
		return;
	}
	is_ts = ent_field(s, n, "Timestamp", &v, &vl);
	if (is_ts && p->open && p->ent_ts)
		rec_emit(p, cb, arg);	/* a block without a dashed line */
	if (!p->open) {
		if (is_blank(s, n))
			return;
		rec_start(p, FMT_ENTLIB, s, n, ln, eo, lf);
		p->ent_ts = 0;
	}
	rec_line(p, s, n);
	rec_touch(p, ln, eo, lf);
	if (is_ts) {
		p->ent_ts = 1;
		p->has_time = ent_time(v, vl, &p->time_ms) == 0;
	} else if (p->comp.len == 0 && ent_field(s, n, "Category", &v, &vl))
		buf_append(&p->comp, v, vl);
	else if (ent_field(s, n, "Severity", &v, &vl))
		set_level(&p->level, v, vl);
	else if (ent_field(s, n, "Win32 ThreadId", &v, &vl)) {
		buf_reset(&p->thread);
		buf_append(&p->thread, v, vl);
	}
}

/* Sniffing and dispatch. */

/* The format whose record start this line is, or FMT_AUTO. */
static enum event_format
sniff_line(const char *s, size_t n, int *prev_sep)
{
	struct l4_head h;
	const char *v;
	size_t vl;
	int64_t ms;
	int sep = *prev_sep;

	*prev_sep = ent_is_sep(s, n);
	if (memmem(s, n, "<![LOG[", 7) != NULL)
		return FMT_CMTRACE;
	if (cm_has_trailer(s, n))
		return FMT_CONFIGMGR;
	if (l4_header(s, n, 0, &h) == 0)
		return FMT_LOG4NET;
	if (ent_field(s, n, "Timestamp", &v, &vl) && ent_time(v, vl, &ms) == 0)
		return FMT_ENTLIB;
	if (sep && ent_is_field(s, n))
		return FMT_ENTLIB;
	return FMT_AUTO;
}

static void
dispatch(struct event_parser *p, enum event_format fmt, const char *s,
    size_t n, uint64_t ln, uint64_t eo, int lf, event_cb cb, void *arg)
{
	switch (fmt) {
	case FMT_CONFIGMGR:
		cm_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_CMTRACE:
		ct_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_LOG4NET:
		l4_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	case FMT_ENTLIB:
		ent_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	default:
		plain_line(p, s, n, ln, eo, lf, cb, arg);
		break;
	}
}

/* Replay the held lines in format fmt. */
static void
replay(struct event_parser *p, enum event_format fmt, event_cb cb, void *arg)
{
	struct held_line *h;
	size_t k;

	for (k = 0; k < p->nheld; k++) {
		h = &p->hl[k];
		p->cur_start = h->start;
		dispatch(p, fmt, p->held.data + h->off, h->len, h->line_no,
		    h->end_offset, h->flags, cb, arg);
	}
	p->nheld = 0;
	buf_reset(&p->held);
}

struct event_parser *
event_new(enum event_format fmt, size_t max_record, int default_tz_minutes)
{
	struct event_parser *p = xcalloc(1, sizeof(*p));

	p->fmt = (unsigned)fmt < FMT_COUNT ? fmt : FMT_AUTO;
	p->max_record = max_record > 0 ? max_record :
	    EVENT_DEFAULT_MAX_RECORD;
	p->tz = default_tz_minutes;
	return p;
}

void
event_free(struct event_parser *p)
{
	if (p == NULL)
		return;
	buf_free(&p->held);
	buf_free(&p->text);
	buf_free(&p->first);
	buf_free(&p->comp);
	buf_free(&p->level);
	buf_free(&p->thread);
	buf_free(&p->frag);
	buf_free(&p->scratch);
	buf_free(&p->tag);
	xfree(p);
}

void
event_line(struct event_parser *p, const char *line, size_t len,
    uint64_t line_no, uint64_t end_offset, int line_flags, event_cb cb,
    void *arg)
{
	struct held_line *h;
	enum event_format f;
	uint64_t start = p->prev_end;

	if (line == NULL)
		line = "";
	p->prev_end = end_offset;
	if (p->fmt != FMT_AUTO) {
		p->cur_start = start;
		dispatch(p, p->fmt, line, len, line_no, end_offset,
		    line_flags, cb, arg);
		return;
	}
	h = &p->hl[p->nheld++];
	h->off = p->held.len;
	h->len = len;
	h->start = start;
	h->line_no = line_no;
	h->end_offset = end_offset;
	h->flags = line_flags;
	buf_append(&p->held, line, len);
	f = sniff_line(line, len, &p->prev_sep);
	if (f == FMT_AUTO && ++p->nsniffed < EVENT_SNIFF_LINES &&
	    p->nheld < EVENT_SNIFF_LINES)
		return;
	p->fmt = f != FMT_AUTO ? f : FMT_PLAIN;
	replay(p, p->fmt, cb, arg);
}

/*
 * Flushing before the format is known passes the held lines on as plain
 * records but keeps sniffing: a follower flushes a quiet file after its
 * first few lines, and that must not lock the file into plain for good.
 */
void
event_flush(struct event_parser *p, event_cb cb, void *arg)
{
	if (p->fmt == FMT_AUTO) {
		replay(p, FMT_PLAIN, cb, arg);
		rec_emit(p, cb, arg);
		return;
	}
	switch (p->fmt) {
	case FMT_CONFIGMGR:
		if (p->frag.len > 0) {
			cm_piece(p, p->frag_line, p->frag.data, p->frag.len);
			buf_reset(&p->frag);
		}
		break;
	case FMT_CMTRACE:
		if (p->ct == CT_TAG)
			ct_tag_done(p);
		p->ct = CT_NONE;
		break;
	default:
		break;
	}
	rec_emit(p, cb, arg);
}

void
event_resume(struct event_parser *p, uint64_t offset)
{
	p->prev_end = offset;
}

int
event_pending(const struct event_parser *p, uint64_t *offset,
    uint64_t *line_no)
{
	int have = 0;

	if (p->nheld > 0) {
		*offset = p->hl[0].start;
		*line_no = p->hl[0].line_no;
		have = 1;
	}
	if (p->open && (!have || p->line < *line_no)) {
		*offset = p->start_offset;
		*line_no = p->line;
		have = 1;
	}
	return have;
}

enum event_format
event_parser_format(const struct event_parser *p)
{
	return p->fmt;
}

enum event_format
event_sniff(const char *text, size_t len)
{
	const char *s = text, *e = text + len, *nl;
	enum event_format f;
	size_t n;
	int prev_sep = 0;

	while (s < e) {
		nl = memchr(s, '\n', (size_t)(e - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(e - s);
		if ((f = sniff_line(s, rtrim_len(s, n), &prev_sep)) != FMT_AUTO)
			return f;
		s += n + 1;
	}
	return FMT_PLAIN;
}

static const char *const format_names[FMT_COUNT] = {
	"auto", "configmgr", "cmtrace", "log4net", "entlib", "plain"
};

const char *
event_format_name(enum event_format f)
{
	return (unsigned)f < FMT_COUNT ? format_names[f] : "unknown";
}

int
event_format_parse(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < FMT_COUNT; i++)
		if (strcasecmp(name, format_names[i]) == 0)
			return i;
	return -1;
}
