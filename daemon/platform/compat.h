/*
 * compat — C library functions some platforms lack.
 *
 * glibc has memmem and memrchr (with _GNU_SOURCE); msvcrt has neither.
 * compat.c carries portable versions under their own names, compiled
 * everywhere so the tests can hold them against the C library's; on a
 * platform without the originals the usual names map to them.
 */
#ifndef SYNCWATCH_COMPAT_H
#define SYNCWATCH_COMPAT_H

#include <stddef.h>
#include <string.h>

void	*compat_memmem(const void *hay, size_t hlen, const void *needle,
	    size_t nlen);
void	*compat_memrchr(const void *s, int c, size_t n);

#ifdef _WIN32
#define memmem	compat_memmem
#define memrchr	compat_memrchr
#endif

#endif
