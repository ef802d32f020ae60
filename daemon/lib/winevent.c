/*
 * winevent — the fields of a Windows event, and the parser of its XML;
 * see winevent.h.
 *
 * The XML parser knows the few elements that matter (System/Provider,
 * EventID, Level, TimeCreated, EventRecordID, Channel, Computer; the Data
 * of EventData and the leaves of UserData; RenderingInfo's Message and
 * Level) and walks past everything else.  It works on one complete
 * element in memory, by index, never past n, with a bounded element
 * stack; the strings it keeps are copied, entities decoded, into one
 * buffer that is reused from event to event.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/timefmt.h"
#include "lib/winevent.h"
#include "lib/xmalloc.h"

void
winevent_clear(struct winevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->source = ev->channel = ev->computer = ev->level_name = "";
}

/* Elements the parser cares about, by their place. */
enum el {
	E_OTHER, E_EVENT, E_SYSTEM, E_PROVIDER, E_EVENTID, E_LEVEL,
	E_TIMECREATED, E_RECORDID, E_CHANNEL, E_COMPUTER, E_EVENTDATA,
	E_USERDATA, E_UD1, E_DATA, E_RENDERING, E_MESSAGE, E_RLEVEL
};

struct frame {
	enum el		 el;
	size_t		 name, name_len;	/* in s */
	size_t		 off;			/* its text's start in store */
};

static int
xml_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
name_char(int c)
{
	return !(xml_space(c) || c == '>' || c == '/' || c == '=' ||
	    c == '<' || c == '"' || c == '\'' || c == '\0');
}

/* The local part of a name (after any "prefix:"). */
static int
local_is(const char *s, size_t n, const char *want)
{
	const char *c = memchr(s, ':', n);
	size_t k = strlen(want);

	if (c != NULL) {
		n -= (size_t)(c + 1 - s);
		s = c + 1;
	}
	return n == k && memcmp(s, want, k) == 0;
}

static size_t
find(const char *s, size_t n, size_t from, const char *pat)
{
	size_t k = strlen(pat), i;

	for (i = from; i + k <= n; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, k) == 0)
			return i;
	return n;
}

/* Append s[0..n) with its entities decoded; an unknown one stays as is. */
static void
append_text(struct buf *b, const char *s, size_t n)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' },
		{ "quot", '"' }, { "apos", '\'' },
	};
	size_t i = 0, j, k, run;
	uint32_t cp;
	int ok, hex;

	while (i < n) {
		for (run = i; run < n && s[run] != '&'; run++)
			;
		buf_append(b, s + i, run - i);
		if ((i = run) >= n)
			break;
		for (j = i + 1; j < n && j - i <= 12 && s[j] != ';'; j++)
			;
		ok = 0;
		if (j < n && s[j] == ';') {
			if (s[i + 1] == '#') {
				hex = i + 2 < j && (s[i + 2] == 'x' || s[i + 2] == 'X');
				cp = 0;
				ok = i + 2 + (size_t)hex < j;
				for (k = i + 2 + (size_t)hex; ok && k < j; k++) {
					int c = (unsigned char)s[k], d;

					if (c >= '0' && c <= '9')
						d = c - '0';
					else if (hex && c >= 'a' && c <= 'f')
						d = c - 'a' + 10;
					else if (hex && c >= 'A' && c <= 'F')
						d = c - 'A' + 10;
					else {
						ok = 0;
						break;
					}
					cp = cp * (hex ? 16 : 10) + (uint32_t)d;
					if (cp > 0x10ffff)
						cp = 0x110000;
				}
				if (ok)
					winevent_put_utf8(b, cp);
			} else
				for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
					if (strlen(ents[k].name) == j - i - 1 &&
					    memcmp(s + i + 1, ents[k].name,
					    j - i - 1) == 0) {
						buf_putc(b, ents[k].c);
						ok = 1;
						break;
					}
		}
		if (ok)
			i = j + 1;
		else {
			buf_putc(b, '&');
			i++;
		}
	}
}

/* Keep one insertion string starting at store offset off. */
static void
add_string(struct winevent_xml *x, size_t off)
{
	if (x->nstr == WINEVENT_XML_STRINGS)
		return;
	if (x->nstr == x->capstr) {
		x->capstr = x->capstr ? x->capstr * 2 : 16;
		x->offs = xreallocarray(x->offs, x->capstr, sizeof(*x->offs));
		x->lens = xreallocarray(x->lens, x->capstr, sizeof(*x->lens));
	}
	x->offs[x->nstr] = off;
	x->lens[x->nstr] = x->store.len - off;
	x->nstr++;
}

