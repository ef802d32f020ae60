/*
 * timefmt — civil dates and times, in UTC, without the C library's time
 * zone machinery.
 *
 * syncwatch keeps every time as milliseconds since the epoch, UTC.  This
 * module converts between that and a broken-down date (the log decoders
 * build record times from the fields they parse), prints the one textual
 * form the product shows (ISO 8601, "2016-08-22T11:15:01.917Z") and parses
 * it back (the API's since=, the timelines' at).  It is plain arithmetic
 * (Hinnant's days-from-civil), so it behaves the same on every platform
 * and for every year from 1970 to 9999.
 */
#ifndef SYNCWATCH_TIMEFMT_H
#define SYNCWATCH_TIMEFMT_H

#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t	timefmt_days(int64_t y, int m, int d);
int	timefmt_days_in_month(int64_t y, int m);

/*
 * A broken-down time (1970..9999; seconds up to 60 for a leap second) to
 * milliseconds.  0, or -1 if a field is out of range.
 */
int	timefmt_civil_ms(int y, int mo, int d, int h, int mi, int s, int ms,
	    int64_t *out);

/* Format ms as YYYY-MM-DDTHH:MM:SS.mmmZ into out[32]. */
void	timefmt_iso(int64_t ms, char out[32]);

/*
 * Parse YYYY-MM-DDTHH:MM:SS, an optional fraction (any digits; the first
 * three count) and a 'Z' (required with TIMEFMT_NEED_Z); with
 * TIMEFMT_EPOCH_MS a plain number of epoch milliseconds is accepted too.
 * Fields are range-checked.  0, or -1.
 */
#define TIMEFMT_NEED_Z		0x1
#define TIMEFMT_EPOCH_MS	0x2
int	timefmt_parse_iso(const char *s, int flags, int64_t *ms);

#endif
