/*
 * entlib — Enterprise Library text-formatter blocks (the Ektron Windows
 * Service logs): "Timestamp:", "Message:", "Category:", "Severity:", …
 * between dashed lines; one block a record.
 */
#include <string.h>
#include <strings.h>

#include "decode/evtime.h"
#include "decode/record.h"

int
entlib_is_sep(const char *s, size_t n)
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

void
entlib_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	const char *v;
	size_t vl;
	int is_ts;

	if (entlib_is_sep(s, n)) {
		rec_emit(p, cb, arg);
		p->can_continue = 0;
		return;
	}
	is_ts = ent_field(s, n, "Timestamp", &v, &vl);
	if (is_ts && p->open && p->ent_ts)
		rec_emit(p, cb, arg);	/* a block without a dashed line */
	if (!p->open) {
		if (is_blank(s, n))
			return;
		if (p->can_continue && !is_ts)
			/* The rest of a block passed on while open. */
			rec_continue(p, ln, eo, lf);
		else {
			rec_start(p, FMT_ENTLIB, s, n, ln, eo, lf);
			p->ent_ts = 0;
		}
	}
	rec_line(p, s, n);
	rec_touch(p, ln, eo, lf);
	if (is_ts) {
		p->ent_ts = 1;
		p->has_time = evtime_entlib(v, vl, &p->time_ms) == 0;
	} else if (p->comp.len == 0 && ent_field(s, n, "Category", &v, &vl))
		buf_append(&p->comp, v, vl);
	else if (ent_field(s, n, "Severity", &v, &vl))
		rec_set_level(&p->level, v, vl);
	else if (ent_field(s, n, "Win32 ThreadId", &v, &vl)) {
		buf_reset(&p->thread);
		buf_append(&p->thread, v, vl);
	}
}

int
entlib_sniff(const char *s, size_t n, int prev_sep)
{
	const char *v;
	size_t vl;
	int64_t ms;

	if (ent_field(s, n, "Timestamp", &v, &vl) &&
	    evtime_entlib(v, vl, &ms) == 0)
		return 1;
	return prev_sep && ent_is_field(s, n);
}
