/*
 * words — split a line into `name` and `name=value` words.
 *
 * The sample annotations (`#> match ID site=S02 path="C:\Program Files"`)
 * and the timeline steps (`source despool format=configmgr`) share this
 * syntax: words separated by white space, a value after '=' either bare
 * (up to the next space) or "quoted", with \" and \\ escaped inside.
 */
#ifndef SYNCWATCH_WORDS_H
#define SYNCWATCH_WORDS_H

#include <stddef.h>

struct word {
	char		*name;
	char		*value;		/* NULL: a bare word */
};

struct words {
	struct word	*w;
	size_t		 n;
};

/*
 * Split p into words.  0, or -1 (nothing kept) on bad quoting or an
 * empty name.
 */
int	words_split(const char *p, struct words *);
void	words_free(struct words *);

#endif
