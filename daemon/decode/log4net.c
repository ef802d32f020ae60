/*
 * log4net — the EPiServer log4net layouts: CMS 5/6 "date LEVEL [thread]
 * logger - message" and CMS 7+ "date [thread] LEVEL logger: message", the
 * log4net default "date [thread] LEVEL logger [NDC] - message"; and the
 * NLog layouts with the same date (its longdate has four fraction digits):
 * "date|LEVEL|logger|message" (NLog's default) and the same with tabs.
 * The exception and stack trace that follow belong to the record.
 */
#include <strings.h>
#include <string.h>

#include "decode/evtime.h"
#include "decode/record.h"
#include "lib/timefmt.h"

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

/*
 * NLog: after the date, fields separated by sep (| or a tab): the level
 * (any case: ${level} writes "Error"), then the logger and the message,
 * or the message alone.
 */
static int
nlog_fields(const char *s, size_t n, size_t i, char sep, struct l4_head *h)
{
	const char *e;
	size_t k, st = i;

	e = memchr(s + i, sep, n - i);
	if (e == NULL)
		return -1;
	h->level = s + st;
	h->level_len = rtrim_len(s + st, (size_t)(e - s) - st);
	for (k = 0; k < sizeof(l4_levels) / sizeof(l4_levels[0]); k++)
		if (l4_levels[k].len == h->level_len &&
		    strncasecmp(l4_levels[k].name, h->level, h->level_len) == 0)
			break;
	if (k == sizeof(l4_levels) / sizeof(l4_levels[0]))
		return -1;
	i = (size_t)(e - s) + 1;
	e = memchr(s + i, sep, n - i);
	if (e != NULL && memchr(s + i, ' ', (size_t)(e - s) - i) == NULL) {
		h->logger = s + i;
		h->logger_len = (size_t)(e - s) - i;
		i = (size_t)(e - s) + 1;
	}
	i = skip_spaces(s, n, i);
	h->msg = s + i;
	h->msg_len = n - i;
	return 0;
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
l4_header(const char *s, size_t n, const struct tzone *tz,
    struct l4_head *h)
{
	size_t i = 0;
	int y, mo, d, hh, mi, sec, frac = 0, nd;
	int64_t t;

	if (n < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':')
		return -1;
	memset(h, 0, sizeof(*h));
	if (evtime_num(s, n, &i, 4, 4, &y) < 0 || s[i++] != '-' ||
	    evtime_num(s, n, &i, 2, 2, &mo) < 0 || s[i++] != '-' ||
	    evtime_num(s, n, &i, 2, 2, &d) < 0 || (s[i] != ' ' && s[i] != 'T'))
		return -1;
	i++;
	if (evtime_clock(s, n, &i, 2, ",.", &hh, &mi, &sec, &frac, &nd) < 0 ||
	    (i > 0 && (s[i - 1] == ',' || s[i - 1] == '.') && nd == 0))
		return -1;
	if (i >= n || (!is_space((unsigned char)s[i]) && s[i] != '|'))
		return -1;
	if (timefmt_civil_ms(y, mo, d, hh, mi, sec, frac, &t) < 0)
		return -1;
	h->ms = tzone_to_utc(tz, t);
	h->has_time = 1;
	if (s[i] == '|' || s[i] == '\t')
		return nlog_fields(s, n, i + 1, s[i], h);
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
	/* log4net's default layout: the NDC in brackets, "[(null)]" if none. */
	if (i < n && s[i] == '[') {
		const char *e = memchr(s + i, ']', n - i);

		if (e != NULL && e + 1 < s + n && e[1] == ' ' &&
		    e + 2 < s + n && e[2] == '-')
			i = skip_spaces(s, n, (size_t)(e - s) + 1);
	}
	if (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ')) {
		i++;
		if (i < n)
			i++;
	}
	h->msg = s + i;
	h->msg_len = n - i;
	return 0;
}

void
log4net_line(struct event_parser *p, const char *s, size_t n, uint64_t ln,
    uint64_t eo, int lf, event_cb cb, void *arg)
{
	struct l4_head h;

	if (l4_header(s, n, &p->tz, &h) < 0) {
		rec_orphan_line(p, FMT_LOG4NET, s, n, ln, eo, lf, cb, arg);
		return;
	}
	rec_emit(p, cb, arg);
	rec_start(p, FMT_LOG4NET, s, n, ln, eo, lf);
	p->has_time = h.has_time;
	p->time_ms = h.ms;
	rec_set_level(&p->level, h.level, h.level_len);
	buf_append(&p->thread, h.thread, h.thread_len);
	buf_append(&p->comp, h.logger, h.logger_len);
	rec_append(p, h.msg, h.msg_len);
	rec_note_exc(p, h.msg, h.msg_len);
	/* A failure's message may run on over lines of its own. */
	if (p->level.len > 0 && (strcmp(p->level.data, "error") == 0 ||
	    strcmp(p->level.data, "fatal") == 0 ||
	    strcmp(p->level.data, "critical") == 0 ||
	    strcmp(p->level.data, "severe") == 0))
		p->rec_exc = 1;
}

int
log4net_sniff(const char *s, size_t n)
{
	struct l4_head h;

	return l4_header(s, n, NULL, &h) == 0;
}
