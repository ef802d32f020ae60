/*
 * lines — each line of the configuration, as syncwatch reads it, before
 * libinih sees it.
 *
 * libinih does the sections; the lines themselves are taken apart here,
 * so that every mistake is reported on its own line, all of them in one
 * pass, and nothing is taken silently:
 *
 *   - a key line is "key = value": only '=' separates (a Windows path's
 *     "C:" is no separator), and a comment after the value starts with
 *     '#' or ';' that has white space before it and after it (or ends the
 *     line): "path = /logs/a.log   # despooler" ends at ".log", while
 *     "path = /logs/build #3/a.log" keeps its '#';
 *   - a line that starts with white space is an error: libinih would take
 *     it as more of the previous value (syncwatch has no value over
 *     several lines), so an indented key would be lost without a word;
 *   - a line that is neither blank, a comment, a [section] nor a key line
 *     is a syntax error, and the next lines are still read;
 *   - a value of any length is kept: libinih is handed "key = \1N" and
 *     the value is looked up again (cfg_value), so its fixed line buffer
 *     never cuts one.
 */
#include <stdio.h>
#include <string.h>

#include "conf/config-int.h"
#include "lib/xmalloc.h"

#define STASH_MARK	'\001'

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Where the value's comment starts (see the top), or its end. */
static size_t
value_end(const char *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if ((v[i] == '#' || v[i] == ';') && blank(v[i - 1]) &&
		    (i + 1 == n || blank(v[i + 1])))
			break;
	while (i > 0 && blank(v[i - 1]))
		i--;
	return i;
}

/* Keep a value; the mark that stands for it goes to libinih. */
static size_t
stash(struct parser *p, const char *v, size_t n)
{
	p->stash = xreallocarray(p->stash, p->nstash + 1, sizeof(*p->stash));
	p->stash[p->nstash] = xstrndup(v, n);
	return p->nstash++;
}

void
cfg_line(struct parser *p, const char *s, size_t n, char *out, size_t size)
{
	const char *eq, *k;
	size_t i, klen, vstart, vlen;

	out[0] = '\0';
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (i = 0; i < n && blank(s[i]); i++)
		;
	if (i == n || s[i] == '#' || s[i] == ';')
		return;			/* blank or a comment */
	if (i > 0) {
		cfg_error(p, p->line, "the line starts with white space: keys "
		    "and [sections] begin their line, and a value does not go "
		    "on over several lines");
		return;
	}
	if (s[0] == '[') {
		if (n >= size) {
			cfg_error(p, p->line, "section header longer than %zu "
			    "characters", size - 1);
			return;
		}
		memcpy(out, s, n);
		out[n] = '\0';
		return;
	}
	if ((eq = memchr(s, '=', n)) == NULL) {
		cfg_error(p, p->line, "syntax error: want [section], "
		    "key = value or a # comment");
		return;
	}
	for (k = s, klen = (size_t)(eq - s); klen > 0 && blank(k[klen - 1]);
	    klen--)
		;
	if (klen == 0) {
		cfg_error(p, p->line, "syntax error: a value with no key");
		return;
	}
	if (klen + 16 >= size) {
		cfg_error(p, p->line, "key longer than %zu characters",
		    size - 17);
		return;
	}
	vstart = (size_t)(eq - s) + 1;
	while (vstart < n && blank(s[vstart]))
		vstart++;
	vlen = value_end(s + vstart, n - vstart);
	snprintf(out, size, "%.*s = %c%zu", (int)klen, k, STASH_MARK,
	    stash(p, s + vstart, vlen));
}

const char *
cfg_value(const struct parser *p, const char *inih_value)
{
	unsigned long i;
	char *end;

	if (inih_value == NULL || inih_value[0] != STASH_MARK)
		return inih_value != NULL ? inih_value : "";
	i = strtoul(inih_value + 1, &end, 10);
	return *end == '\0' && i < p->nstash ? p->stash[i] : "";
}

void
cfg_lines_free(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nstash; i++)
		xfree(p->stash[i]);
	xfree(p->stash);
	p->stash = NULL;
	p->nstash = 0;
}
