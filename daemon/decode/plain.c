/*
 * plain — one line a record, with the continuation lines that follow it
 * (exception text, stack frames): the format of anything that is not one of
 * the others, and of the EktronL2 event log exported as text.
 */
#include "decode/record.h"

void
plain_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	if (rec_is_continuation(s, n) && (p->open || p->can_continue ||
	    is_blank(s, n))) {
		rec_orphan_line(p, FMT_PLAIN, s, n, ln, eo, lf);
		return;
	}
	rec_emit(p, cb, arg);
	rec_start(p, FMT_PLAIN, s, n, ln, eo, lf);
	rec_append(p, s, n);
}
