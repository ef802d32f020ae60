/*
 * evlog — platform_evlog_* (platform.h): the native reader of the
 * platform (evlog-int.h), or the replay backend, a captured
 * `wevtutil qe LOG /f:xml` file read through the same interface.
 *
 * The replay reads the whole capture (at most EVLOG_REPLAY_MAX bytes) as
 * UTF-8 (UTF-16 with or without a BOM too, as PowerShell's redirection
 * writes it), finds each <Event> element and notes its record number and
 * time; each read parses the elements again (lib/winevent.h), so what a
 * caller gets is what the XML says, field for field, in record order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/winevent.h"
#include "lib/xmalloc.h"
#include "platform/evlog-int.h"
#include "platform/platform.h"

#define EVLOG_REPLAY_MAX	(256u * 1024 * 1024)

struct replay_ev {
	size_t		 off, len;	/* the element in the text */
	uint64_t	 record;
	int64_t		 time_ms;
	size_t		 pos;		/* its place in the file */
};

struct platform_evlog {
	struct evlog_native *native;
	/* Replay. */
	struct buf	 text;
	struct replay_ev *evs;
	size_t		 nevs;
	struct winevent_xml x;
};

struct platform_evlog *
platform_evlog_open(const char *channel, char **cause)
{
	struct evlog_native *n;
	struct platform_evlog *l;

	if ((n = evlog_native_open(channel, cause)) == NULL)
		return NULL;
	l = xcalloc(1, sizeof(*l));
	l->native = n;
	return l;
}

static int
cmp_record(const void *a, const void *b)
{
	const struct replay_ev *x = a, *y = b;

	if (x->record != y->record)
		return x->record < y->record ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
cmp_time(const void *a, const void *b)
{
	const struct replay_ev *x = a, *y = b;

	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

struct platform_evlog *
platform_evlog_open_replay(const char *path, char **cause)
{
	struct platform_evlog *l;
	struct buf raw = { 0 };
	size_t i = 0, st, rl, end, cap = 0;
	const char *err;
	int junk, all_numbered = 1;

	if (platform_read_file(path, &raw, EVLOG_REPLAY_MAX, cause) == -1)
		return NULL;
	l = xcalloc(1, sizeof(*l));
	winevent_text_utf8(&l->text, raw.data ? raw.data : "", raw.len);
	buf_free(&raw);
	while (l->text.len > 0 && winevent_xml_find(l->text.data, l->text.len,
	    i, &st, &rl, &junk)) {
		end = winevent_xml_end(l->text.data + st, l->text.len - st, rl);
		if (end == 0)
			end = l->text.len - st;	/* cut short: what there is */
		if (l->nevs == cap) {
			cap = cap ? cap * 2 : 64;
			l->evs = xreallocarray(l->evs, cap, sizeof(*l->evs));
		}
		l->evs[l->nevs].off = st;
		l->evs[l->nevs].len = end;
		l->evs[l->nevs].pos = l->nevs;
		winevent_xml_parse(&l->x, l->text.data + st, end, &err, &rl);
		l->evs[l->nevs].record = l->x.ev.record;
		l->evs[l->nevs].time_ms = l->x.ev.has_time ? l->x.ev.time_ms : 0;
		if (l->x.ev.record == 0)
			all_numbered = 0;
		l->nevs++;
		i = st + end;
	}
	if (l->nevs == 0) {
		xasprintf(cause, "%s: no <Event> element (not a wevtutil /f:xml "
		    "capture)", path);
		platform_evlog_close(l);
		errno = EINVAL;
		return NULL;
	}
	qsort(l->evs, l->nevs, sizeof(*l->evs), all_numbered ? cmp_record :
	    cmp_time);
	if (!all_numbered)
		for (i = 0; i < l->nevs; i++)
			l->evs[i].record = i + 1;
	return l;
}

int64_t
platform_evlog_read(struct platform_evlog *l, uint64_t after,
    platform_evlog_cb cb, void *arg, char **cause)
{
	const char *err;
	size_t i, off;
	int64_t n = 0;

	if (l->native != NULL)
		return evlog_native_read(l->native, after, cb, arg, cause);
	for (i = 0; i < l->nevs; i++) {
		if (l->evs[i].record <= after)
			continue;
		winevent_xml_parse(&l->x, l->text.data + l->evs[i].off,
		    l->evs[i].len, &err, &off);
		l->x.ev.record = l->evs[i].record;
		n++;
		if (cb(arg, &l->x.ev) != 0)
			break;
	}
	return n;
}

enum platform_evlog_state
platform_evlog_state(const struct platform_evlog *l, const char **why)
{
	if (l->native != NULL)
		return evlog_native_state(l->native, why);
	if (why != NULL)
		*why = NULL;
	return PLATFORM_EVLOG_READABLE;
}

int
platform_evlog_range(struct platform_evlog *l, uint64_t *oldest,
    uint64_t *count)
{
	if (l->native != NULL)
		return evlog_native_range(l->native, oldest, count);
	*oldest = l->nevs > 0 ? l->evs[0].record : 0;
	*count = l->nevs;
	return 0;
}

void *
platform_evlog_handle(struct platform_evlog *l)
{
	return l->native != NULL ? evlog_native_handle(l->native) : NULL;
}

int
platform_evlog_wait(struct platform_evlog *l, int ms)
{
	if (l->native != NULL)
		return evlog_native_wait(l->native, ms);
	platform_sleep_ms(ms);
	return 0;
}

void
platform_evlog_close(struct platform_evlog *l)
{
	if (l == NULL)
		return;
	if (l->native != NULL)
		evlog_native_close(l->native);
	buf_free(&l->text);
	xfree(l->evs);
	winevent_xml_free(&l->x);
	xfree(l);
}
