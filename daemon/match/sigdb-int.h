/*
 * sigdb-int — shared by sigdb.c and sigload.c: not for use outside match/.
 */
#ifndef SYNCWATCH_SIGDB_INT_H
#define SYNCWATCH_SIGDB_INT_H

#include <stddef.h>

#include "match/sigdb.h"

/* Free n strings of v, and v. */
void	sigdb_free_words(char **v, size_t n);
/* Free what a signature owns (not the struct). */
void	sigdb_free_fields(struct signature *);

#endif
