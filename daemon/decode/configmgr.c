/*
 * configmgr — ConfigMgr/SMS site-server logs (FORMATS.md):
 * MESSAGE $$<COMPONENT><TIMESTAMP><thread=…>, `~` as a line break, records
 * spanning lines (even a trailer wrapped onto the next line) and several
 * records on one line.
 *
 * Damaged text never makes a record swallow the next: a trailer that is
 * there but broken ("$$>", "$$(…)", a field cut short, one wrapped onto a
 * line that does not complete it) closes its record where it stands, with
 * what can be read of its component and time; and a line of another
 * layout in the middle of the file (a log4net header written by another
 * process) is a record of its own, with the stack trace under it.
 *
 * Untrusted input: every search moves forward and every trailer candidate
 * is parsed with bounded field lengths, so a line of a million "$$<" stays
 * linear.
 */
#include <ctype.h>
#include <string.h>

#include "decode/evtime.h"
#include "decode/record.h"
#include "decode/text.h"

struct cm_trailer {
	const char	*comp;
	size_t		 comp_len;
	const char	*ts;
	size_t		 ts_len;
	const char	*tid;
	size_t		 tid_len;
	size_t		 len;		/* bytes from "$$<" to the final '>' */
};

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

int
configmgr_sniff(const char *s, size_t n)
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
 * Where a damaged trailer starts in s[0..n): "$$" then '<', '>' or '(',
 * not a trailer (the caller has taken the good ones); n if none.
 */
static size_t
cm_damaged(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (end - p >= 3 &&
	    (p = memchr(p, '$', (size_t)(end - p) - 2)) != NULL) {
		if (p[1] == '$' && (p[2] == '<' || p[2] == '>' || p[2] == '('))
			return (size_t)(p - s);
		p++;
	}
	return n;
}

/*
 * What can be read of a damaged trailer s[0..n) ("$$" and its fields in
 * any brackets): the component and, if it parses, the time.
 */
static void
cm_salvage(struct event_parser *p, const char *s, size_t n)
{
	size_t i = 3, st, k;
	int64_t ms;

	if (n < 3)
		return;
	for (k = 0; k < 2; k++) {
		st = i;
		while (i < n && i - st < CM_TS_MAX && s[i] != '<' &&
		    s[i] != '>' && s[i] != '(' && s[i] != ')')
			i++;
		if (i == st || i - st >= CM_TS_MAX)
			return;
		if (k == 0 && i - st <= CM_COMP_MAX) {
			buf_reset(&p->comp);
			buf_append(&p->comp, s + st, rtrim_len(s + st, i - st));
		} else if (k == 1 && i < n && evtime_configmgr(s + st,
		    i - st, &p->tz, &ms) == 0) {
			p->has_time = 1;
			p->time_ms = ms;
		}
		/* The next field: past "><", ")(" or one bracket. */
		while (i < n && (s[i] == '<' || s[i] == '>' || s[i] == '(' ||
		    s[i] == ')'))
			i++;
	}
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
	p->has_time = evtime_configmgr(t->ts, t->ts_len, &p->tz,
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
		if (evtime_configmgr(t->ts, t->ts_len, NULL, &ms) == 0)
			return 0;
		if (ok < 0)
			ok = sep;
	}
	if (ok < 0)
		return -1;
	return cm_join_try(p, s, n, ok, t, used);
}

void
configmgr_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct cm_trailer t;
	const char *q;
	size_t pos = 0, from = 0, end = n, at, used;
	int r;

	if (!p->open)
		p->cm_alien = 0;
	if (p->cm_alien) {
		/* A line of another layout: its stack trace goes with it. */
		if (p->frag.len == 0 && rec_continues(p, s, n, 1) &&
		    find_trailer(s, n) == NULL) {
			rec_line(p, s, n);
			rec_touch(p, ln, eo, lf);
			return;
		}
		rec_emit(p, cb, arg);
		p->cm_alien = 0;
	}
	if (p->frag.len > 0) {
		if (cm_join_frag(p, s, n, &t, &used) == 0) {
			rec_touch(p, ln, eo, lf);
			cm_close(p, &t, cb, arg);
			pos = from = used;
		} else if (has_prefix(p->frag.data + p->frag_ws,
		    p->frag.len - p->frag_ws, "$$<") &&
		    memchr(p->frag.data, '>', p->frag.len) != NULL) {
			/*
			 * A trailer cut at the end of the line before (its
			 * component closed: "$$<price" is text) and not
			 * completed by this one: it closed that record.
			 */
			cm_salvage(p, p->frag.data + p->frag_ws,
			    p->frag.len - p->frag_ws);
			if (p->text.len > 0)
				rec_emit(p, cb, arg);
			else
				p->open = 0;	/* nothing to match */
		} else
			cm_piece(p, p->frag_line, p->frag.data, p->frag.len);
		buf_reset(&p->frag);
	} else if (log4net_sniff(s, n) && find_trailer(s, n) == NULL) {
		/* A log4net line among ConfigMgr records: its own record. */
		rec_emit(p, cb, arg);
		log4net_line(p, s, n, ln, eo, lf, cb, arg);
		p->rfmt = FMT_CONFIGMGR;
		p->cm_alien = 1;
		return;
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
	/* A damaged trailer after the last good one ends its record here. */
	if (end == n && (at = pos + cm_damaged(s + pos, n - pos)) < n) {
		if (!p->open && is_blank(s + pos, at - pos))
			return;		/* nothing to match */
		if (!p->open)
			rec_start(p, FMT_CONFIGMGR, s + pos, n - pos, ln, eo,
			    lf);
		cm_piece(p, ln, s + pos, rtrim_len(s + pos, at - pos));
		rec_touch(p, ln, eo, lf);
		cm_salvage(p, s + at, n - at);
		rec_emit(p, cb, arg);
		return;
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

void
configmgr_flush(struct event_parser *p)
{
	if (p->frag.len > 0) {
		cm_piece(p, p->frag_line, p->frag.data, p->frag.len);
		buf_reset(&p->frag);
	}
}
