/*
 * plain — one line a record, with the continuation lines that follow it
 * (stack frames, inner exceptions, and indented lines under a record that
 * tells of an exception; rec_orphan_line): the format of anything that is
 * not one of the others, and of the EktronL2 event log exported as text.
 *
 * A row copied out of Trace32/CMTrace's grid ("message<TAB>component<TAB>
 * date<TAB>thread", the date in the machine's culture) is a record of its
 * own with its component, time and thread.
 */
#include <string.h>

#include "decode/evtime.h"
#include "decode/record.h"
#include "platform/compat.h"

/* "2316" or "2316 (0x090C)". */
static int
t32_thread(const char *s, size_t n, size_t *digits)
{
	size_t i = 0;

	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	*digits = i;
	if (i == 0 || i > 10)
		return 0;
	if (i == n)
		return 1;
	return n - i >= 5 && s[i] == ' ' && s[i + 1] == '(' &&
	    s[i + 2] == '0' && (s[i + 3] == 'x' || s[i + 3] == 'X') &&
	    s[n - 1] == ')';
}

/* The reading of a date's numbers: a US clock's M/D/Y first, else D/M/Y. */
static int
t32_order(const struct evtime_local *t)
{
	int o = evtime_local_orders(t);

	if ((o & EVTIME_YMD) && !(o & (EVTIME_MDY | EVTIME_DMY)))
		return EVTIME_YMD;
	if ((o & EVTIME_MDY) && (t->ampm || !(o & EVTIME_DMY)))
		return EVTIME_MDY;
	if (o & EVTIME_DMY)
		return EVTIME_DMY;
	return o & EVTIME_MDY ? EVTIME_MDY : 0;
}

/* A Trace32 row: a record of its own, with its fields.  0, or -1. */
static int
t32_row(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	const char *t3, *t2, *t1;
	struct evtime_local tl;
	size_t digits;
	int64_t ms;
	int order;

	n = rtrim_len(s, n);
	if ((t3 = memrchr(s, '\t', n)) == NULL || t3 == s ||
	    (t2 = memrchr(s, '\t', (size_t)(t3 - s))) == NULL || t2 == s ||
	    (t1 = memrchr(s, '\t', (size_t)(t2 - s))) == NULL || t1 == s)
		return -1;
	if (!t32_thread(t3 + 1, (size_t)(s + n - t3 - 1), &digits) ||
	    t2 - t1 - 1 == 0 || t2 - t1 - 1 > CM_COMP_MAX ||
	    memchr(t1 + 1, ' ', (size_t)(t2 - t1 - 1)) != NULL ||
	    evtime_local_parse(t2 + 1, (size_t)(t3 - t2 - 1), &tl) < 0 ||
	    !tl.has_date || !tl.has_clock || (order = t32_order(&tl)) == 0 ||
	    evtime_local_ms(&tl, order, &p->tz, &ms) < 0)
		return -1;
	rec_emit(p, cb, arg);
	rec_start(p, FMT_PLAIN, s, n, ln, eo, lf);
	rec_append(p, s, rtrim_len(s, (size_t)(t1 - s)));
	rec_note_exc(p, s, (size_t)(t1 - s));
	buf_append(&p->comp, t1 + 1, (size_t)(t2 - t1 - 1));
	buf_append(&p->thread, t3 + 1, digits);
	p->has_time = 1;
	p->time_ms = ms;
	return 0;
}

void
plain_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	if (n > 0 && memchr(s, '\t', n) != NULL &&
	    t32_row(p, s, n, ln, eo, lf, cb, arg) == 0)
		return;
	rec_orphan_line(p, FMT_PLAIN, s, n, ln, eo, lf, cb, arg);
}
