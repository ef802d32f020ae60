/*
 * buf — a growable byte buffer.
 *
 * The bytes are always followed by a NUL that is not counted in len, so the
 * contents can be handed to C string functions when they hold no NUL.  A
 * zeroed struct buf is a valid empty buffer; buf_free releases the storage
 * and leaves the buffer empty and reusable.
 */
#ifndef SYNCWATCH_BUF_H
#define SYNCWATCH_BUF_H

#include <stddef.h>

#include "lib/attr.h"

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	buf_reserve(struct buf *, size_t extra);
void	buf_append(struct buf *, const void *, size_t);
void	buf_putc(struct buf *, int);
void	buf_puts(struct buf *, const char *);
void	buf_printf(struct buf *, const char *, ...)
	    PRINTFLIKE(2, 3);
void	buf_reset(struct buf *);
void	buf_free(struct buf *);
const char *buf_cstr(struct buf *);

#endif
