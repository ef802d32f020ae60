/*
 * plain — one line a record, with the continuation lines that follow it
 * (stack frames, inner exceptions, and indented lines under a record that
 * tells of an exception; rec_orphan_line): the format of anything that is
 * not one of the others, and of the EktronL2 event log exported as text.
 */
#include "decode/record.h"

void
plain_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	rec_orphan_line(p, FMT_PLAIN, s, n, ln, eo, lf, cb, arg);
}
