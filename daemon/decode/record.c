/*
 * record — the record every format assembles; see record.h.
 *
 * The record being assembled lives in a handful of struct bufs that are
 * reused from record to record, so a multi-gigabyte log costs no
 * allocation per line once the buffers have grown.  Text beyond max_record
 * is dropped, but the line range and end offset keep counting, so a
 * consumer still commits the right offsets after a runaway record.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "decode/record.h"
#include "decode/text.h"
#include "platform/compat.h"

/* Records. */

/* Append to the text, cutting at max_record on a UTF-8 boundary. */
void
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
void
rec_line(struct event_parser *p, const char *s, size_t n)
{
	if (p->text.len > 0)
		rec_append(p, "\n", 1);
	rec_append(p, s, n);
}

void
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
	p->can_continue = 0;
	p->rfmt = fmt;
	p->line = p->last_line = ln;
	p->start_offset = p->cur_start;
	p->end_offset = eo;
	/*
	 * A line after a NUL run shares its number with the line before
	 * the run, but starts at an offset of its own: no chain.
	 */
	if (p->prev_last_line == ln && !(lflags & TEXT_LINE_AFTER_NUL) &&
	    p->cur_start - p->prev_redo_offset <= EVENT_REDO_MAX) {
		p->redo_offset = p->prev_redo_offset;
		p->redo_line = p->prev_redo_line;
	} else {
		p->redo_offset = p->cur_start;
		p->redo_line = ln;
	}
	p->tline = 0;
	p->rec_exc = 0;
	p->has_time = 0;
	p->time_ms = 0;
	p->flags = (lflags & TEXT_LINE_CUT) ? EVENT_LINE_CUT : 0;
}

void
rec_continue(struct event_parser *p, uint64_t ln, uint64_t eo, int lflags)
{
	/* first, comp, level, thread and the time stay the first part's. */
	buf_reset(&p->text);
	p->open = 1;
	p->can_continue = 0;
	p->line = p->last_line = ln;
	p->start_offset = p->cur_start;
	p->end_offset = eo;
	/* Its own line: reading again starts there (see record.h). */
	p->redo_offset = p->cur_start;
	p->redo_line = ln;
	p->tline = 0;
	p->flags = EVENT_CONTINUED | ((lflags & TEXT_LINE_CUT) ?
	    EVENT_LINE_CUT : 0);
}

void
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

void
rec_emit(struct event_parser *p, event_cb cb, void *arg)
{
	struct event ev;

	if (!p->open)
		return;
	p->open = 0;
	p->prev_last_line = p->last_line;
	p->prev_redo_offset = p->redo_offset;
	p->prev_redo_line = p->redo_line;
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
	ev.start_offset = p->start_offset;
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
rec_is_exception_line(const char *s, size_t n)
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

/*
 * A stack frame in any language: a word ("at", "bei", "à", "en", "в",
 * "場所", "在" …), then a dotted method name with its '(' before any
 * blank ("System.Net.Sockets.Socket.Connect(EndPoint remoteEP)").
 */
static int
rec_is_frame(const char *s, size_t n)
{
	size_t i = 0, dots = 0;

	while (i < n && !is_space((unsigned char)s[i]) && s[i] != '.' &&
	    s[i] != '(')
		i++;
	if (i == 0 || i > 16 || i >= n || !is_space((unsigned char)s[i]))
		return 0;
	i = skip_spaces(s, n, i);
	if (i >= n || !(is_alpha((unsigned char)s[i]) || s[i] == '_' ||
	    (unsigned char)s[i] >= 0x80))
		return 0;
	while (i < n && !is_space((unsigned char)s[i]) && s[i] != '(') {
		if (s[i] == '.')
			dots++;
		i++;
	}
	return dots > 0 && i < n && s[i] == '(';
}

/*
 * A line that continues a record by its looks alone: blank (inside a .NET
 * trace), a stack frame, " ---> " and "--- End of …" markers, "Server
 * stack trace:", "Exception rethrown at [N]:", an inner exception, a
 * line that starts with an exception type, indented or not.
 */
int
rec_is_continuation(const char *s, size_t n)
{
	size_t i = skip_spaces(s, n, 0);

	if (i == n)
		return 1;
	s += i;
	n -= i;
	if (s[0] == '-')
		return has_prefix(s, n, "--- ") || has_prefix(s, n, "--->");
	if (s[0] == 'S' && has_prefix(s, n, "Server stack trace:"))
		return 1;
	if (s[0] == 'E' && has_prefix(s, n, "Exception rethrown at ["))
		return 1;
	if (s[0] == 'I' && (has_prefix(s, n, "Inner Exception") ||
	    has_prefix(s, n, "InnerException")))
		return 1;
	return rec_is_exception_line(s, n) || rec_is_frame(s, n);
}

/* Whether text tells of an exception, in English or a .NET language. */
static int
rec_tells_exc(const char *s, size_t n)
{
	static const char *const words[] = {
		"xception", "Ausnahme", "xcepci", "ccezione", "xceção",
		"例外", "异常", "異常", "исключени", NULL
	};
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (memmem(s, n, words[k], strlen(words[k])) != NULL)
			return 1;
	return 0;
}

void
rec_note_exc(struct event_parser *p, const char *s, size_t n)
{
	if (!p->rec_exc && rec_tells_exc(s, n))
		p->rec_exc = 1;
}

/*
 * Under a header (log4net), the text of an exception (a line that names
 * one, in any language) continues whatever it follows, and any line a
 * record that tells of an exception or failure.  In plain text, where
 * every line is a record, only an indented line under a record that
 * tells of an exception does.
 */
int
rec_continues(const struct event_parser *p, const char *s, size_t n,
    int indented_only)
{
	if (rec_is_continuation(s, n))
		return 1;
	if (indented_only)
		return is_space((unsigned char)s[0]) && p->rec_exc;
	return p->rec_exc || rec_tells_exc(s, n);
}

/*
 * A line that fits no layout: it continues the held record when it looks
 * like a continuation (rec_continues; in plain text an ordinary line
 * must also be indented), or failing that starts a record of its own,
 * unless it is blank: an indented block of ordinary lines is several
 * records, and a line of another layout is not glued to the one before.
 */
void
rec_orphan_line(struct event_parser *p, enum event_format fmt, const char *s,
    size_t n, uint64_t ln, uint64_t eo, int lf, event_cb cb, void *arg)
{
	int cont = (p->open || p->can_continue) &&
	    rec_continues(p, s, n, fmt == FMT_PLAIN);

	if (p->open && cont) {
		rec_line(p, s, n);
		rec_note_exc(p, s, n);
		rec_touch(p, ln, eo, lf);
		return;
	}
	if (is_blank(s, n))
		return;
	if (p->can_continue && cont) {
		rec_continue(p, ln, eo, lf);
		rec_append(p, s, n);
		rec_note_exc(p, s, n);
		return;
	}
	rec_emit(p, cb, arg);
	rec_start(p, fmt, s, n, ln, eo, lf);
	rec_append(p, s, n);
	rec_note_exc(p, s, n);
}

void
rec_set_level(struct buf *b, const char *s, size_t n)
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
	/* Cut a long one on a character boundary: s is valid UTF-8. */
	if (n > sizeof(low)) {
		n = sizeof(low);
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	buf_append(b, low, n);
}
