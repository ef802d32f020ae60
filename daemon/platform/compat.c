/*
 * compat — portable memmem and memrchr; see compat.h.
 */
#include "platform/compat.h"

void *
compat_memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char *h = hay, *n = needle, *p, *end;

	if (nlen == 0)
		return (void *)hay;
	if (hlen < nlen)
		return NULL;
	end = h + hlen - nlen;
	for (p = h; p <= end; p++) {
		p = memchr(p, n[0], (size_t)(end - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, n, nlen) == 0)
			return (void *)p;
	}
	return NULL;
}

void *
compat_memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n-- > 0)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