static uint64_t
number(const char *s, size_t n, int *ok)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < n && xml_space((unsigned char)s[i]))
		i++;
	*ok = i < n;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		v = v > UINT64_MAX / 10 ? UINT64_MAX : v * 10 + (uint64_t)(s[i] - '0');
	while (i < n && xml_space((unsigned char)s[i]))
		i++;
	if (i != n)
		*ok = 0;
	return v;
}

/* An element ends: what its text means. */
static void
el_end(struct winevent_xml *x, const struct frame *f)
{
	const char *t = x->store.data ? x->store.data + f->off : "";
	size_t tl = x->store.len - f->off;
	uint64_t v;
	int ok;

	switch (f->el) {
	case E_EVENTID:
		v = number(t, tl, &ok);
		if (ok && v <= UINT32_MAX) {
			x->ev.has_event_id = 1;
			x->ev.event_id = (uint32_t)v;
		}
		break;
	case E_LEVEL:
		v = number(t, tl, &ok);
		if (ok && v <= 255)
			x->ev.level = (int)v;
		break;
	case E_RECORDID:
		v = number(t, tl, &ok);
		if (ok)
			x->ev.record = v;
		break;
	case E_CHANNEL:
		x->off_channel = f->off;
		x->have_channel = 1;
		break;
	case E_COMPUTER:
		x->off_computer = f->off;
		x->have_computer = 1;
		break;
	case E_MESSAGE:
		x->off_msg = f->off;
		x->have_msg = 1;
		break;
	case E_RLEVEL:
		x->off_level = f->off;
		x->have_level = 1;
		break;
	case E_DATA:
		add_string(x, f->off);
		break;
	default:
		return;
	}
	buf_putc(&x->store, '\0');
}

/* Whether an element's text is kept. */
static int
el_text(enum el e)
{
	return e == E_EVENTID || e == E_LEVEL || e == E_RECORDID ||
	    e == E_CHANNEL || e == E_COMPUTER || e == E_DATA ||
	    e == E_MESSAGE || e == E_RLEVEL;
}

static enum el
el_child(enum el parent, const char *s, size_t n)
{
	static const struct { enum el parent; const char *name; enum el el; }
	    map[] = {
		{ E_EVENT, "System", E_SYSTEM },
		{ E_EVENT, "EventData", E_EVENTDATA },
		{ E_EVENT, "UserData", E_USERDATA },
		{ E_EVENT, "RenderingInfo", E_RENDERING },
		{ E_SYSTEM, "Provider", E_PROVIDER },
		{ E_SYSTEM, "EventID", E_EVENTID },
		{ E_SYSTEM, "Level", E_LEVEL },
		{ E_SYSTEM, "TimeCreated", E_TIMECREATED },
		{ E_SYSTEM, "EventRecordID", E_RECORDID },
		{ E_SYSTEM, "Channel", E_CHANNEL },
		{ E_SYSTEM, "Computer", E_COMPUTER },
		{ E_EVENTDATA, "Data", E_DATA },
		{ E_RENDERING, "Message", E_MESSAGE },
		{ E_RENDERING, "Level", E_RLEVEL },
	};
	size_t i;

	if (parent == E_USERDATA)
		return E_UD1;
	if (parent == E_UD1)
		return E_DATA;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].parent == parent && local_is(s, n, map[i].name))
			return map[i].el;
	return E_OTHER;
}

/* An attribute of an element the parser cares about. */
static void
attribute(struct winevent_xml *x, enum el e, const char *name, size_t nl,
    const char *v, size_t vl)
{
	struct buf tmp = { 0 };
	int64_t ms;

	if (e == E_PROVIDER && (local_is(name, nl, "Name") ||
	    local_is(name, nl, "EventSourceName"))) {
		size_t off = x->store.len;

		append_text(&x->store, v, vl);
		buf_putc(&x->store, '\0');
		if (local_is(name, nl, "Name")) {
			x->off_source = off;
			x->have_source = 1;
		} else {
			x->off_esn = off;
			x->have_esn = 1;
		}
	} else if (e == E_TIMECREATED && local_is(name, nl, "SystemTime")) {
		append_text(&tmp, v, vl < 128 ? vl : 128);
		if (tmp.len > 0 && winevent_systemtime(tmp.data, tmp.len,
		    &ms) == 0) {
			x->ev.has_time = 1;
			x->ev.time_ms = ms;
		}
		buf_free(&tmp);
	}
}

/* Skip "<?…?>", "<!--…-->", "<!…>" at s[i]; returns the index past it. */
static size_t
skip_markup(const char *s, size_t n, size_t i, int *bad)
{
	size_t e;

	*bad = 0;
	if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
		e = find(s, n, i + 4, "-->");
		*bad = e == n;
		return e == n ? n : e + 3;
	}
	if (i + 2 <= n && s[i + 1] == '?') {
		e = find(s, n, i + 2, "?>");
		*bad = e == n;
		return e == n ? n : e + 2;
	}
	e = find(s, n, i + 2, ">");
	*bad = e == n;
	return e == n ? n : e + 1;
}

