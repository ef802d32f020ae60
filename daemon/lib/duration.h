/*
 * duration — the one duration syntax of syncwatch.
 *
 * The configuration (quiet = 2s), the signatures (within = 1h, threshold =
 * 3 within 20m) and the timelines (at +90s) all write durations the same
 * way: a number and a unit (ms, s, m, h, d), several of them summed
 * ("1h30m"), or a bare number of seconds (a fraction is allowed).  Notes
 * and messages print them back in the largest whole unit.
 */
#ifndef SYNCWATCH_DURATION_H
#define SYNCWATCH_DURATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse s into milliseconds.  0, or -1 for a malformed or negative value
 * or one that does not fit: duration_parse keeps to an int64_t,
 * duration_parse_int to an int (under 24.8 days).
 */
int	duration_parse(const char *s, int64_t *ms);
int	duration_parse_int(const char *s, int *ms);

/* "90s", "30m", "8h", "2d", "250ms": ms in its largest whole unit. */
const char *duration_format(int64_t ms, char *buf, size_t len);

#endif
