/*
 * cmtrace — the CMTrace layout of ConfigMgr 2012+ client logs:
 * <![LOG[MESSAGE]LOG]!><time="…" date="…" component="…" … >, the message
 * spanning lines and even ending in ']'; attributes in any order and case.
 * Next-occurrence caches keep a line full of "<![LOG[" linear.
 */
#include <string.h>
#include <strings.h>

#include "decode/evtime.h"
#include "decode/record.h"
#include "platform/compat.h"

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
		p->has_time = evtime_cmtrace(tv, tl, dv, dl, &p->tz,
		    &p->time_ms) == 0;
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

void
cmtrace_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct ct_find fo = { "<![LOG[", 0, 0 }, fc = { "]LOG]!>", 0, 0 };
	size_t pos = 0, op, cl, i, room, take;
	int full;

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
			take = i - pos;
			room = CT_TAG_MAX - p->tag.len;
			full = take >= room;
			if (take > room) {
				/* Cut on a character: s is valid UTF-8. */
				take = room;
				while (take > 0 && ((unsigned char)s[pos + take] &
				    0xC0) == 0x80)
					take--;
			}
			buf_append(&p->tag, s + pos, take);
			if (i < n) {
				pos = i + 1;
				ct_tag_done(p);
				continue;
			}
			if (full)
				ct_tag_done(p);
			else
				buf_putc(&p->tag, ' ');
			return;
		case CT_NONE:
			op = ct_next(s, n, pos, &fo);
			if (op > pos && !is_blank(s + pos, op - pos)) {
				if (pos == 0)
					rec_orphan_line(p, FMT_CMTRACE, s, op, ln,
					    eo, lf, cb, arg);
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

void
cmtrace_flush(struct event_parser *p)
{
	if (p->ct == CT_TAG)
		ct_tag_done(p);
	p->ct = CT_NONE;
}