static void
finish(struct winevent_xml *x)
{
	size_t i;
	const char *d = x->store.data ? x->store.data : "";

	x->ptrs = xreallocarray(x->ptrs, x->nstr + 1, sizeof(*x->ptrs));
	for (i = 0; i < x->nstr; i++)
		x->ptrs[i] = d + x->offs[i];
	x->ev.strings = x->ptrs;
	x->ev.string_lens = x->lens;
	x->ev.nstrings = x->nstr;
	x->ev.source = x->have_source && d[x->off_source] != '\0' ?
	    d + x->off_source : x->have_esn ? d + x->off_esn : "";
	x->ev.channel = x->have_channel ? d + x->off_channel : "";
	x->ev.computer = x->have_computer ? d + x->off_computer : "";
	x->ev.level_name = x->have_level ? d + x->off_level : "";
	if (x->have_msg) {
		x->ev.message = d + x->off_msg;
		x->ev.message_len = strlen(x->ev.message);
	}
}

#define FAIL(m, at) do { *err = (m); *err_off = (at); goto out; } while (0)

int
winevent_xml_parse(struct winevent_xml *x, const char *s, size_t n,
    const char **err, size_t *err_off)
{
	struct frame st[WINEVENT_XML_DEPTH];
	size_t depth = 0, skipped = 0, i = 0, j, name, nl, an, anl, v;
	enum el e, parent;
	int bad, selfclose, rc = -1;
	char q;

	buf_reset(&x->store);
	x->nstr = 0;
	x->have_source = x->have_esn = x->have_channel = 0;
	x->have_computer = x->have_msg = x->have_level = 0;
	winevent_clear(&x->ev);
	*err = NULL;
	*err_off = 0;
	/* The prolog: blanks, declarations, comments. */
	for (;;) {
		while (i < n && xml_space((unsigned char)s[i]))
			i++;
		if (i + 1 < n && s[i] == '<' && (s[i + 1] == '?' ||
		    s[i + 1] == '!')) {
			i = skip_markup(s, n, i, &bad);
			if (bad)
				FAIL("unterminated markup", n);
			continue;
		}
		break;
	}
	if (i >= n)
		FAIL("no <Event> element", n);
	if (s[i] != '<')
		FAIL("text before the <Event> element", i);
	while (i < n) {
		if (s[i] != '<') {
			for (j = i; j < n && s[j] != '<'; j++)
				;
			if (depth > 0 && skipped == 0 &&
			    el_text(st[depth - 1].el))
				append_text(&x->store, s + i, j - i);
			else if (depth == 0)
				break;	/* past the element: done */
			i = j;
			continue;
		}
		if (i + 9 <= n && memcmp(s + i, "<![CDATA[", 9) == 0) {
			j = find(s, n, i + 9, "]]>");
			if (j == n)
				FAIL("unterminated CDATA section", i);
			if (depth > 0 && skipped == 0 &&
			    el_text(st[depth - 1].el))
				buf_append(&x->store, s + i + 9, j - i - 9);
			i = j + 3;
			continue;
		}
		if (i + 1 < n && (s[i + 1] == '?' || s[i + 1] == '!')) {
			j = skip_markup(s, n, i, &bad);
			if (bad)
				FAIL("unterminated markup", i);
			i = j;
			continue;
		}
		if (i + 1 < n && s[i + 1] == '/') {
			/* An end tag. */
			name = i + 2;
			for (j = name; j < n && name_char((unsigned char)s[j]); j++)
				;
			nl = j - name;
			while (j < n && xml_space((unsigned char)s[j]))
				j++;
			if (j >= n)
				FAIL("cut short in an end tag", i);
			if (s[j] != '>' || depth == 0)
				FAIL("malformed end tag", i);
			if (skipped > 0) {
				skipped--;
				depth--;
				i = j + 1;
				continue;
			}
			if (st[depth - 1].name_len != nl || memcmp(s +
			    st[depth - 1].name, s + name, nl) != 0)
				FAIL("end tag does not match its element", i);
			el_end(x, &st[depth - 1]);
			depth--;
			i = j + 1;
			if (depth == 0) {
				rc = 0;
				goto out;
			}
			continue;
		}
		/* A start tag. */
		name = i + 1;
		for (j = name; j < n && name_char((unsigned char)s[j]); j++)
			;
		nl = j - name;
		if (nl == 0)
			FAIL("malformed tag", i);
		if (depth == 0)
			e = local_is(s + name, nl, "Event") ? E_EVENT : E_OTHER;
		else if (skipped > 0 || depth >= WINEVENT_XML_DEPTH)
			e = E_OTHER;
		else {
			parent = st[depth - 1].el;
			e = el_child(parent, s + name, nl);
		}
		if (depth == 0 && e != E_EVENT)
			FAIL("not an <Event> element", i);
		selfclose = 0;
		for (;;) {
			while (j < n && xml_space((unsigned char)s[j]))
				j++;
			if (j >= n)
				FAIL("cut short in a tag", i);
			if (s[j] == '>') {
				j++;
				break;
			}
			if (s[j] == '/') {
				if (j + 1 >= n)
					FAIL("cut short in a tag", i);
				if (s[j + 1] != '>')
					FAIL("malformed tag", j);
				selfclose = 1;
				j += 2;
				break;
			}
			an = j;
			while (j < n && name_char((unsigned char)s[j]))
				j++;
			anl = j - an;
			while (j < n && xml_space((unsigned char)s[j]))
				j++;
			if (anl == 0 || j >= n || s[j] != '=')
				FAIL(j >= n ? "cut short in a tag" :
				    "malformed attribute", j);
			j++;
			while (j < n && xml_space((unsigned char)s[j]))
				j++;
			if (j >= n || (s[j] != '"' && s[j] != '\''))
				FAIL(j >= n ? "cut short in a tag" :
				    "attribute value not quoted", j);
			q = s[j++];
			v = j;
			while (j < n && s[j] != q && s[j] != '<')
				j++;
			if (j >= n)
				FAIL("cut short in an attribute value", v);
			if (s[j] != q)
				FAIL("'<' in an attribute value", j);
			if (skipped == 0)
				attribute(x, e, s + an, anl, s + v, j - v);
			j++;
		}
		i = j;
		if (depth >= WINEVENT_XML_DEPTH || skipped > 0) {
			if (!selfclose) {
				skipped++;
				depth++;
			}
			continue;
		}
		st[depth].el = e;
		st[depth].name = name;
		st[depth].name_len = nl;
		st[depth].off = x->store.len;
		if (selfclose) {
			el_end(x, &st[depth]);
			if (depth == 0) {
				rc = 0;
				goto out;
			}
			continue;
		}
		depth++;
	}
	if (depth > 0)
		FAIL("cut short: the <Event> element is not closed", n);
	rc = 0;
out:
	/* An element not closed still gives what it had. */
	while (rc == -1 && depth > skipped) {
		if (el_text(st[depth - skipped - 1].el))
			el_end(x, &st[depth - skipped - 1]);
		depth--;
	}
	finish(x);
	return rc;
}

