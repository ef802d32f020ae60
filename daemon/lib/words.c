/*
 * words — the annotation and timeline word splitter; see words.h.
 */
#include <ctype.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/words.h"
#include "lib/xmalloc.h"

void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		xfree(w->w[i].name);
		xfree(w->w[i].value);
	}
	xfree(w->w);
	w->w = NULL;
	w->n = 0;
}

/* A value after '=': "quoted" (\" and \\ escaped) or up to a space. */
static int
split_value(const char **pp, struct buf *value)
{
	const char *p = *pp;

	if (*p != '"') {
		while (*p != '\0' && !isspace((unsigned char)*p))
			buf_putc(value, *p++);
		*pp = p;
		return 0;
	}
	for (p++; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		buf_putc(value, *p);
	}
	if (*p != '"')
		return -1;
	*pp = p + 1;
	return 0;
}

int
words_split(const char *p, struct words *out)
{
	struct buf name = { 0 }, value = { 0 };
	int has_value, rc = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		buf_reset(&name);
		buf_reset(&value);
		while (*p != '\0' && *p != '=' && !isspace((unsigned char)*p))
			buf_putc(&name, *p++);
		has_value = *p == '=';
		if (name.len == 0 || (has_value && (p++,
		    split_value(&p, &value) == -1))) {
			rc = -1;
			break;
		}
		out->w = xreallocarray(out->w, out->n + 1, sizeof(*out->w));
		out->w[out->n].name = xstrdup(buf_cstr(&name));
		out->w[out->n].value = has_value ?
		    xstrdup(buf_cstr(&value)) : NULL;
		out->n++;
	}
	buf_free(&name);
	buf_free(&value);
	if (rc == -1)
		words_free(out);
	return rc;
}
