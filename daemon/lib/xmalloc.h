/*
 * xmalloc — allocators that cannot fail.
 *
 * Out of memory is the one condition the daemon does not try to survive: each
 * of these calls fatalx() rather than return NULL, so callers need no checks.
 * xfree(NULL) is a no-op, as free(NULL) is.
 */
#ifndef SYNCWATCH_XMALLOC_H
#define SYNCWATCH_XMALLOC_H

#include <stddef.h>
#include <stdlib.h>

#include "lib/attr.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
int	 xasprintf(char **, const char *, ...)
	    PRINTFLIKE(2, 3);
#define xfree(p) free(p)

#endif