void
winevent_xml_free(struct winevent_xml *x)
{
	buf_free(&x->store);
	xfree(x->offs);
	xfree(x->lens);
	xfree(x->ptrs);
	memset(x, 0, sizeof(*x));
}

int
winevent_xml_find(const char *s, size_t n, size_t from, size_t *start,
    size_t *root_len, int *skipped_text)
{
	size_t i = from, j;
	int bad;

	*skipped_text = 0;
	while (i < n) {
		if (xml_space((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] != '<') {
			*skipped_text = 1;
			while (i < n && s[i] != '<')
				i++;
			continue;
		}
		if (i + 1 < n && (s[i + 1] == '?' || s[i + 1] == '!')) {
			j = skip_markup(s, n, i, &bad);
			if (bad)
				return 0;
			i = j;
			continue;
		}
		for (j = i + 1; j < n && s[j] == '/'; j++)
			;
		while (j < n && name_char((unsigned char)s[j]))
			j++;
		if (s[i + 1] != '/' && local_is(s + i + 1, j - i - 1, "Event") &&
		    (j == n || xml_space((unsigned char)s[j]) || s[j] == '>' ||
		    s[j] == '/')) {
			*start = i;
			*root_len = j - i - 1;
			return 1;
		}
		if (!local_is(s + i + 1 + (s[i + 1] == '/'),
		    j - i - 1 - (s[i + 1] == '/'), "Events"))
			*skipped_text = 1;
		/* Any other tag (the <Events> wrapper): past it. */
		while (j < n && s[j] != '>')
			j++;
		i = j < n ? j + 1 : n;
	}
	return 0;
}

size_t
winevent_xml_end(const char *s, size_t n, size_t root_len)
{
	size_t i, j;
	char q = 0;

	/* The start tag itself: "/>" ends the element there. */
	for (i = 1 + root_len; i < n; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
			continue;
		}
		if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '>')
			break;
	}
	if (i >= n)
		return 0;
	if (s[i - 1] == '/')
		return i + 1;
	for (i++; i + 2 + root_len < n; i++) {
		if (s[i] != '<' || s[i + 1] != '/' ||
		    memcmp(s + i + 2, s + 1, root_len) != 0)
			continue;
		for (j = i + 2 + root_len; j < n && xml_space((unsigned char)s[j]);
		    j++)
			;
		if (j < n && s[j] == '>')
			return j + 1;
	}
	return 0;
}

