/*
 * sigdb-int — shared by sigdb.c and sigload.c: not for use outside match/.
 */
#ifndef SYNCWATCH_SIGDB_INT_H
#define SYNCWATCH_SIGDB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "match/sigdb.h"

/* Free n strings of v, and v. */
void	sigdb_free_words(char **v, size_t n);
/* Free what a signature owns (not the struct). */
void	sigdb_free_fields(struct signature *);

/* s without the white space around it (cut in place). */
char	*sigdb_trim(char *s);

/*
 * The value parsers the .sig language and the .local overrides share;
 * each returns 0, or -1 for a bad value.  A positive duration; a count
 * from 1; "N within DURATION" (N at least 2; v is cut); "SEVERITY after
 * N hits" or "SEVERITY after DURATION" (v is cut).
 */
struct sig_escalation;
int	sigdb_parse_duration(const char *s, int64_t *ms);
int	sigdb_parse_count(const char *s, int64_t *n);
int	sigdb_parse_threshold(char *v, int64_t *n, int64_t *ms);
int	sigdb_parse_escalation(char *v, struct sig_escalation *e);

/*
 * Apply the overrides of the *.local files in dir to db (before its
 * signatures are linked): disable signatures (they leave db->sigs, and
 * their ids go to db->disabled), change severity and rules.  Problems go
 * to errors as FILE:LINE.
 */
struct diag;
void	sigover_apply(struct sigdb *db, const char *dir, struct diag *errors);

#endif
