/*
 * diag — FILE:LINE problem collector; see diag.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/xmalloc.h"

/*
 * One problem is one line: a control byte quoted from the input (a
 * newline in a value, a tab, an escape) is written as \xNN so it neither
 * splits the message nor reaches a terminal raw.
 */
static void
put_line(struct buf *b, const char *msg)
{
	for (const char *p = msg; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\x%02x", (unsigned char)*p);
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '\n');
}

void
diag_add(struct diag *d, const char *file, uint64_t line, const char *fmt,
    ...)
{
	va_list ap;
	char msg[4096];

	if (d->max > 0 && d->count >= d->max) {
		d->count++;
		return;
	}
	d->count++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (file != NULL && line > 0)
		buf_printf(&d->text, "%s:%llu: ", file,
		    (unsigned long long)line);
	else if (file != NULL)
		buf_printf(&d->text, "%s: ", file);
	put_line(&d->text, msg);
}

void
diag_merge(struct diag *d, struct diag *from)
{
	buf_append(&d->text, from->text.data, from->text.len);
	d->count += from->count;
	buf_free(&from->text);
	from->count = 0;
}

char *
diag_take(struct diag *d)
{
	char *s;

	if (d->text.len == 0) {
		d->count = 0;
		return NULL;
	}
	if (d->text.data[d->text.len - 1] == '\n')
		d->text.data[--d->text.len] = '\0';
	s = xstrdup(d->text.data);
	buf_free(&d->text);
	d->count = 0;
	return s;
}

void
diag_free(struct diag *d)
{
	buf_free(&d->text);
	d->count = 0;
}
